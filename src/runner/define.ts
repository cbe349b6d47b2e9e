// Defines the Playwright tests of one spec part: one test per scenario, a tiny callback, a worker-scoped
// fixture holding the WorkerContext. Built on `_baseTest` (no browser fixtures: ~1 ms per test instead of ~10).
import * as pw from '@playwright/test';
import type { ScenarioResult } from '../model/types.js';
import { stepFailureText, type StepWrapper } from './execute.js';
import { readPlan } from './plan.js';
import { partOf, planScenarios, testTitle } from './suite.js';
import { WorkerContext } from './worker.js';
import { failureMessage, RESULT_ATTACHMENT } from './result-io.js';

// `_baseTest` is exported but internal: fall back to the public `test` if a Playwright update removes it.
const baseTest = ((pw as unknown as { _baseTest?: typeof pw.test })._baseTest ?? pw.test) as typeof pw.test;

const test = baseTest.extend<Record<never, never>, { vouch: WorkerContext }>({
  vouch: [
    async ({}, use) => {
      const ctx = new WorkerContext(readPlan());
      await use(ctx);
      await ctx.close();
    },
    { scope: 'worker' },
  ],
});

class StepFailed extends Error {}

/** A failed step is marked failed in Playwright's step tree, and the scenario goes on to its teardown. */
const wrap: StepWrapper = async (title, fn, failed) => {
  let out: Awaited<ReturnType<typeof fn>> | undefined;
  try {
    await test.step(title, async () => {
      out = await fn();
      const f = failed(out);
      if (f) throw new StepFailed(f);
    });
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
  }
  return out as Awaited<ReturnType<typeof fn>>;
};

/** Thrown at the end of a scenario that did not pass; the reporter reads the verdict from the attachment. */
export class ScenarioFailure extends Error {
  constructor(result: ScenarioResult) {
    super(failureMessage(result));
    this.name = result.verdict === 'broken' ? 'VouchBroken' : 'VouchAssertionError';
  }
}

async function runScenario(vouch: WorkerContext, id: string): Promise<void> {
  const result = await vouch.run(id, wrap);
  await test.info().attach(RESULT_ATTACHMENT, { body: JSON.stringify(result), contentType: 'application/json' });
  if (result.verdict === 'failed' || result.verdict === 'broken') throw new ScenarioFailure(result);
}

export function defineScenarioTests(part: number): void {
  const plan = readPlan();
  const { scenarios } = planScenarios(plan);
  for (const s of partOf(scenarios, part, plan.parts)) {
    const details = { tag: s.tags.map((t) => `@${t}`), annotation: [{ type: 'vouch-id', description: s.id }] };
    const reason = plan.notRun[s.id];
    if (reason) test.skip(testTitle(s), details, () => {});
    else test(testTitle(s), details, ({ vouch }) => runScenario(vouch, s.id));
  }
}

export { stepFailureText };
