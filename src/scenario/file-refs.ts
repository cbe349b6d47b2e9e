// Checks the files a scenario refers to (request bodies, schemas, examples): they exist, parse as JSON,
// and stay inside the project, so a suite cannot read arbitrary files from the machine that runs it.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { Ajv } from 'ajv';
import type { Diagnostic, Scenario } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { locate } from './yaml-source.js';

export interface FileRef {
  pointer: string;
  file: string;
  kind: 'body' | 'schema' | 'example';
}

export function fileRefs(s: Scenario): FileRef[] {
  const refs: FileRef[] = [];
  for (const step of [...s.setup, ...s.steps, ...s.teardown]) {
    if (step.request.jsonFile) refs.push({ pointer: `${step.pointer}/request/jsonFile`, file: step.request.jsonFile, kind: 'body' });
    const schema = step.expect['schema'];
    if (typeof schema === 'string' && !schema.startsWith('kubernetes:')) refs.push({ pointer: `${step.pointer}/expect/schema`, file: schema, kind: 'schema' });
    else if (schema && typeof schema === 'object' && typeof (schema as { file?: unknown }).file === 'string') {
      refs.push({ pointer: `${step.pointer}/expect/schema/file`, file: (schema as { file: string }).file, kind: 'schema' });
    }
    const example = step.expect['example'];
    if (typeof example === 'string') refs.push({ pointer: `${step.pointer}/expect/example`, file: example, kind: 'example' });
    else if (example && typeof example === 'object') refs.push({ pointer: `${step.pointer}/expect/example/file`, file: (example as { file: string }).file, kind: 'example' });
  }
  return refs;
}

/** Resolves a reference relative to the scenario file; `#/pointer` suffixes are kept out of the path. */
export function resolveRef(s: Scenario, ref: string): string {
  const path = ref.split('#')[0]!;
  return resolve(dirname(s.file), path);
}

export function checkFileRefs(s: Scenario, projectRoot: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ref of fileRefs(s)) {
    const location = locate(s.locations, ref.pointer);
    const abs = resolveRef(s, ref.file);
    const rel = relative(resolve(projectRoot), abs);
    if (isAbsolute(ref.file.split('#')[0]!) || rel.startsWith('..') || isAbsolute(rel)) {
      out.push(diag('path-escapes', `'${ref.file}' points outside the project (${projectRoot})`, { location, hint: 'keep referenced files inside the project, relative to the scenario file' }));
      continue;
    }
    const file = readChecked(abs, ref.kind);
    if (file === undefined) {
      out.push(diag('missing-file', `'${ref.file}' does not exist (looked for ${abs})`, { location, hint: 'fix the path; it is relative to the scenario file' }));
      continue;
    }
    if (file.badJson !== undefined) {
      out.push(diag('bad-json-file', `'${ref.file}' is not valid JSON: ${file.badJson}`, { location, hint: 'referenced bodies, schemas and examples are JSON files' }));
      continue;
    }
    if (file.badSchema) out.push(diag('bad-schema-file', `'${ref.file}' is not a valid JSON Schema: ${file.badSchema}`, { location, hint: 'fix the schema file (https://json-schema.org/understanding-json-schema/); the check needs a valid schema to judge anything' }));
  }
  return out;
}

interface CheckedFile {
  stamp: string;
  badJson?: string;
  badSchema?: string;
}

/**
 * What is wrong with a referenced file (undefined: it does not exist), read and checked once per version of the
 * file: a thousand scenarios sharing one schema had it read, parsed and checked against the meta-schema each time.
 */
const checked = new Map<string, CheckedFile>();

function readChecked(abs: string, kind: FileRef['kind']): CheckedFile | undefined {
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st) return undefined;
  const key = `${kind}:${abs}`;
  const stamp = `${st.mtimeMs}:${st.size}`;
  const hit = checked.get(key);
  if (hit?.stamp === stamp) return hit;
  let entry: CheckedFile;
  try {
    const value: unknown = JSON.parse(readFileSync(abs, 'utf8'));
    entry = { stamp, badSchema: kind === 'schema' ? schemaProblem(value) : undefined };
  } catch (e) {
    entry = { stamp, badJson: (e as Error).message };
  }
  checked.set(key, entry);
  return entry;
}

let metaAjv: Ajv | undefined;

/** What the JSON Schema meta-schema says is wrong with a schema (draft-07, the checks' default); undefined when it is valid. */
function schemaProblem(schema: unknown): string | undefined {
  if (typeof schema === 'boolean') return undefined;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return 'a schema is a JSON object';
  metaAjv ??= new Ajv({ strict: false });
  try {
    if (metaAjv.validateSchema(schema as object)) return undefined;
  } catch {
    // A `$schema` this Ajv has no meta-schema for: the check itself decides at run time.
    return undefined;
  }
  const e = metaAjv.errors?.[0];
  return e ? `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''}` : 'it does not match the JSON Schema meta-schema';
}
