// The run's contract, part 3: the verdict rules. A step and a scenario are passed, failed, broken or skipped
// (model/types.ts); across the attempts of a run a scenario ends passed, failed, broken, flaky, waived or not run.
// The runner records attempts; every reporter judges them with these rules and nothing else.
import type { CheckResult, ScenarioResult, StepResult, Verdict } from '../model/types.js';

/** A step fails on any failed check of severity error; warnings and notes never fail it. */
export function stepVerdict(checks: CheckResult[]): Verdict {
  return checks.some((c) => !c.passed && c.severity === 'error') ? 'failed' : 'passed';
}

/** Broken wins over failed (the run could not judge); skipped steps do not count. */
export function overall(steps: StepResult[]): Verdict {
  if (steps.some((s) => s.verdict === 'broken')) return 'broken';
  if (steps.some((s) => s.verdict === 'failed')) return 'failed';
  return 'passed';
}

/**
 * `waived`: the scenario failed exactly as a waiver in waivers.yaml says (same failed checks), before it expires. It
 * never counts as passed, and not as failed either: the deviation is known, ticketed and dated.
 */
export type FinalVerdict = 'passed' | 'failed' | 'broken' | 'flaky' | 'waived' | 'not run';

export const FINAL_VERDICTS: FinalVerdict[] = ['passed', 'failed', 'broken', 'flaky', 'waived', 'not run'];

/** What became of one attempt, as the test runner saw it. */
export type AttemptStatus = 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';

/**
 * One attempt's verdict before waivers: a test that was skipped was not run; a recorded result gives its own verdict
 * (a scenario that skipped itself could not be judged: broken); a test that left no record is broken unless its
 * runner says it passed. A pass after an earlier attempt that did not pass is flaky.
 */
export function attemptVerdict(status: AttemptStatus, result: ScenarioResult | undefined, earlier: FinalVerdict | undefined): FinalVerdict {
  if (status === 'skipped') return 'not run';
  const v: FinalVerdict = result ? (result.verdict === 'skipped' ? 'broken' : result.verdict) : status === 'passed' ? 'passed' : 'broken';
  if (v === 'passed' && earlier && earlier !== 'passed') return 'flaky';
  return v;
}

/**
 * The one-line cause of a scenario stopped at its limit: by the watchdog (`blocked`: its worker was killed) or by
 * Playwright's own test timeout. One home for the wording, which the reporter and the guard thread share.
 */
export function limitCause(limitMs: number, by: 'blocked' | 'timeout'): string {
  const past = `the scenario ran past its time limit of ${limitMs} ms (limits.scenarioTimeout, --scenario-timeout)`;
  return by === 'blocked' ? `${past} in code that never yielded; its worker was stopped and its teardown did not run` : `${past}; Playwright stopped it`;
}
