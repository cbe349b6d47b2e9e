// Checks the files a scenario refers to (request bodies, schemas, examples): they exist, parse as JSON,
// and stay inside the project, so a suite cannot read arbitrary files from the machine that runs it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic, Scenario } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { locate } from './yaml-source.js';

export interface FileRef {
  pointer: string;
  file: string;
}

export function fileRefs(s: Scenario): FileRef[] {
  const refs: FileRef[] = [];
  for (const step of [...s.setup, ...s.steps, ...s.teardown]) {
    if (step.request.jsonFile) refs.push({ pointer: `${step.pointer}/request/jsonFile`, file: step.request.jsonFile });
    const schema = step.expect['schema'];
    if (typeof schema === 'string' && !schema.startsWith('kubernetes:')) refs.push({ pointer: `${step.pointer}/expect/schema`, file: schema });
    else if (schema && typeof schema === 'object' && typeof (schema as { file?: unknown }).file === 'string') {
      refs.push({ pointer: `${step.pointer}/expect/schema/file`, file: (schema as { file: string }).file });
    }
    const example = step.expect['example'];
    if (typeof example === 'string') refs.push({ pointer: `${step.pointer}/expect/example`, file: example });
    else if (example && typeof example === 'object') refs.push({ pointer: `${step.pointer}/expect/example/file`, file: (example as { file: string }).file });
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
    if (!existsSync(abs)) {
      out.push(diag('missing-file', `'${ref.file}' does not exist (looked for ${abs})`, { location, hint: 'fix the path; it is relative to the scenario file' }));
      continue;
    }
    try {
      JSON.parse(readFileSync(abs, 'utf8'));
    } catch (e) {
      out.push(diag('bad-json-file', `'${ref.file}' is not valid JSON: ${(e as Error).message}`, { location, hint: 'referenced bodies, schemas and examples are JSON files' }));
    }
  }
  return out;
}
