// `expect.example`: compares a response with a documented example, field by field. Every documented field must be
// present with the documented type; values count only where the docs fix them (Kubernetes' kind and apiVersion,
// `values:`), where the request decided them (the status that was PUT) or where a matcher says so. Drift paths are notes.
import { basename, dirname, resolve } from 'node:path';
import type { CheckResult } from '../model/types.js';
import { formatFieldPath, getField, missing, parseFieldPath, type Missing, type Segment } from '../util/field-path.js';
import { jsonDifferences, type JsonDifference } from '../util/json-differences.js';
import { renderExampleDiff, type DiffEntry } from './diff-render.js';
import { examplePart, loadExampleFile } from './example-file.js';
import { Projector, type Allowed, type Leaf } from './example-project.js';
import { match, show } from './matchers.js';
import { describeActual, jsonType } from './placeholders.js';
import { requestLookup, sentBody, type RequestBody } from '../variation/request-values.js';
import type { Assertion, AssertionContext } from './types.js';
import { exampleKind } from '../model/expect/example.js';
import { traitsFor } from '../variation/apis.js';

export type { DiffEntry } from './diff-render.js';

export interface ExampleDiffOptions {
  mode?: 'subset' | 'exact';
  /** Paths (wildcards allowed) not compared at all. */
  ignore?: string[];
  /** Paths reported as documentation drift (notes), on top of the API's known drift. */
  drift?: string[];
  /** Paths whose documented values (not only types) must match. */
  values?: string[];
  /** Paths where the documentation allows null (type¦null): accepted without a note. */
  nullable?: string[];
  /** Paths the documentation marks required: their absence fails (identity fields and what the request sent always do). */
  required?: string[];
  /** The API whose servers' known variations apply (variation/apis.ts); generic traits when absent. */
  api?: string;
  /** Matchers by path (templates already resolved); they replace the comparison of that path. */
  match?: Record<string, unknown>;
  /** The step's request: where it sent a value, the response must say the same. */
  request?: RequestBody;
  /** How the headline names the example (`000-pod-status-response.json (subset)`). */
  label?: string;
}

export interface ExampleDiff {
  compared: number;
  failures: DiffEntry[];
  notes: DiffEntry[];
  text: string;
}

const BECAUSE: Record<string, string> = { request: 'sent in the request', fixed: 'fixed by the documentation', values: 'listed in values' };

/** Pure: the differences between a documented example and an actual body. Throws only on a malformed path option. */
export function diffAgainstExample(example: unknown, actual: unknown, options: ExampleDiffOptions = {}): ExampleDiff {
  const paths = (xs: string[] | undefined): Segment[][] => (xs ?? []).map(parseFieldPath);
  const matched = checkMatchers(options.match ?? {}, actual);
  const mode = options.mode ?? 'subset';
  const traits = traitsFor(options.api ?? '');
  const proj = new Projector({
    mode,
    ignore: paths(options.ignore),
    drift: paths([...traits.docDrift.paths, ...(options.drift ?? [])]),
    values: paths(options.values),
    nullable: paths(options.nullable),
    required: paths(options.required),
    matched: matched.paths,
    request: requestLookup(options.request),
    traits,
  });
  const { l, r } = proj.project(example, actual);
  const raw: JsonDifference[] = r === missing ? [{ path: [], kind: 'missing', left: l, right: missing }] : jsonDifferences(l, r);
  const failures = [
    ...raw.map((e) => ({ e: toEntry(e, proj.leaves, actual), at: proj.position(e.path) })),
    ...matched.failures.map((f) => ({ e: f.entry, at: proj.position(f.segs) })),
  ]
    .sort((a, b) => a.at - b.at)
    .map((x) => x.e);
  const notes = proj.allowed.map(allowedNote);
  const compared = proj.compared + matched.count;
  const label = options.label ?? `(${mode})`;
  return { compared, failures, notes, text: renderExampleDiff(label, compared, failures, notes) };
}

function label(segs: Segment[]): string {
  return segs.length === 0 ? '(body)' : formatFieldPath(segs);
}

function toEntry(e: JsonDifference, leaves: Map<string, Leaf>, actual: unknown): DiffEntry {
  const path = label(e.path);
  const value = getField(actual, e.path);
  const leaf = leaves.get(formatFieldPath(e.path));
  if (e.kind === 'unexpected') return { kind: 'unexpected', path, expected: undefined, actual: value, message: `${path}: unexpected` };
  if (e.kind === 'missing') return { kind: 'missing', path, expected: leaf?.expected, actual: undefined, message: `${path}: missing` };
  if (leaf?.mode === 'value') {
    const because = BECAUSE[leaf.because ?? ''];
    // A value of another JSON type is a wrong type first (`"1"` for 1), however the value was decided.
    const [want, got] = [family(leaf.expected), family(value)];
    if (want !== got)
      return {
        kind: 'type',
        path,
        expected: leaf.expected,
        actual: value,
        message: `${path}: expected ${jsonType(leaf.expected)}, got ${jsonType(value)}`,
        because,
      };
    return { kind: 'value', path, expected: leaf.expected, actual: value, message: `${path}: expected ${show(leaf.expected)}, got ${show(value)}`, because };
  }
  const type = String(leaf?.expected ?? 'a different type');
  return { kind: 'type', path, expected: type, actual: value, message: `${path}: expected ${type}, got ${describeActual(type, value)}` };
}

/** JSON type, with integers and other numbers as one family (1 and 1.5 differ in value, not in type). */
function family(v: unknown): string {
  const t = jsonType(v);
  return t === 'integer' ? 'number' : t;
}

function allowedNote(a: Allowed): DiffEntry {
  const path = label(a.segs);
  return { kind: a.rule === 'doc-drift' ? 'drift' : 'allowed', rule: a.rule, path, expected: undefined, actual: a.actual, message: a.message };
}

