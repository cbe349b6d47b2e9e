// A value for a schema, for a request `vouch init` writes where the document gives no example: the schema's own
// example, default, first enum value or const, else a value of its type (an object with its required properties, or
// with all of them when none is required; read-only properties are left out of what is sent).
import { deref, isObj, type OpenApiDoc } from './openapi.js';

const FORMATS: Record<string, unknown> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  email: 'user@example.com',
  uri: 'https://example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
};

export function sampleOf(doc: OpenApiDoc, schema: unknown, depth = 0): unknown {
  const s = deref(doc, schema);
  if (!isObj(s) || depth > 8) return null;
  for (const key of ['example', 'default', 'const']) if (key in s) return s[key];
  if (Array.isArray(s['examples']) && s['examples'].length) return s['examples'][0];
  if (Array.isArray(s['enum']) && s['enum'].length) return s['enum'][0];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const parts = s[key];
    if (!Array.isArray(parts) || parts.length === 0) continue;
    if (key !== 'allOf') return sampleOf(doc, parts[0], depth + 1);
    return parts.map((p) => sampleOf(doc, p, depth + 1)).reduce((a, b) => (isObj(a) && isObj(b) ? Object.assign(a, b) : b), {});
  }
  const type = Array.isArray(s['type']) ? s['type'].find((t) => t !== 'null') : s['type'];
  if (type === 'object' || (type === undefined && isObj(s['properties']))) return objectSample(doc, s, depth);
  if (type === 'array') return [sampleOf(doc, s['items'], depth + 1)];
  if (type === 'integer') return typeof s['minimum'] === 'number' ? Math.ceil(s['minimum']) : 1;
  if (type === 'number') return typeof s['minimum'] === 'number' ? s['minimum'] : 1;
  if (type === 'boolean') return false;
  if (type === 'string') return FORMATS[String(s['format'])] ?? 'string';
  return null;
}

function objectSample(doc: OpenApiDoc, s: Record<string, unknown>, depth: number): Record<string, unknown> {
  const props = isObj(s['properties']) ? s['properties'] : {};
  const required = Array.isArray(s['required']) ? s['required'].filter((r): r is string => typeof r === 'string') : [];
  const names = (required.length ? required : Object.keys(props)).filter((n) => {
    const p = deref(doc, props[n]);
    return !(isObj(p) && p['readOnly'] === true);
  });
  return Object.fromEntries(names.map((n) => [n, sampleOf(doc, props[n], depth + 1)]));
}

/** The property names a response schema declares (through $ref and allOf), to find what identifies a created object. */
export function propertiesOf(doc: OpenApiDoc, schema: unknown, depth = 0): string[] {
  const s = deref(doc, schema);
  if (!isObj(s) || depth > 8) return [];
  const own = isObj(s['properties']) ? Object.keys(s['properties']) : [];
  const parts = Array.isArray(s['allOf']) ? s['allOf'].flatMap((p) => propertiesOf(doc, p, depth + 1)) : [];
  return [...new Set([...own, ...parts])];
}
