// Results leave the worker as attachments, result files, step errors and terminal lines, and every report is made
// from them: each step's result and then the scenario's pass through the scenario's one redactor before Playwright
// sees them. The running scenario keeps the real values (a captured cookie is sent back as it came).
import type { ScenarioResult, StepResult } from '../model/types.js';
import type { Redactor } from '../transport/redact.js';

/** The step with its exchange redacted (and learned from: a cookie it set is scrubbed from everything after). */
export function redactStep(step: StepResult, r: Redactor): StepResult {
  const exchange = step.exchange && r.exchange(step.exchange);
  if (!r.active()) return exchange ? { ...step, exchange } : step;
  const { exchange: _kept, ...rest } = step;
  return { ...(r.value(rest) as Omit<StepResult, 'exchange'>), ...(exchange ? { exchange } : {}) };
}

/** The scenario's result, every step again: a value learned in a later step (teardown included) leaves the earlier ones too. */
export function redactScenario(result: ScenarioResult, r: Redactor): ScenarioResult {
  for (const { exchange: e } of result.steps) if (e) r.learnExchange(e);
  const steps = result.steps.map((s) => redactStep(s, r));
  if (!r.active()) return { ...result, steps };
  const { steps: _steps, ...rest } = result;
  return { ...(r.value(rest) as Omit<ScenarioResult, 'steps'>), steps };
}
