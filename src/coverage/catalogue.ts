// The behaviour catalogue: every testable behaviour the documents describe (operations, parameters, response codes,
// fields, constraints, permissions, errors, validation rules), each with an id, its document and section. Scenarios
// name what they check with `covers:`; this module reads the catalogue and joins the two.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { diag } from '../model/diagnostic.js';
import type { Diagnostic, Scenario } from '../model/types.js';
import { closedObject, eachOf, nonEmptyString } from '../util/json-schema.js';

export type BehaviourKind = 'operation' | 'parameter' | 'response-code' | 'response-field' | 'constraint' | 'permission' | 'error' | 'rule';

export interface Behaviour {
  id: string;
  doc: string;
  section: string;
  kind: BehaviourKind;
  /** The behaviour, in one sentence. */
  text: string;
  /** Why no scenario checks it (a behaviour without scenarios must say why). */
  notCovered?: string;
}

export interface Catalogue {
  file: string;
  title: string;
  behaviours: Behaviour[];
}

export interface CoverageRow {
  behaviour: Behaviour;
  scenarios: string[];
}

const KINDS: BehaviourKind[] = ['operation', 'parameter', 'response-code', 'response-field', 'constraint', 'permission', 'error', 'rule'];

const SCHEMA = {
  type: 'object',
  required: ['format', 'title', 'behaviours'],
  properties: {
    format: { const: 1 },
    title: { type: 'string' },
    behaviours: {
      type: 'array',
      items: closedObject(
        {
          id: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+$' },
          kind: { enum: KINDS },
          ...eachOf(['doc', 'section', 'text', 'notCovered'], nonEmptyString),
        },
        ['id', 'doc', 'section', 'kind', 'text'],
      ),
    },
  },
} as const;

/** Reads a catalogue file; a file that is not one is a Diagnostic naming it and what is wrong. */
export function readCatalogue(file: string): { catalogue?: Catalogue; diagnostics: Diagnostic[] } {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return {
      diagnostics: [
        diag('behaviours', `${file}: not a readable JSON behaviour catalogue: ${(e as Error).message}`, {
          hint: 'write { "format": 1, "title": ..., "behaviours": [{ "id", "doc", "section", "kind", "text" }] }',
        }),
      ],
    };
  }
  const validate = new Ajv({ allErrors: false }).compile(SCHEMA);
  if (!validate(value)) {
    const e = validate.errors?.[0];
    return {
      diagnostics: [
        diag('behaviours', `${file}: ${e?.instancePath || '(top level)'} ${e?.message ?? 'is invalid'}`, { hint: `kinds are ${KINDS.join(', ')}` }),
      ],
    };
  }
  const catalogue = { file, ...(value as Omit<Catalogue, 'file'>) };
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const b of catalogue.behaviours) {
    if (seen.has(b.id)) diagnostics.push(diag('behaviours', `${file}: behaviour id ${b.id} is given twice`, { hint: 'give each behaviour its own id' }));
    seen.add(b.id);
  }
  return { catalogue, diagnostics };
}

/** Each behaviour with the scenarios that cover it; ids that scenarios name but the catalogue lacks are errors. */
export function joinCoverage(catalogue: Catalogue, scenarios: readonly Scenario[]): { rows: CoverageRow[]; diagnostics: Diagnostic[] } {
  const known = new Set(catalogue.behaviours.map((b) => b.id));
  const diagnostics: Diagnostic[] = [];
  for (const s of scenarios) {
    s.covers.forEach((id, i) => {
      if (!known.has(id))
        diagnostics.push(
          diag('unknown-behaviour', `scenario ${s.id} covers ${id}, which ${catalogue.file} does not list`, {
            location: s.locations.get(`/covers/${i}`),
            hint: 'add the behaviour to the catalogue, or fix the id',
          }),
        );
    });
  }
  const rows = catalogue.behaviours.map((behaviour) => ({ behaviour, scenarios: scenarios.filter((s) => s.covers.includes(behaviour.id)).map((s) => s.id) }));
  return { rows, diagnostics };
}
