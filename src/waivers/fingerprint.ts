// The fingerprint of a failure: each failed check of a scenario as (step, check, kind, path, expected, actual class),
// stable from run to run, so that a waiver matches the same failure again and nothing else. An expectation written
// with templates (`${id}`, `${steps.created.response.body.html}`) is fingerprinted as written, not as rendered, and
// values of the run's own variables (run id, generated names, captured ids) are put back as `${name}`.
import type { CheckResult, Scenario, ScenarioResult, Step } from '../model/types.js';
import { formatFieldPath, parseFieldPath } from '../util/field-path.js';
import { allSteps } from '../model/steps.js';

export interface FingerprintCheck {
  /** The step's name as the scenario writes it. */
  step: string;
  check: string;
  kind: string;
  path: string;
  /** What the scenario or the documentation expected (absent where the check has no single expected value). */
  expected?: unknown;
  /** The class of what came back: the status code for a status check, otherwise its JSON type (or `absent`). */
  actual: string;
}

/** JSON type names, with `absent` for a missing value. */
export function valueClass(v: unknown): string {
  if (v === undefined) return 'absent';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function actualClass(c: CheckResult): string {
  if (c.kind === 'status' && typeof c.actual === 'number') return String(c.actual);
  return valueClass(c.actual);
}

const hasTemplate = (v: unknown): boolean => v !== undefined && JSON.stringify(v).includes('${');

/** The expectation as the scenario writes it, where it is templated (so that it reads the same in every run). */
function rawExpectation(step: Step | undefined, c: CheckResult): unknown {
  if (!step) return undefined;
  const expect = step.expect;
  if (c.check === 'status') return hasTemplate(expect['status']) ? expect['status'] : undefined;
  const table = c.check === 'body' ? expect['body'] : c.check === 'header' ? expect['headers'] : undefined;
  if (!table || typeof table !== 'object') return undefined;
  const wanted = c.check === 'header' ? c.path.replace(/^headers\./, '').toLowerCase() : c.path;
  for (const [key, raw] of Object.entries(table as Record<string, unknown>)) {
    let same: boolean;
    try {
      same = c.check === 'header' ? key.toLowerCase() === wanted : formatFieldPath(parseFieldPath(key)) === wanted;
    } catch {
      same = false;
    }
    if (same) return hasTemplate(raw) ? raw : undefined;
  }
  return undefined;
}

/** Longest first, so that `vouch-r1-ps` is put back before a shorter value inside it. */
function runValues(vars: Record<string, unknown>): [string, string][] {
  return Object.entries(vars)
    .filter((e): e is [string, string | number] => (typeof e[1] === 'string' && e[1].length >= 4) || (typeof e[1] === 'number' && Math.abs(e[1]) >= 10))
    .map(([k, v]) => [k, String(v)] as [string, string])
    .sort((a, b) => b[1].length - a[1].length);
}

function canonical(v: unknown, values: [string, string][]): unknown {
  if (typeof v === 'string') {
    let out = v;
    for (const [name, value] of values) if (out.includes(value)) out = out.split(value).join(`\${${name}}`);
    return out;
  }
  if (typeof v === 'number') {
    const hit = values.find(([, value]) => value === String(v));
    return hit ? `\${${hit[0]}}` : v;
  }
  if (Array.isArray(v)) return v.map((x) => canonical(x, values));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, canonical(x, values)]));
  return v;
}

/** The failed checks (errors only: notes and warnings never fail) of a failed scenario, in the order they failed. */
export function fingerprintOf(result: ScenarioResult, scenario?: Scenario): FingerprintCheck[] {
  const steps = scenario ? allSteps(scenario) : [];
  const values = runValues(result.vars ?? {});
  const out: FingerprintCheck[] = [];
  for (const st of result.steps) {
    const step = steps.find((s) => s.id === st.id && s.phase === st.phase);
    for (const c of st.checks) {
      if (c.passed || c.severity !== 'error') continue;
      const raw = rawExpectation(step, c);
      const expected = raw !== undefined ? raw : canonical(c.expected, values);
      out.push({
        step: st.name,
        check: c.check,
        kind: c.kind,
        path: String(canonical(c.path, values)),
        ...(expected !== undefined ? { expected } : {}),
        actual: actualClass(c),
      });
    }
  }
  return out;
}

/** One line per check, for messages: `step "x": status status: expected 400, got 200`. */
export function describeCheck(f: FingerprintCheck): string {
  const expected = f.expected === undefined ? '' : ` expected ${JSON.stringify(f.expected)},`;
  return `step "${f.step}": ${f.check} ${f.path}:${expected} got ${f.actual}`;
}

/** Order-free equality of two fingerprints (the same checks, each as often). */
export function sameFingerprint(a: readonly FingerprintCheck[], b: readonly FingerprintCheck[]): boolean {
  const key = (f: FingerprintCheck) => stableJson([f.step, f.check, f.kind, f.path, f.expected ?? null, f.actual]);
  const ka = a.map(key).sort();
  const kb = b.map(key).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** JSON with object keys sorted at every level: a hand-reordered waiver still matches. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
