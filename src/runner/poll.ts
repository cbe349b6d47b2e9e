// A step with `poll`: the request is sent again until its `until` expectations hold, or its time is up.
import type { CheckResult, Exchange, SourceLocation, Step, StepResult } from '../model/types.js';
import { stepVerdict } from '../results/verdicts.js';
import type { OutgoingRequest, ScenarioSession } from '../transport/types.js';

export interface Polled {
  exchange: Exchange;
  /** The attempts before the last one, with their `until` checks (evidence). */
  attempts: NonNullable<StepResult['attempts']>;
  /** When `until` was not reached in time: the failed check that says so (the step fails, it is not broken). */
  timedOut?: CheckResult[];
}

export interface PollDeps {
  /** The `until` checks of one answer (the caller also makes it the step's latest exchange). */
  check: (exchange: Exchange) => CheckResult[];
  /** Where `until` is written, for the check that says it was not reached. */
  untilAt: SourceLocation | undefined;
  /** True once the user asked the run to stop: polling ends at the next answer. */
  interrupted?: () => boolean;
}

/**
 * Sends the request until the step's `until` expectations hold, pausing `every` between attempts, for at most
 * `timeout`. A replay answers the recorded attempts in order without pausing; a transport error stops at once.
 */
export async function poll(step: Step, req: OutgoingRequest, session: ScenarioSession, deps: PollDeps): Promise<Polled> {
  const { until, everyMs, timeoutMs } = step.poll!;
  const deadline = performance.now() + timeoutMs;
  const attempts: Polled['attempts'] = [];
  for (;;) {
    const exchange = await session.send(req);
    if (exchange.error) return { exchange, attempts };
    const checks = deps.check(exchange);
    if (stepVerdict(checks) === 'passed') return { exchange, attempts };
    const waitMs = session.source === 'replay' ? 0 : everyMs;
    if (performance.now() + waitMs > deadline || deps.interrupted?.()) {
      const failed = checks.filter((c) => !c.passed && c.severity === 'error');
      const message = `until: not reached after ${attempts.length + 1} attempt${attempts.length ? 's' : ''} in ${(timeoutMs / 1000).toFixed(1)} s; the last answer: ${failed.map((c) => c.message.split('\n')[0]).join('; ')}`;
      const timedOut: CheckResult = {
        check: 'until',
        kind: 'status',
        path: 'until',
        expected: until,
        actual: exchange.response?.status,
        passed: false,
        severity: 'error',
        message,
        source: deps.untilAt,
      };
      return { exchange, attempts, timedOut: [timedOut] };
    }
    attempts.push({ exchange, checks });
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  }
}
