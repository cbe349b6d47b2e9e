// Runs the built `vouch` CLI the way a user does, in a given folder, and returns what it printed.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const vouchBin = join(repoRoot, 'bin', 'vouch.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runVouch(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    for (const k of Object.keys(env)) if (/^VOUCH_.*_(TOKEN|URL)$/.test(k) && !(opts.env && k in opts.env)) delete env[k];
    const child = spawn(process.execPath, [vouchBin, ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Copies a fixture folder into a fresh temporary folder, so runs write their reports there. */
export function fixtureCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `vouch-${name.replace(/\W/g, '-')}-`));
  cpSync(join(repoRoot, 'test', 'fixtures', name), dir, { recursive: true });
  return dir;
}

/** No stack trace: no `    at fn (file:line)` lines and no internal error marker. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]\d+/m.test(text) || text.includes('error[internal]');
}

/** A fresh temporary project holding these files (paths relative to it, folders made as needed). */
export function writeProject(name: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), `vouch-${name.replace(/\W/g, '-')}-`));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
