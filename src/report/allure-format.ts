// The Allure results (allure-results.ts), written from the run's results log in one pass after the workers finish,
// with the run's files (allure-meta.ts), by a process of its own (allure-pass.ts); `vouch report` builds the HTML
// from them. An earlier run's results in the same folder are moved aside as the run begins, so they never mix with
// this run's.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type AllurePass, startAllurePass } from './allure-pass.js';
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
    const discarding = discardFolder(dir).done;
    /**
     * Every attempt of every scenario, by Playwright's test id and retry, without its record: the results are written
     * from the log at the end (a record that came as an attachment is kept here, the log does not have it).
     */
    const attempts = new Map<string, AllureAttempt>();
    // The pass runs in a process of its own (allure-pass.ts), started once the first scenario has started: by then
    // the runner only waits on its workers, whereas starting it with the reporter held up the start of the first one.
    let pass: AllurePass | undefined;
    const start = () => (pass ??= startAllurePass());
    return {
      began: () => {
        start();
      },
      ended: (a) => {
        const { id, retry, verdict, reason, waiver, start, durationMs } = a;
        attempts.set(`${a.test}#${a.retry}`, { id, retry, result: a.attached ? a.result : undefined, verdict, reason, waiver, start, durationMs });
      },
      end: async ({ summary }) => {
        await start().write({
          dir,
          attempts: [...attempts].map(([key, a]) => ({ key, ...a })),
          overview: { targetVersions: summary.targetVersions, verdicts: summary.operations },
        });
        attempts.clear();
      },
      settled: () => discarding,
    };
  },
};

/** How a discarded folder is being deleted: by a separate `rm -rf` process, by this process, or not at all (none was there). */
export type Discard = { done: Promise<void>; by: 'rm' | 'node' | 'none' };

/**
 * Moves a folder out of the way at once and deletes it in the background: deleting an earlier run's thousands of
 * Allure files here, synchronously, held up the runner (and so the workers) for seconds at 1,000 scenarios. The
 * deleting is done by a separate `rm -rf` where there is one: Node's recursive rm, in the runner's background, cost
 * it about 70 MB more memory at 5,000 scenarios (35,000 files) and slowed its end-of-run pass by half.
 */
export function discardFolder(dir: string): Discard {
  if (!existsSync(dir)) return { done: Promise.resolve(), by: 'none' };
  // Into the run's internal folder, so that a run killed meanwhile leaves nothing new in sight.
  const aside = join(dirname(dir), '.vouch', `discarded-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(dirname(aside), { recursive: true });
    renameSync(dir, aside);
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return { done: Promise.resolve(), by: 'node' };
  }
  const here = () => rm(aside, { recursive: true, force: true }).catch(() => undefined);
  if (process.platform === 'win32') return { done: here(), by: 'node' };
  const done = new Promise<void>((resolveDone) => {
    let over = false;
    // No rm on the PATH, or it could not delete everything: this process finishes the job.
    const end = (ok: boolean) => {
      if (over) return;
      over = true;
      if (ok) resolveDone();
      else void here().then(resolveDone);
    };
    const child = spawn('rm', ['-rf', '--', aside], { stdio: 'ignore' });
    child.on('error', () => end(false));
    child.on('exit', (code) => end(code === 0));
  });
  return { done, by: 'rm' };
}
