// Relations between steps: `patched` (the object after a PATCH equals the object before with this step's patch
// applied, computed by fast-json-patch / json-merge-patch) and `unchanged` (the object is as an earlier step saw it).
// Zero values against absent fields (Go APIs), null against absent, and two renderings of one instant are notes.
import { createRequire } from 'node:module';
import type { Operation } from 'fast-json-patch';
import type { CheckResult, Exchange } from '../model/types.js';
import { cjsDefault } from '../util/interop.js';
import { formatFieldPath, missing, parseFieldPath, pathMatches, type Segment } from '../util/field-path.js';
import { jsonDifferences, type JsonDifference } from '../util/json-differences.js';
import { show } from './matchers.js';
import { isPatchOps, patchKind, sentBody, type RequestBody } from '../variation/request-values.js';
import type { Assertion, AssertionContext } from './types.js';
import { patchedKind, unchangedKind } from '../model/expect/relations.js';
import { traitsFor } from '../variation/apis.js';
import type { RuleName } from '../variation/rules.js';
import { isZeroValue, sameInstant } from '../variation/values.js';

// The patch libraries load with the first patch a relation applies.
const require = createRequire(import.meta.url);
const fjp = (): typeof import('fast-json-patch').default => cjsDefault(require('fast-json-patch') as typeof import('fast-json-patch').default);
const mergePatch = (): typeof import('json-merge-patch') => cjsDefault(require('json-merge-patch') as typeof import('json-merge-patch'));

interface RelationSpec {
  step: string;
  ignore: string[];
}

type Key = 'patched' | 'unchanged';

function readSpec(key: Key, exp: unknown): RelationSpec | string {
  const field = key === 'patched' ? 'before' : 'from';
  const o = exp as Record<string, unknown> | null;
  if (!o || typeof o !== 'object' || typeof o[field] !== 'string') return `${key}: expected { ${field}: STEP_ID, ignore: [paths] }`;
  const ignore = o['ignore'];
  if (ignore !== undefined && !(Array.isArray(ignore) && ignore.every((x) => typeof x === 'string'))) return `${key}.ignore: expected a list of field paths`;
  return { step: o[field] as string, ignore: (ignore as string[] | undefined) ?? [] };
}

function fail(key: Key, ctx: AssertionContext, message: string, expected?: unknown): CheckResult {
  return { check: key, kind: 'relation', path: 'body', expected, actual: undefined, passed: false, severity: 'error', message, source: ctx.locate(`/${key}`) };
}

/** The JSON body another step's response had, or why there is none. */
function stepBody(ctx: AssertionContext, id: string): { body: unknown } | { error: string } {
  const ex: Exchange | undefined = ctx.exchanges[id];
  if (!ex) return { error: `no step '${id}' has run before this one` };
  if (ex.response?.body === undefined) return { error: `step '${id}' has no JSON response body to compare with` };
  return { body: ex.response.body };
}

