// Defines the Playwright tests of one spec part: one test per scenario, a tiny callback, a worker-scoped
// fixture holding the WorkerContext. Built on `_baseTest` (no browser fixtures: ~1 ms per test instead of ~10).
import { relative } from 'node:path';
import * as pw from '@playwright/test';
import type { ScenarioResult } from '../model/types.js';
import { stepFailureText, type StepWrapper } from './execute.js';
import { readPlan, type Plan } from './plan.js';
import { planHeads, testTitle, type ScenarioHead } from './suite.js';
import { WorkerContext } from './worker.js';
import { encodeResult, failureMessage, RESULT_ATTACHMENT } from './result-io.js';

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
const wrap: StepWrapper = async (title, fn, failed, at) => {
  let out: Awaited<ReturnType<typeof fn>> | undefined;
  try {
    // The step's YAML position as its location: Playwright shows where the step is written, and does not capture
    // and parse a stack trace for each step (about 0.1 ms each).
    const options = at ? { location: { file: at.file, line: at.line, column: at.col } } : undefined;
    await test.step(title, async () => {
      out = await fn();
      const f = failed(out);
      if (f) throw new StepFailed(f);
    }, options);
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
 * The result goes to the reporters through the worker's result file when the scenario passed (runner/result-channel.ts),
 * and as an attachment otherwise, so that Playwright's own reports carry the evidence of every failure.
 */
async function runScenario(vouch: WorkerContext, id: string): Promise<void> {
  const result = await vouch.run(id, wrap);
  const info = test.info();
  const body = encodeResult(result);
  if (result.verdict !== 'passed' || !vouch.outbox.send(info.testId, info.retry, id, body)) await info.attach(RESULT_ATTACHMENT, { body, contentType: 'application/json' });
  if (result.verdict === 'failed' || result.verdict === 'broken') throw new ScenarioFailure(result);
}

/** The annotation that names a test's scenario (report/playwright-reporter.ts reads it); Allure shows it as the `vouchId` label. */
const ID_ANNOTATION = 'allure.label.vouchId';

/**
 * Static report metadata, given at definition time so it costs nothing per test: allure-playwright turns each
 * `allure.label.NAME` annotation into a label and `description` into the description; Vouch's reporter adds what
 * only the run knows (source, recorded-at, links, step exchanges) to the written results afterwards.
 */
function reportAnnotations(s: ScenarioHead, plan: Plan): { type: string; description: string }[] {
  const target = plan.config.targets[s.api];
  const live = plan.config.mode !== 'replay' && target !== undefined;
  const labels: [string, string | undefined][] = [
    [ID_ANNOTATION.slice('allure.label.'.length), s.id],
    ['epic', s.api],
    ['feature', s.operation ?? s.id],
    ['story', s.title],
    ['severity', s.severity ?? 'normal'],
    ['parentSuite', s.api],
    ['suite', relative(plan.cwd, s.file) || s.file],
    ['target', live ? `${s.api}=${target.baseUrl}` : 'cassettes'],
    ['mode', plan.config.mode],
    ['docSource', s.doc?.source],
    ['docSection', s.doc?.section],
    ['docUrl', s.doc?.url],
  ];
  const out = labels.filter((l): l is [string, string] => !!l[1]).map(([name, value]) => ({ type: `allure.label.${name}`, description: value }));
  const doc = s.doc ? `Documented in ${s.doc.source}, section "${s.doc.section}".` : '';
  const text = [s.description?.trim(), doc].filter(Boolean).join('\n\n');
  if (text) out.push({ type: 'description', description: text });
  return out;
}

export function defineScenarioTests(part: number): void {
  const plan = readPlan();
  for (const s of planHeads(plan).list) {
    if (s.part !== part) continue;
    const details = { tag: s.tags.map((t) => `@${t}`), annotation: reportAnnotations(s, plan) };
    const reason = plan.notRun[s.id];
    if (reason) test.skip(testTitle(s), details, () => {});
    else test(testTitle(s), details, ({ vouch }) => runScenario(vouch, s.id));
  }
}

export { stepFailureText };
