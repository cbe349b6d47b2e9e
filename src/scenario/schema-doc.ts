// Schema files as a suite refers to them: JSON Schema files, and OpenAPI documents in JSON or YAML whose schemas
// are reached with a pointer (`openapi.yaml#/components/schemas/Todo`). Decides each file's JSON Schema dialect
// (OpenAPI 3.0: draft-07 after its `nullable` and boolean exclusive bounds are rewritten; OpenAPI 3.1 and `$schema`
// 2020-12: 2020-12) and builds the Ajv that compiles it, with OpenAPI's formats. The loader and the schema check share it.
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import type { Ajv, Options } from 'ajv';
import { parseYamlFile } from './yaml-source.js';

// ajv and its compiler load on the first schema compiled, not with this module: a worker replaying scenarios whose
// schemas are all Kubernetes kinds (checked by kubernetes-models' precompiled validators) never needs them.
const require = createRequire(import.meta.url);

export type Dialect = 'draft-07' | '2020-12';

export interface SchemaDoc {
  /** The document, with OpenAPI 3.0's schema dialect already rewritten into JSON Schema. */
  value: unknown;
  dialect: Dialect;
  /** `3.0` or `3.1` for an OpenAPI document (the top is then no schema, only what pointers reach is). */
  openapi?: '3.0' | '3.1';
}

export const isYamlPath = (file: string): boolean => ['.yaml', '.yml'].includes(extname(file).toLowerCase());

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parses a schema file: YAML by its extension, JSON otherwise. `error` says why it cannot be read, `yaml` whether it was YAML. */
export function parseSchemaDoc(file: string, text: string, maxBytes: number): { doc: SchemaDoc } | { error: string; yaml: boolean } {
  let value: unknown;
  if (isYamlPath(file)) {
    const { docs, diagnostics } = parseYamlFile(file, text, maxBytes);
    const d = diagnostics[0];
    if (d) return { error: `${d.message}${d.location ? ` (line ${d.location.line}, column ${d.location.col})` : ''}`, yaml: true };
    value = docs[0]?.value ?? null;
  } else {
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { error: (e as Error).message, yaml: false };
    }
  }
  return { doc: describeSchemaDoc(value) };
}

export function describeSchemaDoc(value: unknown): SchemaDoc {
  const version = isObject(value) && typeof value['openapi'] === 'string' ? value['openapi'] : undefined;
  if (version?.startsWith('3.1')) return { value, dialect: '2020-12', openapi: '3.1' };
  if (version?.startsWith('3.0')) return { value: fromOpenApi30(value), dialect: 'draft-07', openapi: '3.0' };
  const declared = isObject(value) && typeof value['$schema'] === 'string' ? value['$schema'] : '';
  return { value, dialect: declared.includes('2020-12') ? '2020-12' : 'draft-07' };
}

/**
 * OpenAPI 3.0's schema objects in JSON Schema terms: `nullable: true` adds null to the type (and to an enum), or,
 * beside no `type` (an allOf or a $ref), allows null next to the rest; a boolean `exclusiveMinimum`/`exclusiveMaximum`
 * (draft-04's form) becomes the number form. `nullable: false` stays: it rules null out explicitly.
 */
export function fromOpenApi30(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromOpenApi30);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = fromOpenApi30(x);
  for (const [ex, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[ex] !== 'boolean') continue;
    if (out[ex] === true && typeof out[bound] === 'number') {
      out[ex] = out[bound];
      delete out[bound];
    } else delete out[ex];
  }
  if (out['nullable'] !== true) return out;
  delete out['nullable'];
  const type = out['type'];
  if (typeof type !== 'string' && !Array.isArray(type)) return { anyOf: [out, { type: 'null' }] };
  out['type'] = [...new Set([...(Array.isArray(type) ? type : [type]), 'null'])];
  if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
  return out;
}

const INT32 = 2 ** 31;

/** OpenAPI's formats: int32 and int64 are checked, the others only name a representation (and must not warn). */
function addOpenApiFormats(ajv: Ajv): void {
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  for (const name of ['float', 'double']) ajv.addFormat(name, { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  for (const name of ['binary', 'password']) ajv.addFormat(name, true);
}

/** An Ajv for the dialect: draft-07 (Ajv's default) or 2020-12, with OpenAPI's formats. */
export function schemaAjv(dialect: Dialect, options: Options): Ajv {
  const ajv =
    dialect === '2020-12'
      ? (new (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).Ajv2020(options) as unknown as Ajv)
      : new (require('ajv') as typeof import('ajv')).Ajv(options);
  addOpenApiFormats(ajv);
  return ajv;
}
