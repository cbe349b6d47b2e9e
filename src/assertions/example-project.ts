// Projects a documented example and a response onto what the documentation actually promises, so that the JSON diff
// (util/json-differences.ts) between the two projections yields only real differences: leaves become type tokens, except where the value is
// fixed by the docs or is a consequence of the request; ignored, matched and drift paths drop out, and what the
// variation model allows a faithful server (absent, null, zero values, other renderings) becomes a note.
import { formatFieldPath, getField, missing, pathMatches, type Missing, type Segment } from '../util/field-path.js';
import { absenceRule, environmentOf, isClassField, isGenerated, type ApiTraits } from '../variation/apis.js';
import type { RuleName } from '../variation/rules.js';
import { isZeroValue, sameInstant } from '../variation/values.js';
import { docTypeOf, isPlaceholder, jsonType, satisfies, type DocType } from './placeholders.js';
import type { RequestLookup } from '../variation/request-values.js';
import { show } from './matchers.js';

export interface ProjectOptions {
  mode: 'subset' | 'exact';
  ignore: Segment[][];
  drift: Segment[][];
  values: Segment[][];
  nullable: Segment[][];
  /** Paths the documentation marks required (on top of identity fields and what the request sent). */
  required: Segment[][];
  /** Concrete paths that matchers check instead. */
  matched: Segment[][];
  request: RequestLookup;
  traits: ApiTraits;
}

/** Why a value (not only its type) is compared. */
export type ValueReason = 'request' | 'fixed' | 'values';

export interface Leaf {
  mode: 'type' | 'value';
  /** The documented type (mode type) or the required value (mode value). */
  expected: unknown;
  because?: ValueReason;
}

/** A difference the variation model allows: reported, never failed. */
export interface Allowed {
  segs: Segment[];
  rule: RuleName;
  message: string;
  actual?: unknown;
}

interface Side {
  l: unknown;
  r: unknown | Missing;
}

const tok = (t: string): string => `\u0000type:${t}`;

/** An object without a prototype, so that a `__proto__` field is a field like any other. */
const bare = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>;

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

const label = (segs: Segment[]): string => (segs.length === 0 ? '(body)' : formatFieldPath(segs));

export class Projector {
  readonly leaves = new Map<string, Leaf>();
  readonly allowed: Allowed[] = [];
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

  private allow(segs: Segment[], rule: RuleName, message: string, actual?: unknown): undefined {
    this.allowed.push({ segs, rule, message: `${label(segs)}: ${message}`, ...(actual === undefined ? {} : { actual }) });
    return undefined;
  }

  private node(ex: unknown, act: unknown | Missing, segs: Segment[]): Side | undefined {
    const o = this.o;
    this.order.set(formatFieldPath(segs), this.order.size);
    if (matchesAny(o.ignore, segs) || matchesAny(o.matched, segs)) return undefined;
    if (matchesAny(o.drift, segs)) {
      const message = act === missing ? 'documented, not sent by modern servers' : 'documented drift, sent by this server (not compared)';
      return this.allow(segs, 'doc-drift', message, act === missing ? undefined : act);
    }
    // A documented null says nothing about the type: null, absent or any value conform.
    if (ex === null) {
      this.compared++;
      return undefined;
    }
    if (act === missing) return this.absent(ex, segs);
    if (act === null) return this.nullValue(ex, segs);
    if (!isScalar(ex)) return this.container(ex as object, act, segs);
    return this.leaf(ex, act, segs);
  }

  /** Must the response carry this documented field: the request put it there, it identifies the object, or the docs require it? */
  private required(ex: unknown, segs: Segment[]): boolean {
    const o = this.o;
    if (isClassField(o.traits.identity, segs) || matchesAny(o.required, segs)) return true;
    if (isScalar(ex) && this.valueFor(ex, segs)) return true;
    return !isGenerated(o.traits, segs) && o.request(segs) !== missing;
  }

  private absent(ex: unknown, segs: Segment[]): Side | undefined {
    const o = this.o;
    const want = isScalar(ex) ? this.valueFor(ex, segs) : undefined;
    // Go leaves a zero value out: an absent field equals 0, "", false, [] or {} (the value sent or documented).
    const zero = want ? isZeroValue(want.value) : isZeroValue(ex) && !isPlaceholder(ex);
    if (o.traits.goZeroValues && zero) {
      this.compared += countLeaves(ex);
      return this.allow(segs, 'zero-value', `absent, read as its zero value ${show(want ? want.value : ex)} (Go leaves zero values out)`);
    }
    if (this.required(ex, segs)) {
      if (want) return this.missingLeaf(want.value, 'value', want.because, segs);
      this.compared += countLeaves(ex);
      const type = Array.isArray(ex) ? 'array' : isPlainObject(ex) && !isPlaceholder(ex) ? 'object' : docTypeOf(ex);
      this.leaves.set(formatFieldPath(segs), { mode: 'type', expected: type });
      return { l: tok(type), r: missing };
    }
    this.compared += countLeaves(ex);
    const why = absenceRule(o.traits, segs);
    return this.allow(segs, why.rule, `documented, not sent (${why.why})`);
  }

