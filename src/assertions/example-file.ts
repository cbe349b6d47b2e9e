// Documented example files: `{ "provenance": {...}, "example": <json> }` (what `vouch import-example` writes) or
// bare JSON. Each file is read once per process; a file that cannot be read is an error value, not an exception.
import { readFileSync } from 'node:fs';
import { getField, missing, parsePointer, type Missing } from '../util/field-path.js';

export interface Provenance {
  source?: string;
  section?: string;
  block?: string;
  [key: string]: unknown;
}

export interface ExampleFile {
  path: string;
  provenance?: Provenance;
  example: unknown;
}

export type LoadedExample = { ok: true; file: ExampleFile } | { ok: false; error: string };

const cache = new Map<string, LoadedExample>();

function isWrapped(v: unknown): v is { provenance: Provenance; example: unknown } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'example' in v && 'provenance' in v;
}

export function loadExampleFile(abs: string): LoadedExample {
  const hit = cache.get(abs);
  if (hit) return hit;
  let loaded: LoadedExample;
  try {
    const doc: unknown = JSON.parse(readFileSync(abs, 'utf8'));
    loaded = { ok: true, file: isWrapped(doc) ? { path: abs, provenance: doc.provenance, example: doc.example } : { path: abs, example: doc } };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    loaded = { ok: false, error: err.code === 'ENOENT' ? `no such file ${abs}` : `cannot read ${abs}: ${err.message}` };
  }
  cache.set(abs, loaded);
  return loaded;
}

/** The part of an example a JSON pointer names (relative to the `example` payload of a wrapped file). */
export function examplePart(file: ExampleFile, pointer: string | undefined): unknown | Missing {
  if (!pointer) return file.example;
  let cur: unknown = file.example;
  // parsePointer reads `/200` as an index; an object's key `200` is a string.
  for (const seg of parsePointer(pointer)) {
    cur = getField(cur, [Array.isArray(cur) ? seg : String(seg)]);
    if (cur === missing) return missing;
  }
  return cur;
}
