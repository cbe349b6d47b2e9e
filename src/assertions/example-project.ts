// Projects a documented example and a response onto what the documentation actually promises, so that json-diff
// between the two projections yields only real differences: leaves become type tokens, except where the value is
// fixed by the docs or is a consequence of the request; ignored, matched and drift paths drop out.
import { formatFieldPath, getField, missing, pathMatches, type Missing, type Segment } from '../util/field-path.js';
import { bare, indexKey } from './diff-core.js';
import { docTypeOf, isPlaceholder, jsonType, satisfies, type DocType } from './placeholders.js';
import type { RequestLookup } from './request-values.js';

export interface ProjectOptions {
  mode: 'subset' | 'exact';
  ignore: Segment[][];
  drift: Segment[][];
  values: Segment[][];
  nullable: Segment[][];
  /** Concrete paths that matchers check instead. */
  matched: Segment[][];
  request: RequestLookup;
  /** Paths the server owns: a request's value there says nothing about the response. */
  serverManaged: Segment[][];
}

/** Why a value (not only its type) is compared. */
export type ValueReason = 'request' | 'fixed' | 'values';

export interface Leaf {
  mode: 'type' | 'value';
  /** The documented type (mode type) or the required value (mode value). */
  expected: unknown;
  because?: ValueReason;
}

export interface DriftHit {
  segs: Segment[];
  present: boolean;
}

interface Side {
  l: unknown;
  r: unknown | Missing;
}

const tok = (t: string): string => `\u0000type:${t}`;

export function matchesAny(patterns: readonly Segment[][], segs: readonly Segment[]): boolean {
  return patterns.some((p) => p.length === segs.length && pathMatches(p, segs));
}

/** Is the path one of the patterns or inside one? */
export function underAny(patterns: readonly Segment[][], segs: readonly Segment[]): boolean {
  return patterns.some((p) => p.length <= segs.length && pathMatches(p, segs));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function countLeaves(v: unknown): number {
  if (Array.isArray(v)) return v.length === 0 ? 1 : v.reduce<number>((n, x) => n + countLeaves(x), 0);
  if (isPlainObject(v) && !isPlaceholder(v)) {
    const vals = Object.values(v);
    return vals.length === 0 ? 1 : vals.reduce<number>((n, x) => n + countLeaves(x), 0);
  }
  return 1;
}

export class Projector {
  readonly leaves = new Map<string, Leaf>();
  readonly drift: DriftHit[] = [];
  /** Document order of every node visited, so differences read top to bottom like the example. */
  readonly order = new Map<string, number>();
  compared = 0;

  constructor(private readonly o: ProjectOptions) {}

  /** Where a path comes in the example: its own position, or just after its nearest visited ancestor. */
  position(segs: readonly Segment[]): number {
    for (let n = segs.length; n >= 0; n--) {
      const at = this.order.get(formatFieldPath(segs.slice(0, n)));
      if (at !== undefined) return n === segs.length ? at : at + 0.5;
    }
    return Infinity;
  }

  /** The two sides to diff; the right side is `missing` when the response lacks the documented node. */
  project(example: unknown, actual: unknown): Side {
    return this.node(example, actual, []) ?? { l: null, r: null };
  }

  private node(ex: unknown, act: unknown | Missing, segs: Segment[]): Side | undefined {
    const o = this.o;
    this.order.set(formatFieldPath(segs), this.order.size);
    if (matchesAny(o.ignore, segs) || matchesAny(o.matched, segs)) return undefined;
    if (matchesAny(o.drift, segs)) {
      this.drift.push({ segs, present: act !== missing });
      return undefined;
    }
    // Kubernetes omits nulls, and a documented null says nothing about the type: null or absent both conform.
    if (ex === null || (act === null && matchesAny(o.nullable, segs))) {
      this.compared += ex === null ? 1 : countLeaves(ex);
      return undefined;
    }
    if (!isScalar(ex)) return this.container(ex as object, act, segs);
    return this.leaf(ex, act, segs);
  }

  private container(ex: object, act: unknown | Missing, segs: Segment[]): Side {
    const isArr = Array.isArray(ex);
    if (act === missing) {
      this.compared += countLeaves(ex);
      this.leaves.set(formatFieldPath(segs), { mode: 'type', expected: isArr ? 'array' : 'object' });
      return { l: tok(isArr ? 'array' : 'object'), r: missing };
    }
    if (isArr ? !Array.isArray(act) : !isPlainObject(act)) return this.typeLeaf(isArr ? 'array' : 'object', act, segs);
    const entries: [string | number, unknown][] = isArr ? (ex as unknown[]).map((v, i) => [i, v]) : Object.entries(ex);
    if (entries.length === 0) this.compared++;
    const l = bare();
    const r = bare();
    for (const [k, v] of entries) {
      const side = this.node(v, getField(act, [k]), [...segs, k]);
      if (!side) continue;
      const key = typeof k === 'number' ? indexKey(k) : k;
      l[key] = side.l;
      if (side.r !== missing) r[key] = side.r;
    }
    if (this.o.mode === 'exact') this.extras(ex, act as object, segs, r);
    return { l, r };
  }

  /** Exact mode: what the response has beyond the example goes into the right side only (json-diff: added). */
  private extras(ex: object, act: object, segs: Segment[], r: Record<string, unknown>): void {
    const o = this.o;
    const keys: (string | number)[] = Array.isArray(act) ? act.map((_, i) => i).filter((i) => i >= (ex as unknown[]).length) : Object.keys(act).filter((k) => !Object.prototype.hasOwnProperty.call(ex, k));
    for (const k of keys) {
      const s = [...segs, k];
      if (matchesAny(o.ignore, s) || matchesAny(o.drift, s) || matchesAny(o.matched, s)) continue;
      r[typeof k === 'number' ? indexKey(k) : k] = getField(act, [k]);
    }
  }

  private leaf(ex: unknown, act: unknown | Missing, segs: Segment[]): Side {
    this.compared++;
    const path = formatFieldPath(segs);
    const want = this.valueFor(ex, segs);
    if (want) {
      this.leaves.set(path, { mode: 'value', expected: want.value, because: want.because });
      if (act === missing) return { l: want.value, r: missing };
      return { l: want.value, r: isScalar(act) ? act : tok(jsonType(act)) };
    }
    const type = docTypeOf(ex);
    this.leaves.set(path, { mode: 'type', expected: type });
    if (act === missing) return { l: tok(type), r: missing };
    return { l: tok(type), r: tok(satisfies(type, act) ? type : jsonType(act)) };
  }

  private typeLeaf(type: DocType, act: unknown, segs: Segment[]): Side {
    this.compared++;
    this.leaves.set(formatFieldPath(segs), { mode: 'type', expected: type });
    return { l: tok(type), r: tok(jsonType(act)) };
  }

  /** The value a leaf must have, where the docs fix it or the request decided it; undefined where only its type counts. */
  private valueFor(ex: unknown, segs: Segment[]): { value: unknown; because: ValueReason } | undefined {
    const o = this.o;
    if (!underAny(o.serverManaged, segs)) {
      const sent = o.request(segs);
      if (sent !== missing && isScalar(sent)) return { value: sent, because: 'request' };
    }
    if (isPlaceholder(ex)) return undefined;
    const name = segs[segs.length - 1];
    if (name === 'kind' || name === 'apiVersion') return { value: ex, because: 'fixed' };
    if (underAny(o.values, segs)) return { value: ex, because: 'values' };
    return undefined;
  }
}