  private missingLeaf(value: unknown, mode: 'value', because: ValueReason, segs: Segment[]): Side {
    this.compared++;
    this.leaves.set(formatFieldPath(segs), { mode, expected: value, because });
    return { l: value, r: missing };
  }

  /** The response says null where the example shows a value. */
  private nullValue(ex: unknown, segs: Segment[]): Side | undefined {
    const o = this.o;
    const sent = isGenerated(o.traits, segs) ? missing : o.request(segs);
    const want = isScalar(ex) ? this.valueFor(ex, segs) : undefined;
    if (o.traits.goZeroValues && want && want.value !== null && isZeroValue(want.value)) {
      this.compared++;
      return this.allow(segs, 'zero-value', `null, read as its zero value ${show(want.value)}`, null);
    }
    // What the request sent, or what identifies the object, may not come back as null.
    if (want || (sent !== missing && sent !== null) || isClassField(o.traits.identity, segs)) {
      if (want) return this.leaf(ex, null, segs);
      return this.typeLeaf(Array.isArray(ex) ? 'array' : isPlainObject(ex) ? 'object' : docTypeOf(ex), null, segs);
    }
    this.compared += countLeaves(ex);
    if (matchesAny(o.nullable, segs)) return undefined;
    return this.allow(
      segs,
      'null',
      `null (documented as ${Array.isArray(ex) ? 'array' : isPlainObject(ex) && !isPlaceholder(ex) ? 'object' : docTypeOf(ex)}; the documentation does not rule null out)`,
      null,
    );
  }

  private container(ex: object, act: unknown, segs: Segment[]): Side {
    const isArr = Array.isArray(ex);
    if (isArr ? !Array.isArray(act) : !isPlainObject(act)) return this.typeLeaf(isArr ? 'array' : 'object', act, segs);
    const entries: [string | number, unknown][] = isArr ? (ex as unknown[]).map((v, i) => [i, v]) : Object.entries(ex);
    if (entries.length === 0) this.compared++;
    // An element left out (ignored, matched, allowed) leaves a hole, so that the next ones keep their indexes.
    const open = (): Record<string | number, unknown> => (isArr ? ([] as unknown as Record<number, unknown>) : bare());
    const [l, r] = [open(), open()];
    for (const [k, v] of entries) {
      const side = this.node(v, getField(act, [k]), [...segs, k]);
      if (!side) continue;
      l[k] = side.l;
      if (side.r !== missing) r[k] = side.r;
    }
    if (this.o.mode === 'exact') this.extras(ex, act as object, segs, r);
    return { l, r };
  }

  /** Exact mode: what the response has beyond the example goes into the right side only (the diff: unexpected). */
  private extras(ex: object, act: object, segs: Segment[], r: Record<string | number, unknown>): void {
    const o = this.o;
    const keys: (string | number)[] = Array.isArray(act)
      ? act.map((_, i) => i).filter((i) => i >= (ex as unknown[]).length)
      : Object.keys(act).filter((k) => !Object.hasOwn(ex, k));
    for (const k of keys) {
      const s = [...segs, k];
      if (matchesAny(o.ignore, s) || matchesAny(o.drift, s) || matchesAny(o.matched, s)) continue;
      const env = environmentOf(o.traits, s);
      if (env) this.allow(s, 'environment', `not in the example (${env.why})`, getField(act, [k]));
      else r[k] = getField(act, [k]);
    }
  }

  private leaf(ex: unknown, act: unknown, segs: Segment[]): Side {
    this.compared++;
    const path = formatFieldPath(segs);
    const want = this.valueFor(ex, segs);
    if (want) {
      this.leaves.set(path, { mode: 'value', expected: want.value, because: want.because });
      if (sameInstant(want.value, act)) {
        this.allow(segs, 'timestamp', `${show(act)}, the same instant as ${show(want.value)}`, act);
        return { l: want.value, r: want.value };
      }
      return { l: want.value, r: isScalar(act) ? act : tok(jsonType(act)) };
    }
    const type = docTypeOf(ex);
    this.leaves.set(path, { mode: 'type', expected: type });
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
    if (!isGenerated(o.traits, segs)) {
      const sent = o.request(segs);
      if (sent !== missing && isScalar(sent)) return { value: sent, because: 'request' };
    }
    if (isPlaceholder(ex)) return undefined;
    if (segs.length === 1 && typeof segs[0] === 'string' && o.traits.typeFields.includes(segs[0])) return { value: ex, because: 'fixed' };
    if (underAny(o.values, segs)) return { value: ex, because: 'values' };
    return undefined;
  }
}
