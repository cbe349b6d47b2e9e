// The run's verdicts as data: per scenario and per documented operation, with counts. Written as
// reports/summary.json; the CLI's exit code and the terminal summary are computed from it.
import type { BrokenKind, CheckResult, ScenarioCassette, ScenarioResult } from '../model/types.js';
import { formatLocation } from '../model/diagnostic.js';
import { failedChecks, firstFailure } from '../results/record.js';
import { brokenKinds } from '../results/causes.js';
import type { FinalVerdict } from '../results/verdicts.js';
import type { NotApplicable } from '../config/declarations.js';
import type { FingerprintCheck } from '../waivers/fingerprint.js';
import type { WaiverReport } from '../waivers/match.js';

export interface ScenarioSummary {
  id: string;
  title: string;
  api: string;
  operation?: string;
  file: string;
  verdict: FinalVerdict;
  durationMs: number;
  attempts: number;
  firstFailure?: string;
  /** `kind` says what sort of deviation it is (status, schema, example, authorization, ...), for grouping without parsing. */
  failedChecks: {
    step: string;
    check: string;
    kind: CheckResult['kind'];
    path: string;
    expected: unknown;
    actual: unknown;
    message: string;
    source?: string;
  }[];
  /** A broken scenario's causes by kind (refused, timeout, no-cassette, ...; results/causes.ts), for grouping without parsing. */
  brokenKinds?: BrokenKind[];
  /** What the run allowed or noticed without failing: variation-model loosenings (with their rule), drift, stale cassettes. */
  notes: ScenarioNote[];
  reason?: string;
  cassette?: ScenarioCassette;
  /** A failed (or waived) scenario's failed checks as waivers.yaml matches them (waivers/fingerprint.ts). */
  fingerprint?: FingerprintCheck[];
  /** The waiver that waived it. */
  waiver?: { file: string; ticket: string; reason: string; expires: string };
  /** Not run because it does not apply to the declared deployment: the requirement and the declaration. */
  notApplicable?: NotApplicable;
}

export interface ScenarioNote {
  step: string;
  /** The variation rule that allowed the difference (src/variation/rules.ts); absent for other notes (cassettes). */
  rule?: string;
  path: string;
  message: string;
}

export interface OperationSummary {
  api: string;
  operation: string;
  /** `partial`: nothing failed, but a waived deviation. */
  verdict: 'conformant' | 'partial' | 'not conformant' | 'not judged' | 'not run';
  scenarios: string[];
}

export interface RunSummary {
  format: 1;
  runId: string;
  vouchVersion: string;
  mode: string;
  targets: Record<string, string>;
  shard?: string;
  startedAt: string;
  durationMs: number;
  counts: Record<FinalVerdict | 'total', number>;
  scenarios: ScenarioSummary[];
  operations: OperationSummary[];
  /** The waivers against this run: applied, unused (remove them), expired (they fail the run). */
  waivers?: WaiverReport;
  /** What each target said of its version (live: asked when the run was prepared; replay: as the cassettes recorded it). */
  targetVersions?: Record<string, string>;
}

export interface Outcome {
  result?: ScenarioResult;
  verdict: FinalVerdict;
  attempts: number;
  reason?: string;
  meta: { id: string; title: string; api: string; operation?: string; file: string };
  fingerprint?: FingerprintCheck[];
  waiver?: ScenarioSummary['waiver'];
  notApplicable?: NotApplicable;
}

export function summarizeScenario(o: Outcome): ScenarioSummary {
  const r = o.result;
  const failed = r ? r.steps.flatMap((s) => failedChecks(s).map((c) => checkEntry(s.name, c))) : [];
  const notes = r ? r.steps.flatMap((s) => s.checks.filter(isNote).map((c) => noteEntry(s.name, c))) : [];
  const kinds = r && o.verdict === 'broken' ? brokenKinds(r) : [];
  return {
    ...o.meta,
    verdict: o.verdict,
    durationMs: r?.durationMs ?? 0,
    attempts: o.attempts,
    firstFailure: r && o.verdict !== 'passed' ? firstFailure(r) || o.reason : o.reason,
    failedChecks: failed,
    ...(kinds.length ? { brokenKinds: kinds } : {}),
    notes,
    reason: o.reason,
    cassette: r?.cassette,
    ...(o.fingerprint ? { fingerprint: o.fingerprint } : {}),
    ...(o.waiver ? { waiver: o.waiver } : {}),
    ...(o.notApplicable ? { notApplicable: o.notApplicable } : {}),
  };
}

