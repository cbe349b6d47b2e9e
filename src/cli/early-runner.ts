// Playwright's runner for `vouch run`, started before vouch has loaded its own modules or read its command line.
// Loading Playwright takes the runner most of a second, and vouch's start-up and the plan's preparation about as
// long: started first, the runner loads while vouch does the rest, then waits on a pipe for the plan
// (results/plan.ts, PLAN_PIPE_ENV). bin/vouch.js calls startEarlyRunner before it imports anything else; the run
// command takes the runner with takeEarlyRunner, or starts one itself (a CA for the targets, or no early runner).
// This module is on every `vouch` command's start-up path: it imports only what starting the runner needs.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { goLine, PARENT_PID_ENV, PLAN_PIPE_ENV, type RunnerGo } from '../results/plan.js';
import { startPlaywright, type StartedPlaywright } from './playwright-process.js';

export interface WaitingRunner {
  started: StartedPlaywright;
  /** Lets the runner read its config with these settings. */
  go(go: RunnerGo): void;
  /** Ends a runner that was not told to go: the pipe closes, and the runner exits; then the group is killed. */
  callOff(): void;
}

const pwCli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const pwConfig = fileURLToPath(new URL('../runner/pw.config.js', import.meta.url));

/** A runner that loads Playwright, then waits for `go`. `env` is the whole environment it starts with. */
export function startWaitingRunner(env: NodeJS.ProcessEnv): WaitingRunner {
  const started = startPlaywright(
    [pwCli, 'test', '-c', pwConfig],
    {
      ...env,
      PW_DISABLE_TS_ESM: '1',
      // The reporter's summary time counts from vouch's start (performance.timeOrigin is this process's start).
      VOUCH_STARTED_AT: String(Math.round(performance.timeOrigin)),
      [PARENT_PID_ENV]: String(process.pid),
      [PLAN_PIPE_ENV]: '3',
    },
    undefined,
    { pipe: true },
  );
  let told = false;
  return {
    started,
    go: (go) => {
      told = true;
      started.tell(goLine(go), true);
    },
    callOff: () => {
      if (told) return;
      told = true;
      started.tell('', true);
      started.kill();
    },
  };
}

let early: WaitingRunner | undefined;

/** Whether these arguments ask for a run (not its help): only then is a runner worth starting early. */
export function asksForRun(argv: string[]): boolean {
  const args = argv.slice(2);
  if (args[0] !== 'run') return false;
  const end = args.indexOf('--');
  return !(end >= 0 ? args.slice(0, end) : args).some((a) => a === '--help' || a === '-h' || a === '--version');
}

/** Called by bin/vouch.js first: starts the runner for a `vouch run`, ends it with this process unless taken. */
export function startEarlyRunner(argv: string[]): void {
  if (!asksForRun(argv)) return;
  early = startWaitingRunner(process.env);
  // A command line or suite refused before the run takes the runner: the runner goes with this process.
  process.on('exit', () => early?.callOff());
}

/** The runner started early, if any; from now on the caller tells it to go or calls it off. */
export function takeEarlyRunner(): WaitingRunner | undefined {
  const taken = early;
  early = undefined;
  return taken;
}