interface MatcherOutcome {
  paths: Segment[][];
  failures: { entry: DiffEntry; segs: Segment[] }[];
  count: number;
}

/** Runs each `match:` matcher on every concrete path its pattern names in the response. */
function checkMatchers(matchers: Record<string, unknown>, actual: unknown): MatcherOutcome {
  const out: MatcherOutcome = { paths: [], failures: [], count: 0 };
  for (const [pattern, matcher] of Object.entries(matchers)) {
    const segs = parseFieldPath(pattern);
    const concrete = expand(actual, segs, []);
    for (const c of concrete.length ? concrete : [segs]) {
      const value = getField(actual, c);
      const outcome = match(matcher, value);
      out.paths.push(c);
      out.count++;
      if (outcome.pass) continue;
      const path = label(c);
      const message = value === missing ? `${path}: missing (expected ${outcome.expected})` : `${path}: expected ${outcome.expected}, got ${show(value)}`;
      const entry: DiffEntry = {
        kind: value === missing ? 'missing' : 'value',
        path,
        expected: outcome.expectedValue,
        actual: value === missing ? undefined : value,
        message,
        because: `match ${pattern}`,
      };
      out.failures.push({ entry, segs: c });
    }
  }
  return out;
}

/** The concrete paths in `v` that a pattern with `*` wildcards names (a path without wildcards names itself). */
function expand(v: unknown | Missing, pattern: Segment[], prefix: Segment[]): Segment[][] {
  if (pattern.length === 0) return [prefix];
  const [head, ...rest] = pattern as [Segment, ...Segment[]];
  if (head !== '*') return expand(v === missing ? missing : getField(v, [head]), rest, [...prefix, head]);
  if (Array.isArray(v)) return v.flatMap((x: unknown, i) => expand(x, rest, [...prefix, i]));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => expand(x, rest, [...prefix, k]));
  return [];
}

// ---- the assertion ----

/** An `example:` expectation: the file and where in it, and the comparison's options as ExampleDiffOptions names them. */
interface ExampleSpec extends Pick<ExampleDiffOptions, 'mode' | 'ignore' | 'drift' | 'values' | 'nullable' | 'required'> {
  file: string;
  pointer?: string;
  match?: Record<string, unknown>;
  /** false: values the request sent are compared by type only (e.g. a spec sent to a status subresource). */
  fromRequest?: boolean;
}

function readSpec(expectation: unknown): ExampleSpec | undefined {
  if (typeof expectation === 'string') return { file: expectation };
  if (expectation && typeof expectation === 'object' && typeof (expectation as ExampleSpec).file === 'string') return expectation as ExampleSpec;
  return undefined;
}

function failed(ctx: AssertionContext, message: string, expected: unknown, actual: unknown = undefined): CheckResult {
  return { check: 'example', kind: 'example', path: 'body', expected, actual, passed: false, severity: 'error', message, source: ctx.locate('/example') };
}

export const exampleAssertion: Assertion = {
  ...exampleKind,
  check(expectation, exchange, ctx) {
    const spec = readSpec(expectation);
    if (!spec) return [failed(ctx, 'example: expected a file name or { file, mode, ignore, match, ... }', expectation)];
    const loaded = loadExampleFile(resolve(dirname(ctx.scenario.file), spec.file));
    if (!loaded.ok) return [failed(ctx, `example ${spec.file}: ${loaded.error}`, spec.file)];
    const example = examplePart(loaded.file, spec.pointer);
    if (example === missing) return [failed(ctx, `example ${spec.file}: nothing at pointer ${spec.pointer}`, spec.pointer)];
    const body = exchange.response?.body;
    if (body === undefined) return [failed(ctx, `example ${spec.file}: the response has no JSON body to compare`, 'a JSON body', exchange.response?.bodyText)];
    const mode = spec.mode ?? 'subset';
    let diff: ExampleDiff;
    try {
      const request = spec.fromRequest === false ? undefined : sentBody(exchange);
      diff = diffAgainstExample(example, body, {
        ...spec,
        mode,
        api: ctx.scenario.api,
        match: ctx.resolve(spec.match ?? {}) as Record<string, unknown>,
        request,
        label: `${basename(spec.file)} (${mode})`,
      });
    } catch (e) {
      return [failed(ctx, `example ${spec.file}: ${(e as Error).message}`, spec)];
    }
    return toResults(diff, spec, loaded.file.provenance, ctx);
  },
};

function toResults(diff: ExampleDiff, spec: ExampleSpec, provenance: unknown, ctx: AssertionContext): CheckResult[] {
  const source = ctx.locate('/example');
  // Each difference is also its own result (data for reports); the terminal shows the summary's text instead.
  const one = (e: DiffEntry, severity: CheckResult['severity']): CheckResult => ({
    check: 'example.field',
    kind: 'example',
    path: e.path,
    expected: e.expected,
    actual: e.actual,
    passed: false,
    severity,
    message: e.message,
    source,
    detail: { kind: e.kind, because: e.because, file: spec.file },
    ...(e.rule ? { rule: e.rule } : {}),
  });
  const summary: CheckResult = {
    check: 'example',
    kind: 'example',
    path: 'body',
    expected: spec.file,
    actual: `${diff.failures.length} difference(s) in ${diff.compared} field(s)`,
    passed: diff.failures.length === 0,
    severity: 'error',
    message: diff.text,
    source,
    detail: { compared: diff.compared, failures: diff.failures, notes: diff.notes, text: diff.text, file: spec.file, provenance },
  };
  return [...diff.failures.map((e) => one(e, 'error')), ...diff.notes.map((e) => one(e, 'note')), summary];
}
