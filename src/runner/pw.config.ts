// The config file given to `playwright test -c`. Under `vouch run` the plan exists (VOUCH_PLAN); under a bare
// `npx playwright test` it makes the default plan first (replay of ./suites), and the workers inherit it.
import { renderDiagnostics } from '../model/diagnostic.js';
import { PLAN_ENV } from './plan.js';
import { defaultPlanOptions, prepareRun } from './prepare.js';
import { playwrightConfig } from './pw-config.js';

if (!process.env[PLAN_ENV]) {
  const prepared = prepareRun(defaultPlanOptions(process.cwd()));
  if (!prepared.planFile) {
    process.stderr.write(`${renderDiagnostics(prepared.diagnostics)}\n`);
    process.exit(2);
  }
  process.env[PLAN_ENV] = prepared.planFile;
}

export default playwrightConfig();
