// The config file given to `playwright test -c`. Under `vouch run` the plan exists (VOUCH_PLAN); under a bare
// `npx playwright test` it makes the default plan first (replay of ./suites), and the workers inherit it.
import { renderDiagnostics } from '../model/diagnostic.js';
import { PLAN_ENV, PLAN_PIPE_ENV, parseGoLine, type RunnerGo, readPlan } from '../results/plan.js';
import { playwrightConfig } from './playwright-options.js';
import { startWatchdog } from './watchdog.js';

/**
 * `--list` and `--reporter` (which replaces Vouch's reporters) make a run that writes no Vouch report: its plan and
 * specs go to a temporary folder, so the last run's reports, plan and Allure results stay as they were.
 */
function playwrightNativeUse(argv: string[]): boolean {
  return argv.some((a) => a === '--list' || a === '--reporter' || a.startsWith('--reporter='));
}

/**
 * Started early by `vouch run` (cli/early-runner.ts): waits on the pipe at `fd` for its one line. `go` and the plan's
 * settings let the run start; anything else, or the pipe closing first (the run refused, vouch gone), ends the runner.
 */
async function awaitGo(fd: number): Promise<RunnerGo> {
  const { Socket } = await import('node:net');
  return new Promise((resolveGo) => {
    const pipe = new Socket({ fd, readable: true, writable: false });
    let text = '';
    const stop = () => process.exit(0);
    pipe.setEncoding('utf8');
    pipe.on('data', (chunk: string) => {
      text += chunk;
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      pipe.off('end', stop);
      pipe.off('error', stop);
      pipe.on('error', () => undefined);
      pipe.destroy();
      const go = parseGoLine(text.slice(0, nl));
      if (go) resolveGo(go);
      else stop();
    });
    pipe.on('end', stop);
    pipe.on('error', stop);
  });
}

const pipeFd = process.env[PLAN_PIPE_ENV];
let told: RunnerGo | undefined;
if (pipeFd && !process.env[PLAN_ENV]) {
  told = await awaitGo(Number(pipeFd));
  // The workers start after the config is read, and inherit these.
  Object.assign(process.env, told.env);
  process.env[PLAN_ENV] = told.plan;
}

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

const config = playwrightConfig();
// What `vouch run`'s command line asked for (Playwright's own flags would say the same: --retries, --workers, --shard).
if (told) {
  config.retries = told.retries;
  if (told.workers !== undefined) config.workers = told.workers;
  if (told.shard) config.shard = told.shard;
}
export default config;
