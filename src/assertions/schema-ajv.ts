// JSON Schemas from files (optionally `file.json#/definitions/X`) or inline, compiled with ajv (all errors, formats,
// custom errorMessage) once per process. A file that is missing, not JSON or not a valid schema is an error value.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import ajvErrorsModule from 'ajv-errors';
import { cjsDefault } from '../util/interop.js';

const addFormats = cjsDefault(addFormatsModule);
const ajvErrors = cjsDefault(ajvErrorsModule);

export type Compiled = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

const cache = new Map<string, Compiled>();

function newAjv(): Ajv {
  // strict: false tolerates vendor keywords (x-kubernetes-*, nullable); the meta-schema check still rejects invalid schemas.
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: true, verbose: true });
  addFormats(ajv);
  ajvErrors(ajv);
  return ajv;
}

/** A schema file, optionally narrowed by a JSON pointer fragment (`#/definitions/Status`). */
export function compileFile(abs: string, fragment: string | undefined): Compiled {
  const key = `${abs}#${fragment ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const compiled = compileFileUncached(abs, fragment);
  cache.set(key, compiled);
  return compiled;
}

function compileFileUncached(abs: string, fragment: string | undefined): Compiled {
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(abs, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, error: err.code === 'ENOENT' ? `no such schema file ${abs}` : `schema file ${abs} is not JSON: ${err.message}` };
  }
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return { ok: false, error: `${abs} is not a valid JSON Schema: a schema is a JSON object` };
  const id = typeof (schema as { $id?: unknown }).$id === 'string' ? (schema as { $id: string }).$id : pathToFileURL(abs).href;
  try {
    const ajv = newAjv();
    ajv.addSchema({ ...schema, $id: id });
    const validate = ajv.compile({ $ref: `${id}${fragment ? `#${fragment}` : ''}` });
    return { ok: true, validate };
  } catch (e) {
    return { ok: false, error: `${abs}${fragment ? `#${fragment}` : ''} is not a valid JSON Schema: ${(e as Error).message}` };
  }
}

/** An inline schema from the scenario; cached by its text. */
export function compileInline(schema: unknown): Compiled {
  const key = `inline:${JSON.stringify(schema)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let compiled: Compiled;
  try {
    compiled = { ok: true, validate: newAjv().compile(schema as object) };
  } catch (e) {
    compiled = { ok: false, error: `the inline schema is not a valid JSON Schema: ${(e as Error).message}` };
  }
  cache.set(key, compiled);
  return compiled;
}

export type { ErrorObject };
