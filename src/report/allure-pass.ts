// The Allure pass, started from the runner: the run's Allure results are written from its results log by a Node
// process of its own (allure-pass-process.ts), not by Playwright's runner. The runner already holds the whole run
// (Playwright's tests, results and IPC); writing 7 files per scenario there, at the end, grew it by 60 to 90 MB at
// 5,000 scenarios, whereas a process that holds only the pass starts small and ends with it. The process is started
// once the first scenario has begun, so that it has loaded Allure's library by the time the workers are done, and
// waits on its stdin for the attempts; a runner that ends without giving them (interrupted) leaves it nothing to do.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RunOverview } from './allure-meta.js';
import type { AllureAttempt } from './allure-results.js';

/** One attempt, with the key the log's records are matched by (`test#retry`). */
export type KeyedAttempt = AllureAttempt & { key: string };

/** What the pass is given when the workers are done. */
export interface AllurePassInput {
  /** The allure-results folder. */
  dir: string;
  /** Every attempt of the run; one that came attached (no copy in the log) carries its record. */
  attempts: KeyedAttempt[];
  /** What only the whole run knows, for environment.properties and executor.json. */
  overview: RunOverview;
}

export interface AllurePass {
  /** The pass's process id (undefined if it could not be started). */
  readonly pid: number | undefined;
  /** Hands the pass the run's attempts and waits for it to end; rejects with what it said if it failed. */
  write(input: AllurePassInput): Promise<void>;
}

/** Where the pass's entry is: next to this module, compiled (.js) or run from the sources (.ts, under tsx). */
function allurePassEntry(): { file: string; execArgv: string[] } {
  const ts = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(`./allure-pass-process.${ts ? 'ts' : 'js'}`, import.meta.url));
  return { file, execArgv: ts ? ['--import', 'tsx'] : [] };
}

/** Starts the pass's process (it inherits the environment, the plan's path with it); it waits for `write`. */
export function startAllurePass(): AllurePass {
  const { file, execArgv } = allurePassEntry();
  const child = spawn(process.execPath, [...execArgv, file], { stdio: ['pipe', 'ignore', 'pipe'] });
  // Its start (Node's, then loading Allure's library) falls while the workers run: at a lower priority it takes
  // what they leave of the cores, not a share of them. At the end it is the one process left working.
  if (child.pid) {
    try {
      setPriority(child.pid, 10);
    } catch {
      // Not allowed here: it runs at the runner's priority.
    }
  }
  let said = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    if (said.length < 64_000) said += c;
  });
  // A pass that died early makes the write below fail with EPIPE: its exit says why.
  child.stdin.on('error', () => undefined);
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolveEnd) => {
    child.on('error', (error) => resolveEnd({ code: null, signal: null, error }));
    child.on('close', (code, signal) => resolveEnd({ code, signal }));
  });
  // Until it is given the attempts, the pass must not keep the runner alive (a run stopped early ends without it).
  // (Its pipes are sockets, which can be unref'd like the process itself.)
  const pipes = [child.stdin, child.stderr] as unknown as { ref(): void; unref(): void }[];
  child.unref();
  for (const p of pipes) p.unref();
  return {
    pid: child.pid,
    async write(input) {
      child.ref();
      for (const p of pipes) p.ref();
      child.stdin.end(JSON.stringify(input));
      const { code, signal, error } = await ended;
      if (error) throw new Error(`the Allure results could not be written: ${process.execPath} did not start (${error.message})`);
      if (code !== 0) throw new Error(said.trim() || `the Allure results could not be written: the pass ended with ${signal ?? `exit code ${code}`}`);
    },
  };
}
