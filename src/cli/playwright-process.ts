// Runs Playwright's CLI as a child in its own process group, so a terminal's Ctrl-C reaches vouch alone and vouch
// decides: the first Ctrl-C lets the running steps and their teardown finish (no new step starts: workers watch the
// interrupt file), the second stops everything at once. Recordings cut short keep their previous cassettes.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A second SIGINT sooner than this after the first is the same interrupt, delivered twice. */
export const SAME_INTERRUPT_MS = 100;

export interface PlaywrightExit {
  code: number;
  /** The user pressed Ctrl-C (once: the run wound down; twice: vouch exited before this returned). */
  interrupted: boolean;
  /** The time limit passed and the whole group was killed. */
  timedOut?: boolean;
  /** With `capture`: the end of what Playwright wrote to stderr. */
  stderr?: string;
}

export interface PlaywrightOptions {
  /** Kill the runner and its workers after this long (`vouch verify --time-limit`). */
  timeLimitMs?: number;
  /** Keep Playwright's output off the terminal: stdout is dropped, the last 64 kB of stderr returned. */
  capture?: boolean;
  /** Give the runner a pipe on file descriptor 3, which `tell` writes to (results/plan.ts, PLAN_PIPE_ENV). */
  pipe?: boolean;
}

const CAPTURED_BYTES = 64 * 1024;

/** A started Playwright: its exit, whether Ctrl-C was pressed yet, and a way to stop its whole group at once. */
export interface StartedPlaywright {
  done: Promise<PlaywrightExit>;
  interrupted(): boolean;
  kill(): void;
  /** With `pipe`: writes to the runner's pipe; `end` closes it. A runner already gone is not an error. */
  tell(text: string, end?: boolean): void;
  /** Where the first Ctrl-C is written for the workers to see, once the output folder is known. */
  setInterruptFile(file: string): void;
}

export function runPlaywright(args: string[], env: NodeJS.ProcessEnv, interruptFile: string, opts: PlaywrightOptions = {}): Promise<PlaywrightExit> {
  return startPlaywright(args, env, interruptFile, opts).done;
}

/** `interruptFile` may come later (setInterruptFile): until then a first Ctrl-C is only counted. */
export function startPlaywright(args: string[], env: NodeJS.ProcessEnv, interruptFile: string | undefined, opts: PlaywrightOptions = {}): StartedPlaywright {
  let interruptAt = interruptFile;
  let control: Pick<StartedPlaywright, 'interrupted' | 'kill' | 'tell'> = { interrupted: () => false, kill: () => undefined, tell: () => undefined };
  const done = new Promise<PlaywrightExit>((resolveExit) => {
    // Windows has no process groups (and `detached` would open a console): there, signals go to the runner only.
    const ownGroup = process.platform !== 'win32';
    // No stdin: a process group in the background must never wait on the terminal.
    const stdio: ('ignore' | 'inherit' | 'pipe')[] = opts.capture ? ['ignore', 'ignore', 'pipe'] : ['ignore', 'inherit', 'inherit'];
    if (opts.pipe) stdio.push('pipe');
    const child = spawn(process.execPath, args, { stdio, env, detached: ownGroup });
    const pipe = opts.pipe ? (child.stdio[3] as NodeJS.WritableStream & { destroyed?: boolean; on(e: 'error', f: () => void): unknown }) : undefined;
    // The runner may be gone before it reads (killed, or refused its config): a broken pipe says nothing new.
    pipe?.on('error', () => undefined);
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-CAPTURED_BYTES)));
    // The runner and its workers share the child's group: signal them all, never just the runner.
    const group = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(ownGroup ? -child.pid : child.pid, sig);
      } catch {
        // already gone
      }
    };
    let interrupts = 0;
    let firstAt = 0;
    control = {
      interrupted: () => interrupts > 0,
      kill: () => group('SIGKILL'),
      tell: (text, end) => {
        if (!pipe || pipe.destroyed) return;
        if (end) pipe.end(text);
        else pipe.write(text);
      },
    };
    const onInt = () => {
      // timeout(1) and some supervisors send SIGINT to the process and then to its whole group: the same request
      // can arrive twice within microseconds, and must not count as the second Ctrl-C that skips the teardown
      // (a person's second Ctrl-C comes far later than 100 ms).
      if (interrupts === 1 && Date.now() - firstAt < SAME_INTERRUPT_MS) return;
      interrupts += 1;
      if (interrupts === 1) {
        firstAt = Date.now();
        if (interruptAt !== undefined) {
          mkdirSync(dirname(interruptAt), { recursive: true });
          writeFileSync(interruptAt, `${new Date().toISOString()}\n`);
        }
        process.stderr.write('\nvouch: interrupted: no new step starts; running steps and their teardown finish (Ctrl-C again to stop at once)\n');
        return;
      }
      group('SIGKILL');
      process.stderr.write('\nvouch: stopped at once: teardown did not run; cassettes being recorded keep their previous version\n');
      process.exit(130);
    };
    // A supervisor's SIGTERM or a closed terminal: Playwright's own graceful stop, for the whole group.
    const onTerm = () => group('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    process.on('SIGHUP', onTerm);
    let timedOut = false;
    const limit =
      opts.timeLimitMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            group('SIGKILL');
          }, opts.timeLimitMs);
    // With its stderr piped, wait until the pipe is drained too.
    child.on(opts.capture ? 'close' : 'exit', (code, signal) => {
      if (limit) clearTimeout(limit);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onTerm);
      resolveExit({ code: code ?? (signal ? 130 : 1), interrupted: interrupts > 0, ...(timedOut ? { timedOut } : {}), ...(opts.capture ? { stderr } : {}) });
    });
  });
  return {
    done,
    interrupted: () => control.interrupted(),
    kill: () => control.kill(),
    tell: (text, end) => control.tell(text, end),
    setInterruptFile: (file) => {
      interruptAt = file;
    },
  };
}
