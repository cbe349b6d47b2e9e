// Guards for Playwright's processes under `vouch run`, from a thread of their own, so they act even while the main
// thread is stuck in code that never yields:
// - parent death: when `vouch` is gone (SIGKILL), the runner and its workers stop at once, writing nothing more
//   (they had rewritten every cassette about 4 s after vouch was killed);
// - the scenario limit: a worker whose scenario ran past limits.scenarioTimeout while its event loop was blocked
//   (where Playwright's own test timeout cannot fire) is stopped, and leaves the one-line cause for the reporter.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { causeFile, PARENT_PID_ENV } from '../results/plan.js';
import { limitCause } from '../results/verdicts.js';
import { processAlive } from '../util/process.js';

/** How long after the limit a blocked worker is stopped (Playwright's own timeout gets the first chance). */
export const GRACE_MS = 2000;

const startPpid = process.ppid;

/** This process's group (Linux: /proc/self/stat), or undefined where that cannot be read. */
function processGroup(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(fields[2]);
    return Number.isInteger(pgrp) ? pgrp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether this process's group is the one vouch made for Playwright alone (the runner leads it; its workers' parent
 * does): only then may the guard stop the whole group. Anywhere else it stops this process only.
 */
function ownGroup(): boolean {
  const pgrp = processGroup();
  return pgrp !== undefined && (pgrp === process.pid || pgrp === startPpid);
}

/** True once the process that started this one, or vouch itself, is gone: nothing more may be written. */
export function orphaned(env: NodeJS.ProcessEnv = process.env): boolean {
  const vouch = Number(env[PARENT_PID_ENV]);
  if (!Number.isInteger(vouch) || vouch <= 0) return false;
  return process.ppid !== startPpid || !processAlive(vouch);
}

export interface Watchdog {
  /** A scenario starts: it must end within `limitMs`. */
  begin(scenarioId: string, limitMs: number): void;
  end(): void;
  stop(): void;
}

let started: Watchdog | undefined;

/** Starts the guard thread once per process (under `vouch run` only); returns undefined elsewhere. */
export function startWatchdog(outputDir: string, env: NodeJS.ProcessEnv = process.env): Watchdog | undefined {
  if (started) return started;
  const vouch = Number(env[PARENT_PID_ENV]);
  if (!Number.isInteger(vouch) || vouch <= 0) return undefined;
  // [0]: this thread's last heartbeat (ms since the epoch), written every 250 ms while its event loop turns.
  const beat = new Float64Array(new SharedArrayBuffer(8));
  beat[0] = Date.now();
  const heart = setInterval(() => (beat[0] = Date.now()), 250);
  heart.unref();
  mkdirSync(join(outputDir, '.vouch', 'watchdog'), { recursive: true });
  // No inherited execArgv: the process's own flags and loaders (tsx, --input-type) are not the thread's business.
  const thread = new Worker(new URL('./watchdog-thread.js', import.meta.url), {
    execArgv: [],
    workerData: { beat, vouchPid: vouch, startPpid, graceMs: GRACE_MS, killGroup: ownGroup() },
  });
  thread.unref();
  // A guard that cannot start must not take the run down with it: the run goes on unguarded, as before.
  thread.on('error', (e) => process.stderr.write(`vouch: the watchdog thread stopped: ${e.message}\n`));
  started = {
    begin: (scenarioId, limitMs) =>
      thread.postMessage({ scenarioId, file: causeFile(outputDir, scenarioId), limitMs, deadline: Date.now() + limitMs + GRACE_MS }),
    end: () => thread.postMessage({ scenarioId: undefined }),
    stop: () => {
      clearInterval(heart);
      void thread.terminate();
      started = undefined;
    },
  };
  return started;
}

export function writeCause(file: string, limitMs: number): void {
  writeFileSync(file, `${limitCause(limitMs, 'blocked')}\n`);
}
