// Checks the files a scenario refers to (request bodies, schemas, examples): they exist, are regular files within
// the size limit, parse as JSON, and stay inside the project once symbolic links are followed, so a suite cannot
// read arbitrary files from the machine that runs it, nor hang or exhaust it with a FIFO or a device.
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Ajv } from 'ajv';
import type { Diagnostic, Scenario, SourceLocation } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { escapePointer } from './yaml-source.js';
import { allSteps } from '../model/steps.js';
import { expectKinds, type ExpectFileRef } from '../model/expect-kind.js';
import { DEFAULT_FILE_BYTES, readBoundedFile, type FileProblem } from '../util/bounded-file.js';
import { schemaRefProblem } from './schema-refs.js';
import { parseSchemaDoc, schemaAjv, type SchemaDoc } from './schema-doc.js';

export interface FileRef {
  pointer: string;
  file: string;
  /** A request body or an example (`json`), or a schema: what the file must hold. */
  format: ExpectFileRef['format'];
}

/** The files a scenario reads: request bodies, and what each expectation kind refers to (model/expect-kind.ts). */
export function fileRefs(s: Scenario): FileRef[] {
  const refs: FileRef[] = [];
  const kinds = expectKinds();
  for (const step of allSteps(s)) {
    if (step.request.jsonFile) refs.push({ pointer: `${step.pointer}/request/jsonFile`, file: step.request.jsonFile, format: 'json' });
    for (const kind of kinds) {
      if (!(kind.key in step.expect)) continue;
      const at = `${step.pointer}/expect/${escapePointer(kind.key)}`;
      for (const r of kind.fileRefs?.(step.expect[kind.key]) ?? []) refs.push({ pointer: `${at}${r.pointer}`, file: r.file, format: r.format });
    }
  }
  return refs;
}

/** Resolves a reference relative to the scenario file; `#/pointer` suffixes are kept out of the path. */
export function resolveRef(s: Scenario, ref: string): string {
  const path = ref.split('#')[0]!;
  return resolve(dirname(s.file), path);
}

/** Where a reference really leads (symbolic links followed), or why it leads nowhere the suite may read. */
function realTarget(abs: string, projectRoot: string): { real: string } | { missing: true } | { outside: string } {
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return { missing: true };
  }
  let root = resolve(projectRoot);
  try {
    root = realpathSync(root);
  } catch {
    // a project folder that cannot be resolved: compare as written
  }
  const rel = relative(root, real);
  return rel.startsWith('..') || isAbsolute(rel) ? { outside: real } : { real };
}

const HINT_KIND = 'referenced bodies, schemas and examples are regular JSON files inside the project';

export function checkFileRefs(s: Scenario, projectRoot: string, maxBytes = DEFAULT_FILE_BYTES): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ref of fileRefs(s)) {
    const location = s.locations.locate(ref.pointer);
    const abs = resolveRef(s, ref.file);
    const rel = relative(resolve(projectRoot), abs);
    if (isAbsolute(ref.file.split('#')[0]!) || rel.startsWith('..') || isAbsolute(rel)) {
      out.push(
        diag('path-escapes', `'${ref.file}' points outside the project (${projectRoot})`, {
          location,
          hint: 'keep referenced files inside the project, relative to the scenario file',
        }),
      );
      continue;
    }
    const target = realTarget(abs, projectRoot);
    if ('outside' in target) {
      out.push(
        diag('path-escapes', `'${ref.file}' is a symbolic link to ${target.outside}, outside the project (${projectRoot})`, {
          location,
          hint: 'copy the file into the project instead of linking to it; a suite may read only files inside its project',
        }),
      );
      continue;
    }
    const file = 'missing' in target ? undefined : readChecked(target.real, ref.format, maxBytes);
    if (file === undefined || file.problem === 'missing') {
      out.push(
        diag('missing-file', `'${ref.file}' does not exist (looked for ${abs})`, { location, hint: 'fix the path; it is relative to the scenario file' }),
      );
      continue;
    }
    const problem = fileProblem(ref, file, location, maxBytes) ?? refProblem(ref, file, target, location);
    if (problem) out.push(problem);
  }
  return out;
}

