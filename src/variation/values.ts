// Value-level pieces of the variation model: Go zero values, RFC 3339 instants, JSON type families.
import { isDeepStrictEqual } from 'node:util';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Is the value what Go's encoding/json leaves out under omitempty (or renders as null): 0, "", false, null, [] or {}? */
export function isZeroValue(v: unknown): boolean {
  if (v === null || v === 0 || v === '' || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

export function isTimestamp(v: unknown): v is string {
  return typeof v === 'string' && RFC3339.test(v) && !Number.isNaN(Date.parse(v));
}

/** Two RFC 3339 renderings of the same instant (`...Z` and `...+00:00`, with or without `.000`). */
export function sameInstant(a: unknown, b: unknown): boolean {
  return isTimestamp(a) && isTimestamp(b) && a !== b && Date.parse(a) === Date.parse(b);
}

/** JSON type, with integers and other numbers as one family (1 and 1.5 differ in value, not in type). */
export function family(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}
