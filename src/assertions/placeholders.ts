// What a documented sample value says about a field: documentation placeholders ("string", "integer",
// "string(date-time)", 0, [integer]) and sample values are read as types, and a response value is checked against one.

/** A type as the documentation implies it: JSON types plus string formats (`string(date-time)`, `string(uri)`). */
export type DocType = string;

const PLACEHOLDER = /^(string|integer|number|boolean|object|array)(\((date-time|date|uri|email|[\w-]+)\))?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The type a documentation placeholder names (`"integer"` -> integer), or undefined for an ordinary value. */
export function placeholderType(v: unknown): DocType | undefined {
  if (typeof v !== 'string') return undefined;
  const m = PLACEHOLDER.exec(v);
  if (!m) return undefined;
  return m[2] && m[1] !== 'string' ? m[1] : v;
}

export function isPlaceholder(v: unknown): boolean {
  return placeholderType(v) !== undefined;
}

/**
 * The type a documented leaf stands for. A placeholder names it; a sample number stands for any JSON number (docs
 * write `"lat": 0` and `"id": 0` alike; integer-ness is the schema's job); a sample timestamp stands for a date-time.
 */
export function docTypeOf(example: unknown): DocType {
  const p = placeholderType(example);
  if (p) return p;
  if (example === null) return 'null';
  if (Array.isArray(example)) return 'array';
  if (typeof example === 'number') return 'number';
  if (typeof example === 'string' && isRfc3339(example)) return 'string(date-time)';
  return typeof example;
}

export function isRfc3339(s: string): boolean {
  return RFC3339.test(s) && !Number.isNaN(Date.parse(s));
}

/** JSON type of a response value, `integer` for whole numbers (as the docs and JSON Schema name them). */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Does a response value have the documented type (and format, where one is named)? */
export function satisfies(type: DocType, v: unknown): boolean {
  const fmt = /^string\((.+)\)$/.exec(type);
  if (fmt) return typeof v === 'string' && formatOk(fmt[1]!, v);
  switch (type) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    default:
      return jsonType(v) === type || (type === 'number' && jsonType(v) === 'integer');
  }
}

function formatOk(format: string, v: string): boolean {
  switch (format) {
    case 'date-time':
      return isRfc3339(v);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v);
    case 'uri':
      return URL.canParse(v);
    default:
      return true;
  }
}

/** How a mismatching value is described: its type, or the value itself when only its format is wrong. */
export function describeActual(type: DocType, v: unknown): string {
  const base = type.replace(/\(.*\)$/, '');
  const t = jsonType(v);
  if (base === 'string' && t === 'string') return JSON.stringify(v);
  return t;
}