function fileProblem(ref: FileRef, file: CheckedFile, location: SourceLocation | undefined, maxBytes: number): Diagnostic | undefined {
  if (file.problem === 'not-regular') return diag('not-a-file', `'${ref.file}' ${file.message}`, { location, hint: HINT_KIND });
  if (file.problem === 'too-large')
    return diag('file-too-large', `'${ref.file}' ${file.message}`, {
      location,
      hint: `make the file smaller, or raise limits.fileBytes in vouch.config.yaml (now ${maxBytes})`,
    });
  if (file.problem === 'unreadable') return diag('unreadable-file', `'${ref.file}' ${file.message}`, { location, hint: HINT_KIND });
  if (file.badYaml !== undefined)
    return diag('bad-schema-file', `'${ref.file}' is not valid YAML: ${file.badYaml}`, {
      location,
      hint: 'a schema file is JSON, or YAML (.yaml, .yml) such as an OpenAPI document; fix its syntax',
    });
  if (file.badJson !== undefined)
    return diag('bad-json-file', `'${ref.file}' is not valid JSON: ${file.badJson}`, {
      location,
      hint:
        ref.format === 'schema'
          ? 'a schema file is JSON, or YAML when its name ends in .yaml or .yml'
          : 'referenced bodies, schemas and examples are JSON files',
    });
  if (file.badSchema)
    return diag('bad-schema-file', `'${ref.file}' is not a valid JSON Schema: ${file.badSchema}`, {
      location,
      hint: 'fix the schema file (https://json-schema.org/understanding-json-schema/); the check needs a valid schema to judge anything',
    });
  return undefined;
}

/** A schema's `$ref` that the run could not resolve: Vouch never fetches schemas, and reads only the file itself. */
function refProblem(
  ref: FileRef,
  file: CheckedFile,
  target: { real: string } | { missing: true },
  location: SourceLocation | undefined,
): Diagnostic | undefined {
  if (ref.format !== 'schema' || !('real' in target)) return undefined;
  if (!file.schema) return undefined;
  const problem = schemaRefProblem(target.real, file.stamp, file.schema, ref.file.split('#')[1] || undefined);
  if (!problem) return undefined;
  return diag('unresolvable-ref', `'${ref.file}' cannot be compiled with its references: ${problem}`, {
    location,
    hint: 'Vouch never fetches schemas and reads only this file: copy what a remote or other-file $ref points at into it (under definitions) and refer to it as #/definitions/NAME',
  });
}

interface CheckedFile {
  stamp: string;
  /** The parsed schema document (schemas only), for the $ref check of each fragment used. */
  schema?: SchemaDoc;
  problem?: FileProblem;
  message?: string;
  badJson?: string;
  badYaml?: string;
  badSchema?: string;
}

/**
 * What is wrong with a referenced file, read and checked once per version of the file: a thousand scenarios
 * sharing one schema had it read, parsed and checked against the meta-schema each time.
 */
const checked = new Map<string, CheckedFile>();

function readChecked(real: string, format: FileRef['format'], maxBytes: number): CheckedFile {
  // stat does not open the file: it never blocks on a FIFO.
  const st = statSync(real, { throwIfNoEntry: false });
  if (!st) return { stamp: '', problem: 'missing' };
  const key = `${format}:${real}:${maxBytes}`;
  const stamp = `${st.mtimeMs}:${st.size}:${st.mode}`;
  const hit = checked.get(key);
  if (hit?.stamp === stamp) return hit;
  const read = readBoundedFile(real, maxBytes);
  let entry: CheckedFile;
  if (!read.ok) entry = { stamp, problem: read.problem, message: read.message };
  else if (format === 'schema') {
    const parsed = parseSchemaDoc(real, read.text, maxBytes);
    if ('error' in parsed) entry = parsed.yaml ? { stamp, badYaml: parsed.error } : { stamp, badJson: parsed.error };
    else entry = { stamp, schema: parsed.doc, badSchema: parsed.doc.openapi ? undefined : schemaProblem(parsed.doc) };
  } else {
    try {
      JSON.parse(read.text);
      entry = { stamp };
    } catch (e) {
      entry = { stamp, badJson: (e as Error).message };
    }
  }
  checked.set(key, entry);
  return entry;
}

const metaAjv = new Map<SchemaDoc['dialect'], Ajv>();

/** What the JSON Schema meta-schema of its dialect (draft-07, the checks' default, or 2020-12) says is wrong with a schema; undefined when it is valid. */
function schemaProblem(doc: SchemaDoc): string | undefined {
  const schema = doc.value;
  if (typeof schema === 'boolean') return undefined;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return 'a schema is a JSON object';
  const meta = metaAjv.get(doc.dialect) ?? schemaAjv(doc.dialect, { strict: false });
  metaAjv.set(doc.dialect, meta);
  try {
    if (meta.validateSchema(schema as object)) return undefined;
  } catch {
    // A `$schema` this Ajv has no meta-schema for: the check itself decides at run time.
    return undefined;
  }
  const e = meta.errors?.[0];
  return e
    ? `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''}`
    : 'it does not match the JSON Schema meta-schema';
}