/** The document a patch request turns `before` into, and the kind of patch it was. */
export function applyRequestPatch(before: unknown, req: RequestBody | undefined): { doc: unknown; how: string } | { error: string } {
  if (!req) return { error: 'this step sent no JSON body to apply' };
  const kind = patchKind(req.contentType);
  const copy: unknown = structuredClone(before);
  if (kind === 'json-patch' || (kind === 'json' && isPatchOps(req.body))) {
    if (!isPatchOps(req.body)) return { error: 'the request body is not a JSON patch (a list of { op, path } operations)' };
    try {
      return { doc: fjp().applyPatch(copy, req.body as Operation[], true, true).newDocument, how: 'the JSON patch' };
    } catch (e) {
      return { error: `the JSON patch does not apply: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  if (kind === 'merge-patch') return { doc: mergePatch().apply(copy, req.body), how: 'the merge patch' };
  // Strategic merge needs each list's merge key from the Kubernetes schema; read as a merge patch, lists are replaced.
  if (kind === 'strategic-merge-patch') return { doc: mergePatch().apply(copy, req.body), how: 'the strategic merge patch (applied as a merge patch)' };
  return {
    error: `cannot apply a request with Content-Type ${req.contentType ?? '(none)'}; patched expects a json-patch, merge-patch or strategic-merge-patch request`,
  };
}

const IGNORED = '\u0000ignored';

/** A copy of a JSON value without the paths matching any pattern (wildcards allowed). */
function prune(v: unknown, patterns: readonly Segment[][], segs: Segment[] = []): unknown {
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

function differences(key: Key, expected: unknown, actual: unknown, ignore: string[], because: string, ctx: AssertionContext): CheckResult[] {
  const patterns: Segment[][] = ignore.map(parseFieldPath);
  // Left: what the earlier step (with the patch applied) says; right: this step's response.
  const diffs = jsonDifferences(prune(expected, patterns), prune(actual, patterns), { grouped: true });
  const goZero = traitsFor(ctx.scenario.api).goZeroValues;
  return diffs.map((d) => {
    const allowed = allowedDifference(d, goZero);
    return allowed ? note(key, d, allowed, ctx) : difference(key, d, because, ctx);
  });
}

/** The variation rule under which two sides that differ still mean the same, if any. */
function allowedDifference(d: JsonDifference, goZero: boolean): { rule: RuleName; text: string } | undefined {
  const [e, a] = [d.left, d.right];
  if (goZero && ((e === missing && a !== missing && isZeroValue(a)) || (a === missing && e !== missing && isZeroValue(e)))) {
    return { rule: 'zero-value', text: `${e === missing ? show(a) : show(e)} and absent are the same zero value (Go leaves zero values out)` };
  }
  if ((e === missing && a === null) || (a === missing && e === null)) return { rule: 'null', text: 'null and absent say the same' };
  if (sameInstant(e, a)) return { rule: 'timestamp', text: `${show(e)} and ${show(a)} are the same instant` };
  return undefined;
}

function note(key: Key, d: JsonDifference, allowed: { rule: RuleName; text: string }, ctx: AssertionContext): CheckResult {
  const path = d.path.length ? formatFieldPath(d.path) : '(body)';
  const value = (v: unknown) => (v === missing ? undefined : v);
  return {
    check: key,
    kind: 'relation',
    path,
    expected: value(d.left),
    actual: value(d.right),
    passed: false,
    severity: 'note',
    rule: allowed.rule,
    message: `${path}: ${allowed.text}`,
    source: ctx.locate(`/${key}`),
  };
}

function difference(key: Key, d: JsonDifference, because: string, ctx: AssertionContext): CheckResult {
  const path = d.path.length ? formatFieldPath(d.path) : '(body)';
  const exp = d.left === missing ? undefined : d.left;
  const act = d.right === missing ? undefined : d.right;
  const message =
    d.kind === 'missing'
      ? `${path}: missing (${because} has ${show(exp)})`
      : d.kind === 'unexpected'
        ? `${path}: unexpected ${show(act)} (not in ${because})`
        : `${path}: expected ${show(exp)} (${because}), got ${show(act)}`;
  return {
    check: key,
    kind: 'relation',
    path,
    expected: exp,
    actual: act,
    passed: false,
    severity: 'error',
    message,
    source: ctx.locate(`/${key}`),
    detail: { kind: d.kind },
  };
}

function passed(key: Key, ctx: AssertionContext, message: string, expected: unknown): CheckResult {
  return { check: key, kind: 'relation', path: 'body', expected, actual: 'equal', passed: true, severity: 'error', message, source: ctx.locate(`/${key}`) };
}

function relate(key: Key, expectation: unknown, exchange: Exchange, ctx: AssertionContext): CheckResult[] {
  const spec = readSpec(key, expectation);
  if (typeof spec === 'string') return [fail(key, ctx, spec, expectation)];
  const earlier = stepBody(ctx, spec.step);
  if ('error' in earlier) return [fail(key, ctx, `${key}: ${earlier.error}`, spec.step)];
  const actual = exchange.response?.body;
  if (actual === undefined) return [fail(key, ctx, `${key}: this step's response has no JSON body`, spec.step)];
  let expected = earlier.body;
  let because = `as in step '${spec.step}'`;
  if (key === 'patched') {
    const applied = applyRequestPatch(earlier.body, sentBody(exchange));
    if ('error' in applied) return [fail(key, ctx, `patched: ${applied.error} to step '${spec.step}'s body`, spec.step)];
    expected = applied.doc;
    because = `step '${spec.step}' with ${applied.how} applied`;
  }
  // Fields every write changes on its own (the API's, e.g. Kubernetes' resourceVersion) are never part of a relation.
  const ignore = [...traitsFor(ctx.scenario.api).writeManaged[key], ...spec.ignore];
  const diffs = differences(key, expected, actual, ignore, because, ctx);
  if (diffs.some((d) => d.severity === 'error')) return diffs;
  return [passed(key, ctx, `body equals ${because}${ignore.length ? ` (not compared: ${ignore.join(', ')})` : ''}`, spec.step), ...diffs];
}

export const patchedAssertion: Assertion = {
  ...patchedKind,
  check: (expectation, exchange, ctx) => relate('patched', expectation, exchange, ctx),
};

export const unchangedAssertion: Assertion = {
  ...unchangedKind,
  check: (expectation, exchange, ctx) => relate('unchanged', expectation, exchange, ctx),
};
