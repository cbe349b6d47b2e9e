// The Allure results (allure-results.ts), written from the run's results log in one pass after the workers finish,
// with the run's files (allure-meta.ts); `vouch report` builds the HTML from them. An earlier run's results in the
// same folder are moved aside as the run begins, so they never mix with this run's.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { planHeads } from '../results/scenarios.js';
import { writeAllureRunFiles } from './allure-meta.js';
import type { AllureAttempt } from './allure-results.js';
import type { ReportFormat } from './format.js';

export const ALLURE_RESULTS = 'allure-results';
export const ALLURE_REPORT = 'allure-report';

export const allureFormat: ReportFormat = {
  name: 'allure',
  files: [`${ALLURE_RESULTS}/`],
  html: { from: ALLURE_RESULTS, to: ALLURE_REPORT },
  begin: ({ plan }) => {
    const dir = join(plan.config.outputDir, ALLURE_RESULTS);
    const discarding = discardFolder(dir);
    /**
     * Every attempt of every scenario, by Playwright's test id and retry, without its record: the results are written
     * from the log at the end (a record that came as an attachment is kept here, the log does not have it).
     */
    const attempts = new Map<string, AllureAttempt>();
    // The writer and Allure's library load once the first scenario has started: by then the runner only waits on its
    // workers, whereas loading them with the reporter held up the start of the first worker.
    let writer: Promise<typeof import('./allure-results.js')> | undefined;
    const load = () => (writer ??= import('./allure-results.js'));
    return {
      began: () => {
        void load();
      },
      ended: (a) => {
        const { id, retry, verdict, reason, waiver, start, durationMs } = a;
        attempts.set(`${a.test}#${a.retry}`, { id, retry, result: a.attached ? a.result : undefined, verdict, reason, waiver, start, durationMs });
      },
      end: async ({ summary, log }) => {
        const heads = planHeads(plan).byId;
        const { AllureResultsWriter } = await load();
        const allure = new AllureResultsWriter(dir, plan, (id) => heads.get(id));
        // One pass over the log: each record is read, written as its Allure result, and let go.
        for (const { head, result } of log()) {
          const key = `${head.test}#${head.retry}`;
          const a = attempts.get(key);
          if (!a || a.result) continue;
          await allure.write({ ...a, result });
          attempts.delete(key);
        }
        // Attempts the log has no record of: not run, stopped without a result, or attached.
        for (const a of attempts.values()) await allure.write(a);
        await allure.settle();
        writeAllureRunFiles(dir, plan, { targetVersions: summary.targetVersions, verdicts: summary.operations });
      },
      settled: () => discarding,
    };
  },
};

/**
 * Moves a folder out of the way at once and deletes it in the background: deleting an earlier run's thousands of
 * Allure files here, synchronously, held up the runner (and so the workers) for seconds at 1,000 scenarios.
 */
function discardFolder(dir: string): Promise<void> {
  if (!existsSync(dir)) return Promise.resolve();
  // Into the run's internal folder, so that a run killed meanwhile leaves nothing new in sight.
  const aside = join(dirname(dir), '.vouch', `discarded-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(dirname(aside), { recursive: true });
    renameSync(dir, aside);
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  }
  return rm(aside, { recursive: true, force: true }).catch(() => undefined);
}
