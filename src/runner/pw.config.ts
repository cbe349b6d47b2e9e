// The config file given to `playwright test -c`. Under `vouch run` the plan exists (VOUCH_PLAN); under a bare
// `npx playwright test` it makes the default plan first (replay of ./suites), and the workers inherit it.
import { renderDiagnostics } from '../model/diagnostic.js';
import { existsSync, readFileSync } from 'node:fs';
import { PLAN_ENV, PLAN_READY_ENV, readPlan } from '../results/plan.js';
import { playwrightConfig } from './playwright-options.js';
import { startWatchdog } from './watchdog.js';

/**
 * `--list` and `--reporter` (which replaces Vouch's reporters) make a run that writes no Vouch report: its plan and
 * specs go to a temporary folder, so the last run's reports, plan and Allure results stay as they were.
 */
function playwrightNativeUse(argv: string[]): boolean {
  return argv.some((a) => a === '--list' || a === '--reporter' || a.startsWith('--reporter='));
}

/** Started early by `vouch run`: waits until the plan is written (or the run is called off, or vouch is gone). */
async function awaitPlan(readyFile: string): Promise<void> {
  const parent = process.ppid;
  for (;;) {
    if (existsSync(readyFile)) {
      const said = readFileSync(readyFile, 'utf8');
      if (said.startsWith('go ')) {
        process.env[PLAN_ENV] = said.slice(3).trim();
        return;
      }
      if (said.startsWith('abort')) process.exit(0);
    }
    if (process.ppid !== parent) process.exit(0);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const readyFile = process.env[PLAN_READY_ENV];
if (readyFile && !process.env[PLAN_ENV]) await awaitPlan(readyFile);

if (!process.env[PLAN_ENV]) {
  // Loaded only here: the workers (which inherit the plan) need none of the scenario loader.
  const { defaultPlanOptions, prepareRun } = await import('./prepare.js');
  const options = defaultPlanOptions(process.cwd());
  if (playwrightNativeUse(process.argv)) {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    options.output = mkdtempSync(join(tmpdir(), 'vouch-playwright-'));
    // The runner exits last (after its workers): its plan folder goes with it.
    process.on('exit', () => rmSync(options.output, { recursive: true, force: true }));
  }
  const prepared = prepareRun(options);
  if (!prepared.planFile) {
    process.stderr.write(`${renderDiagnostics(prepared.diagnostics)}\n`);
    process.exit(2);
  }
  process.env[PLAN_ENV] = prepared.planFile;
}

// Workers start after the config is read and inherit this: Vouch's spec files are plain JavaScript, and
// Playwright's TypeScript loader for ES modules costs each worker about 0.5 s of start-up.
process.env['PW_DISABLE_TS_ESM'] ??= '1';

// Under `vouch run`: the runner (and each worker that loads this file) stops at once if vouch is killed.
startWatchdog(readPlan().config.outputDir);

export default playwrightConfig();