function isNote(c: CheckResult): boolean {
  return !c.passed && c.severity !== 'error';
}

function noteEntry(step: string, c: CheckResult): ScenarioNote {
  return { step, ...(c.rule ? { rule: c.rule } : {}), path: c.path, message: c.message.split('\n')[0]! };
}

/** How many notes each variation rule produced, and in how many scenarios: what the run allowed a faithful server. */
export function allowedByRule(scenarios: ScenarioSummary[]): { rule: string; notes: number; scenarios: string[] }[] {
  const by = new Map<string, { rule: string; notes: number; scenarios: string[] }>();
  for (const s of scenarios) {
    for (const n of s.notes) {
      if (!n.rule) continue;
      const e = by.get(n.rule) ?? { rule: n.rule, notes: 0, scenarios: [] };
      e.notes++;
      if (!e.scenarios.includes(s.id)) e.scenarios.push(s.id);
      by.set(n.rule, e);
    }
  }
  return [...by.values()].sort((a, b) => b.notes - a.notes || a.rule.localeCompare(b.rule));
}

function checkEntry(step: string, c: CheckResult): ScenarioSummary['failedChecks'][number] {
  return {
    step,
    check: c.check,
    kind: c.kind,
    path: c.path,
    expected: bounded(c.expected),
    actual: bounded(c.actual),
    message: c.message,
    source: c.source ? formatLocation(c.source) : undefined,
  };
}

const MAX_VALUE_CHARS = 2000;

/** A value as JSON, or a short preview when it is large (a 10 MB body must not make a 10 MB summary). */
function bounded(v: unknown): unknown {
  if (v === undefined || v === null || typeof v !== 'object')
    return typeof v === 'string' && v.length > MAX_VALUE_CHARS ? `${v.slice(0, MAX_VALUE_CHARS)}… (${v.length} characters)` : v;
  const text = JSON.stringify(v);
  return text.length > MAX_VALUE_CHARS ? { truncated: true, characters: text.length, preview: text.slice(0, MAX_VALUE_CHARS) } : v;
}

export function summarizeOperations(scenarios: ScenarioSummary[]): OperationSummary[] {
  const ops = new Map<string, OperationSummary>();
  for (const s of scenarios) {
    const key = `${s.api}\u0000${s.operation ?? s.id}`;
    const op = ops.get(key) ?? { api: s.api, operation: s.operation ?? s.id, verdict: 'conformant', scenarios: [] };
    op.scenarios.push(s.id);
    ops.set(key, op);
  }
  for (const op of ops.values()) {
    const vs = scenarios.filter((s) => op.scenarios.includes(s.id) && s.api === op.api).map((s) => s.verdict);
    op.verdict = vs.some((v) => v === 'failed')
      ? 'not conformant'
      : vs.some((v) => v === 'broken' || v === 'flaky')
        ? 'not judged'
        : vs.every((v) => v === 'not run')
          ? 'not run'
          : vs.some((v) => v === 'waived')
            ? 'partial'
            : 'conformant';
  }
  return [...ops.values()];
}

export function countVerdicts(scenarios: ScenarioSummary[]): RunSummary['counts'] {
  const counts: RunSummary['counts'] = { total: scenarios.length, passed: 0, failed: 0, broken: 0, flaky: 0, waived: 0, 'not run': 0 };
  for (const s of scenarios) counts[s.verdict]++;
  return counts;
}

/**
 * 0 nothing failed or broken (a waived scenario is neither); 1 a scenario failed, or a waiver has expired; 3 none
 * failed but one was broken (flaky counts as failed under --fail-on-flaky).
 */
/**
 * The planned scenarios the summary gives no verdict (Playwright never ran or reported their tests, as when a spec
 * part fails to load). A whole run must judge every scenario it planned; a shard judges its own share only, so it
 * is not asked.
 */
export function unjudged(planned: readonly string[], summary: Pick<RunSummary, 'scenarios' | 'shard'>): string[] {
  if (summary.shard) return [];
  const judged = new Set(summary.scenarios.map((s) => s.id));
  return planned.filter((id) => !judged.has(id));
}

export function exitCodeOf(counts: RunSummary['counts'], failOnFlaky: boolean, expiredWaivers = 0): number {
  if (counts.failed > 0 || (failOnFlaky && counts.flaky > 0) || expiredWaivers > 0) return 1;
  if (counts.broken > 0) return 3;
  return 0;
}
