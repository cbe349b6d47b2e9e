// The one JSON diff engine: where two JSON values differ, field by field, as json-diff finds it. Example diffs,
// relations (`patched`, `unchanged`), replay matching and `--check` drift all use it (test/architecture/diff-engine).
// json-diff's structured output is wrapped rather than read as is:
// - arrays are compared index by index (a documented element is positional; json-diff's fuzzy sequence matching is
//   not what a reviewer means), so they reach json-diff as objects keyed by index; a hole counts as an absent element;
// - every key is encoded, so that no field name can pass for one of json-diff's markers (`x__deleted`, `__old`) or
//   reach a prototype (`__proto__`), and an array never equals an object;
// - an array against an object, or a container against a scalar, is one changed value at that path;
// - the differences come depth first in document order (the left side's keys, then those only the right side has),
//   or, asked for, in json-diff's own order: at each level what the right side lacks, then what it adds, then changes.
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { cjsDefault } from './interop.js';
import { missing, type Missing, type Segment } from './field-path.js';

// json-diff (and its colour and difflib modules) loads with the first pair of values that differ: a replay compares
// every request with its recording, and a request that matches exactly needs no diff engine.
const require = createRequire(import.meta.url);
type JsonDiff = typeof import('json-diff').default;
let jsonDiffLib: JsonDiff | undefined;
const jsonDiff = (): JsonDiff => (jsonDiffLib ??= cjsDefault(require('json-diff') as JsonDiff));

/** `missing`: only the left side has the field; `unexpected`: only the right side has it; `changed`: both, unequal. */
export type DifferenceKind = 'missing' | 'unexpected' | 'changed';

export interface JsonDifference {
  path: Segment[];
  kind: DifferenceKind;
  /** The left (expected, recorded, stored) side's value there, as given; `missing` when absent. */
  left: unknown | Missing;
  /** The right (actual, sent, fresh) side's value there, as given; `missing` when absent. */
  right: unknown | Missing;
}

/** An encoded array carries this member, so that an array and an object never compare equal (encoded keys start with \u0000 or \u0001). */
const ARRAY = '\u0002array';
const member = (k: string): string => `\u0000${k}\u0000`;
const element = (i: string): string => `\u0001${i}\u0000`;

function isContainer(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

/** A copy with every key encoded, in objects without a prototype (json-diff tests keys with `in`). */
function encode(v: unknown): unknown {
  if (!isContainer(v)) return v;
  const o = Object.create(null) as Record<string, unknown>;
  if (Array.isArray(v)) {
    o[ARRAY] = true;
    v.forEach((x, i) => {
      o[element(String(i))] = encode(x);
    });
  } else {
    for (const [k, x] of Object.entries(v)) o[member(k)] = encode(x);
  }
  return o;
}

export interface DiffOrder {
  /** At each level, missing fields first, then unexpected ones, then changed ones (relations list them so). */
  grouped?: boolean;
}

/** Every path where two JSON values differ; none when they are equal. */
export function jsonDifferences(left: unknown, right: unknown, order: DiffOrder = {}): JsonDifference[] {
  const out: JsonDifference[] = [];
  // Equal values (same keys, same values, same prototypes) have no difference to find.
  if (isDeepStrictEqual(left, right)) return out;
  walk(jsonDiff().diff(encode(left), encode(right)), left, right, [], order, out);
  return out;
}

function keysOf(left: object, right: object, order: DiffOrder): string[] {
  const added = Object.keys(right).filter((k) => !Object.hasOwn(left, k));
  if (!order.grouped) return [...Object.keys(left), ...added];
  const kept = Object.keys(left).filter((k) => Object.hasOwn(right, k));
  return [...Object.keys(left).filter((k) => !Object.hasOwn(right, k)), ...added, ...kept];
}

/** Reads json-diff's result for one node (`undefined`: equal) alongside the two values it compared. */
function walk(node: unknown, left: unknown, right: unknown, path: Segment[], order: DiffOrder, out: JsonDifference[]): void {
  if (node === undefined) return;
  const arrays = Array.isArray(left);
  if (!isContainer(left) || !isContainer(right) || arrays !== Array.isArray(right)) {
    out.push({ path, kind: 'changed', left, right });
    return;
  }
  const changed = node as Record<string, unknown>;
  for (const k of keysOf(left, right, order)) {
    const at = [...path, arrays ? Number(k) : k];
    if (!Object.hasOwn(right, k)) out.push({ path: at, kind: 'missing', left: left[k], right: missing });
    else if (!Object.hasOwn(left, k)) out.push({ path: at, kind: 'unexpected', left: missing, right: right[k] });
    else walk(changed[arrays ? element(k) : member(k)], left[k], right[k], at, order, out);
  }
}
