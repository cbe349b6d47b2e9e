// waivers.yaml: known deviations, each naming a scenario, the fingerprint of the exact failed checks it waives, a
// reason, a ticket and an expiry date. Read with positions, checked against a small schema; every problem is a
// located Diagnostic (the run stops with exit 2 before anything is sent).
import { existsSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { Diagnostic, SourceLocation } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { DEFAULT_FILE_BYTES, readBoundedFile } from '../util/bounded-file.js';
import { parseYamlFile, pointerToPath } from '../scenario/yaml-source.js';
import type { FingerprintCheck } from './fingerprint.js';
import { closedObject, nonEmptyString } from '../util/json-schema.js';

export interface Waiver {
  scenario: string;
  fingerprint: FingerprintCheck[];
  reason: string;
  ticket: string;
  /** The last day (YYYY-MM-DD, UTC) the waiver holds. */
  expires: string;
  /** Where the entry is written, for messages. */
  location?: SourceLocation;
}

export interface WaiverFile {
  /** The file as shown in messages and reports (relative to the project). */
  file: string;
  waivers: Waiver[];
}

export const WAIVERS_FILE = 'waivers.yaml';

const schema = {
  type: 'object',
  required: ['waivers'],
  additionalProperties: false,
  properties: {
    waivers: {
      type: 'array',
      items: closedObject(
        {
          scenario: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$' },
          reason: nonEmptyString,
          ticket: nonEmptyString,
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          fingerprint: {
            type: 'array',
            minItems: 1,
            items: closedObject(
              { step: { type: 'string' }, check: nonEmptyString, kind: nonEmptyString, path: { type: 'string' }, expected: {}, actual: nonEmptyString },
              ['step', 'check', 'kind', 'path', 'actual'],
            ),
          },
        },
        ['scenario', 'fingerprint', 'reason', 'ticket', 'expires'],
      ),
    },
  },
} as const;

const HINT = 'write the entry with `vouch waive SCENARIO --reason ... --ticket ... --expires YYYY-MM-DD` after a run where it failed';

/** A real calendar day: 2026-02-30 is not one. */
export function isDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Reads a waivers file; `required` makes a missing file an error (an explicit --waivers). */
export function readWaivers(file: string, shown: string, required: boolean): { waivers?: WaiverFile; diagnostics: Diagnostic[] } {
  if (!existsSync(file))
    return required
      ? { diagnostics: [diag('waivers', `waivers file ${shown} does not exist`, { hint: 'give --waivers a waivers.yaml, or leave it out' })] }
      : { diagnostics: [] };
  const read = readBoundedFile(file, DEFAULT_FILE_BYTES);
  if (!read.ok) return { diagnostics: [diag('waivers', `waivers file ${shown} ${read.message}`, { hint: 'waivers.yaml is a small regular YAML file' })] };
  const { docs, diagnostics } = parseYamlFile(file, read.text);
  if (diagnostics.length) return { diagnostics };
  const doc = docs[0];
  if (!doc || doc.value === null) return { waivers: { file: shown, waivers: [] }, diagnostics: [] };
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  if (!validate(doc.value)) {
    return {
      diagnostics: (validate.errors ?? []).slice(0, 5).map((e) => {
        const extra = e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '';
        const what = extra ? `unknown key '${extra.slice(1)}'` : (e.message ?? 'is invalid');
        return diag('waivers', `${pointerToPath(`${e.instancePath}${extra}`) || 'waivers'}: ${what}`, {
          location: doc.locations.locate(`${e.instancePath}${extra}`, extra !== '') ?? doc.start,
          hint: HINT,
        });
      }),
    };
  }
  const raw = (doc.value as { waivers: Omit<Waiver, 'location'>[] }).waivers;
  const out: Diagnostic[] = [];
  const waivers = raw.map((w, i) => {
    const location = doc.locations.locate(`/waivers/${i}`) ?? doc.start;
    if (!isDay(w.expires))
      out.push(
        diag('waivers', `waivers[${i}].expires: ${w.expires} is not a calendar day`, {
          location: doc.locations.locate(`/waivers/${i}/expires`) ?? location,
          hint: 'write the last day the waiver holds as YYYY-MM-DD',
        }),
      );
    return { ...w, location };
  });
  return out.length ? { diagnostics: out } : { waivers: { file: shown, waivers }, diagnostics: [] };
}
