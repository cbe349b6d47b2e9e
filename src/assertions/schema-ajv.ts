// JSON Schemas from files (optionally `file.json#/definitions/X`, or an OpenAPI document in JSON or YAML with
// `openapi.yaml#/components/schemas/X`) or inline, compiled with ajv (all errors, formats, custom errorMessage) once
// per process. A file that is missing, unreadable or not a valid schema is an error value.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { parseSchemaDoc, schemaAjv, type Dialect } from '../scenario/schema-doc.js';
import { DEFAULT_FILE_BYTES } from '../util/bounded-file.js';
import { createRequire } from 'node:module';
import { cjsDefault } from '../util/interop.js';

// Loaded with the first schema compiled (scenario/schema-doc.ts loads ajv itself the same way).
const require = createRequire(import.meta.url);

export type Compiled = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

const cache = new Map<string, Compiled>();

function newAjv(dialect: Dialect = 'draft-07', validateSchema = true): Ajv {
  // strict: false tolerates vendor keywords (x-kubernetes-*, example, discriminator); the meta-schema check still rejects
  // invalid schemas (an OpenAPI document is no schema at its top: only what its pointers reach is compiled, and checked).
  const ajv = schemaAjv(dialect, { allErrors: true, strict: false, validateSchema, verbose: true });
  cjsDefault(require('ajv-formats') as typeof import('ajv-formats'))(ajv);
  cjsDefault(require('ajv-errors') as typeof import('ajv-errors'))(ajv);
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
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, error: err.code === 'ENOENT' ? `no such schema file ${abs}` : `schema file ${abs} cannot be read: ${err.message}` };
  }
  const parsed = parseSchemaDoc(abs, text, DEFAULT_FILE_BYTES);
  if ('error' in parsed) return { ok: false, error: `schema file ${abs} is not ${parsed.yaml ? 'valid YAML' : 'JSON'}: ${parsed.error}` };
  const { value: schema, dialect, openapi } = parsed.doc;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema))
    return { ok: false, error: `${abs} is not a valid JSON Schema: a schema is a JSON object` };
  const id = typeof (schema as { $id?: unknown }).$id === 'string' ? (schema as { $id: string }).$id : pathToFileURL(abs).href;
  try {
    const ajv = newAjv(dialect, openapi === undefined);
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
