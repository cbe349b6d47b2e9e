// The config file given to `playwright test -c`. Under `vouch run` the plan exists (VOUCH_PLAN); under a bare
// `npx playwright test` it makes the default plan first (replay of ./suites), and the workers inherit it.
import { renderDiagnostics } from '../model/diagnostic.js';
import { PLAN_ENV, readPlan } from './plan.js';
import { playwrightConfig } from './pw-config.js';
import { startWatchdog } from './watchdog.js';

if (!process.env[PLAN_ENV]) {
  // Loaded only here: the workers (which inherit the plan) need none of the scenario loader.
  const { defaultPlanOptions, prepareRun } = await import('./prepare.js');
  const prepared = prepareRun(defaultPlanOptions(process.cwd()));
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
