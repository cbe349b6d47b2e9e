// One run at a time per output folder: two runs sharing reports/ replaced each other's plan (the first crashed with
// ENOENT and lost its results) or mixed their Allure results (44 for 22 tests). A lock file holds the owner's pid;
// a lock whose process is gone (a SIGKILL, a power cut) is stale and taken over.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Diagnostic } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { processAlive } from '../util/process.js';

interface LockOwner {
  pid: number;
  startedAt: string;
}

export function lockFile(outputDir: string): string {
  return join(outputDir, '.vouch', 'run.lock');
}

function owner(file: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof o.pid === 'number' ? { pid: o.pid, startedAt: String(o.startedAt ?? '?') } : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the output folder for this process (released when it exits), or says who holds it. */
export function lockOutput(outputDir: string, cwd = process.cwd()): Diagnostic | undefined {
  const file = lockFile(outputDir);
  mkdirSync(join(outputDir, '.vouch'), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const o = owner(file);
      if (o && o.pid !== process.pid && processAlive(o.pid)) return busy(outputDir, o, cwd);
      // Stale (its process is gone) or half-written by an owner that died at once: take it over.
      rmSync(file, { force: true });
      continue;
    }
    writeSync(fd, `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockOwner)}\n`);
    closeSync(fd);
    process.once('exit', () => {
      if (owner(file)?.pid === process.pid) rmSync(file, { force: true });
    });
    return undefined;
  }
  return busy(outputDir, owner(file) ?? { pid: 0, startedAt: '?' }, cwd);
}

function busy(outputDir: string, o: LockOwner, cwd: string): Diagnostic {
  const shown = relative(cwd, outputDir) || '.';
  const name = shown.startsWith('..') ? outputDir : shown;
  return diag(
    'output-in-use',
    `the output folder ${name}/ is in use by another vouch run (pid ${o.pid}, started ${o.startedAt}); two runs in one folder overwrite each other's results`,
    {
      hint: `give this run its own folder with --output DIR (for example --output ${name}-2), or wait for the other run to end`,
    },
  );
}
