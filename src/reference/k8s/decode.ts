// Decoding a JSON body into a known Kubernetes object: unknown fields are dropped and reported (the server
// turns them into Warning headers or a strict-decoding 400), primitive types checked, times normalised, keys ordered.

import { isObject, jsonTypeName, type Json, type JsonObject } from '../json.js';
import type { Shape, StructShape } from './schema.js';

export class DecodeError extends Error {}

export interface Decoded {
  object: JsonObject;
  /** Paths of dropped unknown fields, e.g. `metadata.enable`, `spec.containers[0].foo`. */
  unknown: string[];
}

const GO_TYPES: Record<string, string> = { str: 'string', int: 'int64', bool: 'bool', num: 'float64' };
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

interface Walk {
  unknown: string[];
  /** The Go type of the innermost struct, as Go's decoder names it in type errors. */
  goType: string;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function mismatch(value: Json, path: string, walk: Walk, goType: string): DecodeError {
  const field = path.replace(/\[\d+\]/g, '');
  return new DecodeError(`json: cannot unmarshal ${jsonTypeName(value)} into Go struct field ${walk.goType}.${field} of type ${goType}`);
}

/** An RFC 3339 time as metav1.Time serialises it: UTC, whole seconds. */
export function normaliseTime(value: string): string | undefined {
  if (!RFC3339.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : `${date.toISOString().slice(0, 19)}Z`;
}

function decodeTime(value: Json, optional: boolean, path: string, walk: Walk): Json | undefined {
  if (value === null) return optional ? undefined : null;
  if (typeof value !== 'string') return mismatchThrow(value, path, walk, 'metav1.Time');
  const time = normaliseTime(value);
  if (time === undefined) {
    throw new DecodeError(`parsing time "${value}" as "2006-01-02T15:04:05Z07:00": cannot parse "${value}" as "2006"`);
  }
  return time;
}

function mismatchThrow(value: Json, path: string, walk: Walk, goType: string): never {
  throw mismatch(value, path, walk, goType);
}

function decodePrimitive(value: Json, shape: string, path: string, walk: Walk): Json | undefined {
  if (shape === 'any') return value;
  if (shape === 'time' || shape === 'time?') return decodeTime(value, shape === 'time?', path, walk);
  if (value === null) return undefined;
  const ok =
    (shape === 'str' && typeof value === 'string') ||
    (shape === 'int' && typeof value === 'number' && Number.isInteger(value)) ||
    (shape === 'num' && typeof value === 'number') ||
    (shape === 'bool' && typeof value === 'boolean');
  return ok ? value : mismatchThrow(value, path, walk, GO_TYPES[shape] ?? shape);
}

function decodeStruct(value: Json, shape: StructShape, path: string, walk: Walk): JsonObject | undefined {
  if (value === null) return undefined;
  if (!isObject(value)) return mismatchThrow(value, path, walk, shape.goType);
  const inner: Walk = { unknown: walk.unknown, goType: shape.goType };
  const out: JsonObject = {};
  for (const [key, fieldShape] of Object.entries(shape.fields)) {
    if (!(key in value)) {
      if (fieldShape === 'time') out[key] = null;
      continue;
    }
    const decoded = decodeValue(value[key]!, fieldShape, join(path, key), inner);
    if (decoded !== undefined) out[key] = decoded;
  }
  for (const key of Object.keys(value)) {
    if (!(key in shape.fields)) walk.unknown.push(join(path, key));
  }
  return out;
}

function decodeValue(value: Json, shape: Shape, path: string, walk: Walk): Json | undefined {
  if (typeof shape === 'string') return decodePrimitive(value, shape, path, walk);
  if (shape.kind === 'struct') return decodeStruct(value, shape, path, walk);
  if (value === null) return undefined;
  if (shape.kind === 'list') {
    if (!Array.isArray(value)) return mismatchThrow(value, path, walk, `[]${describe(shape.of)}`);
    return value.map((item, i) => decodeValue(item, shape.of, `${path}[${i}]`, walk) ?? null);
  }
  if (!isObject(value)) return mismatchThrow(value, path, walk, `map[string]${describe(shape.of)}`);
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    const decoded = decodeValue(item, shape.of, join(path, key), walk);
    if (decoded !== undefined) out[key] = decoded;
  }
  return out;
}

function describe(shape: Shape): string {
  if (typeof shape === 'string') return GO_TYPES[shape] ?? 'interface {}';
  return shape.kind === 'struct' ? shape.goType : 'interface {}';
}

/** Decodes a whole object against its top-level shape. Throws DecodeError on a wrongly typed field. */
export function decodeObject(value: Json, shape: StructShape): Decoded {
  if (!isObject(value)) {
    throw new DecodeError(`json: cannot unmarshal ${jsonTypeName(value)} into Go value of type ${shape.goType}`);
  }
  const walk: Walk = { unknown: [], goType: shape.goType };
  const object = decodeStruct(value, shape, '', walk) ?? {};
  return { object, unknown: walk.unknown };
}
