// Reading a bundle's manifest.json as hostile input: its shape checked against a schema, and every path in it
// (the scenario paths, the cassette and result folders, the file list) canonical, relative and inside the bundle.
// Nothing in a manifest ever becomes an option: these paths are the only part of it `vouch verify` acts on.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { cjsDefault } from '../util/interop.js';
import { printable } from '../util/printable.js';
import { MANIFEST, type Manifest } from './bundle.js';
import { canonicalName, type TarEntry } from './tar.js';

const name = { type: 'string', minLength: 1, maxLength: 4096 };

const schema = {
  type: 'object',
  required: ['format', 'kind', 'vouchVersion', 'runId', 'createdAt', 'run', 'files'],
  properties: {
    format: { const: 1 },
    kind: { const: 'vouch-evidence-bundle' },
    vouchVersion: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+[0-9A-Za-z.+-]*$', maxLength: 64 },
    runId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
    createdAt: { type: 'string', format: 'date-time' },
    run: {
      type: 'object',
      required: ['mode', 'startedAt', 'targets', 'counts', 'paths', 'cassettes', 'results', 'strictSchema'],
      properties: {
        mode: { enum: ['live', 'record', 'replay', 'auto'] },
        startedAt: { type: 'string', format: 'date-time' },
        targets: { type: 'object', propertyNames: { pattern: '^[a-z][a-z0-9-]*$' }, additionalProperties: { type: 'string', maxLength: 4096 } },
        counts: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
        paths: { type: 'array', minItems: 1, maxItems: 100_000, items: name },
        cassettes: name,
        results: name,
        kubernetesVersion: { type: 'string', pattern: '^[0-9][0-9.]{0,15}$' },
        strictSchema: { type: 'boolean' },
        certification: {
          type: 'object',
          required: ['claim', 'declared', 'waiversAsOf', 'suitesDigest', 'pinnedDigest'],
          additionalProperties: false,
          properties: {
            claim: name,
            waivers: name,
            catalogue: name,
            waiversAsOf: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
            suitesDigest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
            pinnedDigest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
            declared: {
              type: 'object',
              required: ['options', 'extended'],
              additionalProperties: false,
              properties: {
                options: {
                  type: 'object',
                  propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' },
                  additionalProperties: {
                    type: 'object',
                    required: ['value', 'source'],
                    additionalProperties: false,
                    properties: { value: { type: 'boolean' }, source: { type: 'string', maxLength: 400 } },
                  },
                },
                extended: {
                  type: 'object',
                  propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' },
                  additionalProperties: {
                    type: 'object',
                    required: ['source'],
                    additionalProperties: false,
                    properties: { source: { type: 'string', maxLength: 400 } },
                  },
                },
              },
            },
          },
        },
      },
    },
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'sha256', 'size'],
        properties: { path: name, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, size: { type: 'integer', minimum: 0 } },
      },
    },
  },
};

// Compiled on first use: compiling at import cost every `vouch` command that loads this module.
let compiled: ValidateFunction | undefined;
function manifestValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  cjsDefault(addFormats)(ajv);
  return (compiled = ajv.compile(schema));
}

/** `run.startedAt: must match format "date-time" (got "...")`; the value is shortened, and printed escaped. */
function describeError(e: ErrorObject): string {
  const at =
    e.instancePath
      .slice(1)
      .split('/')
      .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i ? '.' : ''}${s}`))
      .join('') || 'the manifest';
  const got = typeof e.data === 'string' ? ` (got ${JSON.stringify(e.data.length > 200 ? `${e.data.slice(0, 200)}…` : e.data)})` : '';
  return `${at}: ${e.message ?? 'is invalid'}${got}`;
}

/** The first error of each field, at most three fields. */
function describeErrors(errors: ErrorObject[]): string[] {
  const first = new Map<string, ErrorObject>();
  for (const e of errors) if (!first.has(e.instancePath)) first.set(e.instancePath, e);
  return [...first.values()].slice(0, 3).map(describeError);
}

/** The manifest, or why it is refused (one line each, printable). */
export function checkManifest(entries: TarEntry[]): Manifest | string[] {
  const entry = entries.find((e) => e.path === MANIFEST);
  if (!entry) return [`the bundle has no ${MANIFEST}`];
  let parsed: unknown;
  try {
    parsed = JSON.parse(entry.data.toString('utf8'));
  } catch (e) {
    return [`${MANIFEST} is not JSON: ${(e as Error).message}`];
  }
  const validate = manifestValidator();
  if (!validate(parsed)) {
    const errors = describeErrors(validate.errors ?? []);
    return [`${MANIFEST} is not a valid evidence manifest: ${errors.join('; ')}`].map(printable);
  }
  const manifest = parsed as unknown as Manifest;
  const problems = [...fileListProblems(manifest), ...pathProblems(manifest, entries)];
  return problems.length ? problems.map(printable) : manifest;
}

function fileListProblems(m: Manifest): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  m.files.forEach((f, i) => {
    if (canonicalName(f.path) !== f.path || f.path === MANIFEST)
      out.push(`files[${i}].path: ${JSON.stringify(f.path)} is not a canonical path inside the bundle`);
    else if (seen.has(f.path.toLowerCase())) out.push(`files[${i}].path: ${JSON.stringify(f.path)} is listed twice`);
    seen.add(f.path.toLowerCase());
  });
  return out;
}

/** A relative, canonical folder or file name that cannot be read as an option. */
const inside = (p: string): boolean => canonicalName(p) === p && !p.startsWith('-') && p !== MANIFEST;

function pathProblems(m: Manifest, entries: TarEntry[]): string[] {
  const files = entries.map((e) => e.path);
  const under = (p: string, folder: string) => p === folder || p.startsWith(`${folder}/`);
  const isFolder = (p: string) => files.some((f) => f.startsWith(`${p}/`));
  const out: string[] = [];
  if (!inside(m.run.results) || !files.includes(`${m.run.results}/summary.json`)) {
    out.push(`run.results: '${m.run.results}' is not a folder inside the bundle that holds summary.json`);
  }
  if (!inside(m.run.cassettes) || files.includes(m.run.cassettes)) out.push(`run.cassettes: '${m.run.cassettes}' is not a folder inside the bundle`);
  const cert = m.run.certification;
  if (cert) {
    const listed = new Set(m.files.map((f) => f.path));
    if (!inside(cert.claim) || !listed.has(cert.claim)) out.push(`run.certification.claim: '${cert.claim}' is not a file of the bundle`);
    if (
      cert.waivers !== undefined &&
      (!inside(cert.waivers) || !listed.has(cert.waivers) || under(cert.waivers, m.run.cassettes) || under(cert.waivers, m.run.results))
    )
      out.push(`run.certification.waivers: '${cert.waivers}' is not a file of the bundle`);
    if (cert.catalogue !== undefined && (!inside(cert.catalogue) || !listed.has(cert.catalogue)))
      out.push(`run.certification.catalogue: '${cert.catalogue}' is not a file of the bundle`);
  }
  m.run.paths.forEach((p, i) => {
    const scenarioFile = /\.ya?ml$/i.test(p) && files.includes(p);
    const ok = inside(p) && (scenarioFile || isFolder(p)) && !under(p, m.run.results) && !under(p, m.run.cassettes);
    if (!ok) out.push(`run.paths[${i}]: '${p}' is not a scenario file or folder inside the bundle`);
  });
  return out;
}
