// Field-level differences between two JSON values, computed by json-diff. Arrays are compared index by index
// (documented elements are positional, json-diff's fuzzy sequence matching is not what a reviewer means), and
// json-diff's structured output is flattened into entries with field paths.
import jsonDiffModule from 'json-diff';
import { cjsDefault } from '../util/interop.js';
import { getField, pathMatches, type Missing, type Segment } from '../util/field-path.js';

const jsonDiff = cjsDefault(jsonDiffModule);

/** Prefix of the keys standing for array indexes once arrays are turned into objects (no JSON API uses NUL). */
const INDEX = '\u0000#';

export type RawKind = 'missing' | 'unexpected' | 'changed';

export interface RawEntry {
  segs: Segment[];
  kind: RawKind;
  /** The left (expected) side's value at that path, as it was given to the diff. */
  left: unknown;
  /** The right (actual) side's value at that path, as it was given to the diff. */
  right: unknown;
}

export function indexKey(i: number): string {
  return `${INDEX}${i}`;
}

function decodeKey(k: string): Segment {
  return k.startsWith(INDEX) ? Number(k.slice(INDEX.length)) : k;
}

/** A plain object without a prototype, so that json-diff's `key in obj` never sees `constructor` and friends. */
export function bare(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** Turns every array into an object keyed by index, recursively. */
export function indexArrays(v: unknown): unknown {
  if (Array.isArray(v)) {
    const o = bare();
    v.forEach((x, i) => (o[indexKey(i)] = indexArrays(x)));
    return o;
  }
  if (v !== null && typeof v === 'object') {
    const o = bare();
    for (const [k, x] of Object.entries(v)) o[k] = indexArrays(x);
    return o;
  }
  return v;
}

/** Runs json-diff on two values whose arrays are already indexed, and lists what differs, by path. */
export function diffEntries(left: unknown, right: unknown): RawEntry[] {
  const out: RawEntry[] = [];
  walk(jsonDiff.diff(left, right), [], out);
  return out;
}

function isChange(node: unknown): node is { __old: unknown; __new: unknown } {
  return node !== null && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length === 2 && '__old' in node && '__new' in node;
}

function walk(node: unknown, segs: Segment[], out: RawEntry[]): void {
  if (node === undefined) return;
  if (isChange(node)) {
    out.push({ segs, kind: 'changed', left: node.__old, right: node.__new });
    return;
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if (k.endsWith('__deleted')) out.push({ segs: [...segs, decodeKey(k.slice(0, -'__deleted'.length))], kind: 'missing', left: v, right: undefined });
    else if (k.endsWith('__added')) out.push({ segs: [...segs, decodeKey(k.slice(0, -'__added'.length))], kind: 'unexpected', left: undefined, right: v });
    else walk(v, [...segs, decodeKey(k)], out);
  }
}

const IGNORED = '\u0000ignored';

/** A copy of a JSON value without the paths matching any pattern (wildcards allowed). */
export function prune(v: unknown, patterns: readonly Segment[][], segs: Segment[] = []): unknown {
  // An ignored array element keeps its place, so that the elements after it are still compared with their peers.
  if (Array.isArray(v)) return v.map((x, i) => (hit(patterns, [...segs, i]) ? IGNORED : prune(x, patterns, [...segs, i])));
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!hit(patterns, [...segs, k])) o[k] = prune(x, patterns, [...segs, k]);
    return o;
  }
  return v;
}

function hit(patterns: readonly Segment[][], segs: Segment[]): boolean {
  return patterns.some((p) => p.length === segs.length && pathMatches(p, segs));
}

export interface ValueDifference {
  segs: Segment[];
  kind: RawKind;
  expected: unknown | Missing;
  actual: unknown | Missing;
}

/** Every path where two JSON documents differ (values compared exactly, arrays by index). */
export function deepDiff(expected: unknown, actual: unknown): ValueDifference[] {
  return diffEntries(indexArrays(expected), indexArrays(actual)).map((e) => ({
    segs: e.segs,
    kind: e.kind,
    expected: getField(expected, e.segs),
    actual: getField(actual, e.segs),
  }));
}
