// The guard thread of runner/watchdog.ts: every 200 ms, checks that vouch and this process's parent are still there
// (else SIGKILL to the whole process group: the Playwright runner and its workers), and that the running scenario,
// if any, is within its limit or its thread's event loop is still turning (else SIGKILL to this process alone).
import { parentPort, workerData } from 'node:worker_threads';
import { writeCause } from './watchdog.js';
import { processAlive } from '../util/process.js';

interface Data {
  beat: Float64Array;
  vouchPid: number;
  startPpid: number;
  graceMs: number;
  /** This process is in the group vouch made for Playwright: stop the whole group, not this process alone. */
  killGroup: boolean;
}

interface Running {
  scenarioId?: string;
  file?: string;
  limitMs?: number;
  deadline?: number;
}

const data = workerData as Data;
let running: Running = {};

parentPort?.on('message', (m: Running) => {
  running = m;
});

function kill(target: number): void {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}

const timer = setInterval(() => {
  if (process.ppid !== data.startPpid || !processAlive(data.vouchPid)) {
    // Pid 0: every process of this one's group, which vouch made for Playwright alone.
    if (data.killGroup) kill(0);
    kill(process.pid);
    return;
  }
  const now = Date.now();
  const blocked = now - (data.beat[0] ?? now) > data.graceMs;
  if (running.scenarioId && running.deadline !== undefined && now > running.deadline && blocked) {
    try {
      if (running.file) writeCause(running.file, running.limitMs ?? 0);
    } finally {
      kill(process.pid);
    }
  }
}, 200);
// The process does not wait for this thread (runner/watchdog.ts unrefs it); the timer keeps the thread itself going.
void timer;
