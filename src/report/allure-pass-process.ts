// The Allure pass's process (allure-pass.ts starts it): reads the run's attempts from stdin, then the results log
// once, writing each record as its Allure result and letting it go, and the run's files after them. Empty stdin (the
// runner ended without handing over the attempts) writes nothing.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScenarioResult } from '../model/types.js';
import { type RecordHead, records } from '../results/log.js';
import { type Plan, readPlan } from '../results/plan.js';
import { planHeads } from '../results/scenarios.js';
import { writeAllureRunFiles } from './allure-meta.js';
import type { AllurePassInput } from './allure-pass.js';
import { AllureResultsWriter } from './allure-results.js';

/** One pass over the log: each attempt the log has a record of, then those it has none of (not run, stopped, attached). */
export async function writeAllureFromLog(input: AllurePassInput, plan: Plan, log: Iterable<{ head: RecordHead; result: ScenarioResult }>): Promise<void> {
  const heads = planHeads(plan).byId;
  const allure = new AllureResultsWriter(input.dir, plan, (id) => heads.get(id));
  const attempts = new Map(input.attempts.map(({ key, ...a }) => [key, a]));
  for (const { head, result } of log) {
    const key = `${head.test}#${head.retry}`;
    const a = attempts.get(key);
    if (!a || a.result) continue;
    await allure.write({ ...a, result });
    attempts.delete(key);
  }
  for (const a of attempts.values()) await allure.write(a);
  await allure.settle();
  writeAllureRunFiles(input.dir, plan, input.overview);
}

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return;
  const input = JSON.parse(text) as AllurePassInput;
  const plan = readPlan();
  await writeAllureFromLog(input, plan, records(plan.config.outputDir));
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(self)) {
  main().catch((e: unknown) => {
    process.stderr.write(`the Allure results could not be written: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
