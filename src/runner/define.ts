// Defines the Playwright tests of one spec part: one test per scenario, a tiny callback, a worker-scoped
// fixture holding the WorkerContext. Built on `_baseTest` (no browser fixtures: ~1 ms per test instead of ~10).
import * as pw from '@playwright/test';
import type { ScenarioResult } from '../model/types.js';
import type { StepWrapper } from './execute.js';
import { readPlan, type Plan } from '../results/plan.js';
import { partHeads, testTitle, type ScenarioHead } from '../results/scenarios.js';
import type { WorkerContext } from './worker.js';
import { encodeResult, failureMessage, RESULT_ATTACHMENT } from '../results/record.js';
import { scenarioDescription, scenarioLabels } from '../results/labels.js';

// `_baseTest` is exported but internal: fall back to the public `test` if a Playwright update removes it.
const baseTest = ((pw as unknown as { _baseTest?: typeof pw.test })._baseTest ?? pw.test) as typeof pw.test;

const test = baseTest.extend<Record<never, never>, { vouch: WorkerContext }>({
  vouch: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter's destructuring; this one has none.
    async ({}, use) => {
      // Loaded here, in the worker: Playwright's runner process loads this file to list the tests, and needs none of
      // the transport, checks and schemas (about 0.2 s and 20 MB of the runner's start-up; bench/README.md).
      const { WorkerContext } = await import('./worker.js');
      const ctx = new WorkerContext(readPlan());
      await use(ctx);
      await ctx.close();
    },
    { scope: 'worker' },
  ],
});

class StepFailed extends Error {}

/** A failed step is marked failed in Playwright's step tree, and the scenario goes on to its teardown. */
const wrap: StepWrapper = async (title, fn, failed, at) => {
  let out: Awaited<ReturnType<typeof fn>> | undefined;
  try {
    // The step's YAML position as its location: Playwright shows where the step is written, and does not capture
    // and parse a stack trace for each step (about 0.1 ms each).
    const options = at ? { location: { file: at.file, line: at.line, column: at.col } } : undefined;
    await test.step(
      title,
      async () => {
        out = await fn();
        const f = failed(out);
        if (f) throw new StepFailed(f);
      },
      options,
    );
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
  }
  return out as Awaited<ReturnType<typeof fn>>;
};

/** Thrown at the end of a scenario that did not pass; the reporter reads the verdict from the attached result. */
export class ScenarioFailure extends Error {
  constructor(result: ScenarioResult) {
    super(failureMessage(result));
    this.name = result.verdict === 'broken' ? 'VouchBroken' : 'VouchAssertionError';
  }
}

/**
 * Every attempt's result, passed or not, goes to the reporters the same way: one record appended to the run's results
 * log (results/log.ts). Only when the log cannot be written does it travel as an attachment instead. A scenario that
 * did not pass also throws its failure text, so Playwright's own reporters show what failed.
 */
async function runScenario(vouch: WorkerContext, id: string, part: number): Promise<void> {
  const result = await vouch.run(id, wrap, part);
  const info = test.info();
  const body = encodeResult(result);
  if (!vouch.outbox.send(info.testId, info.retry, id, body)) await info.attach(RESULT_ATTACHMENT, { body, contentType: 'application/json' });
  if (result.verdict === 'failed' || result.verdict === 'broken') throw new ScenarioFailure(result);
}

/**
 * Static report metadata, given at definition time so it costs nothing per test: Playwright's own reporters show
 * the annotations; Vouch's reporter reads the scenario id from the first, and its Allure writer the rest from the plan.
 */
function reportAnnotations(s: ScenarioHead, plan: Plan): { type: string; description: string }[] {
  const out = scenarioLabels(s, plan).map(([name, value]) => ({ type: `allure.label.${name}`, description: value }));
  const text = scenarioDescription(s);
  if (text) out.push({ type: 'description', description: text });
  return out;
}

export function defineScenarioTests(part: number): void {
  const plan = readPlan();
  for (const s of partHeads(plan, part)) {
    const details = { tag: s.tags.map((t) => `@${t}`), annotation: reportAnnotations(s, plan) };
    const reason = plan.notRun[s.id];
    if (reason) test.skip(testTitle(s), details, () => {});
    else test(testTitle(s), details, ({ vouch }) => runScenario(vouch, s.id, part));
  }
}
