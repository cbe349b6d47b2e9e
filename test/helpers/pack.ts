// Vouch as a user installs it: `npm pack` of this checkout, installed into another folder. re2's install script
// fetches its prebuilt binary (from GitHub for a user; this machine reaches no such host) or builds it from source for
// minutes: here it fetches the one this checkout built, from a mirror on 127.0.0.1.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync } from 'node:zlib';
import { repoRoot } from './cli.js';

/** Serves one file, brotli-compressed, at any path ending in .br (the shape re2's install script asks for). */
export async function startBinaryMirror(file: string): Promise<{ url: string; close(): Promise<void> }> {
  const body = brotliCompressSync(readFileSync(file));
  const s = http.createServer((req, res) => {
    if (!req.url?.endsWith('.br')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => new Promise((ok) => s.close(() => ok())) };
}

/**
 * `npm pack` into `dir`; returns the tarball's path. Without the `prepare` script: it would rebuild dist/ file by
 * file while other tests run Vouch from it (a half-written module failed one in a full run); the tests run after
 * `npm run build`, so dist/ is what the tarball must hold.
 */
export function packVouch(dir: string): string {
  const name = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  return join(dir, name);
}

export interface Installed {
  status: number;
  stdout: string;
  stderr: string;
}

/** `npm install ARGS` in `project`, re2's binary from the local mirror. */
export async function npmInstall(project: string, args: string[]): Promise<Installed> {
  const mirror = await startBinaryMirror(join(repoRoot, 'node_modules', 're2', 'build', 'Release', 're2.node'));
  const env = { ...process.env, RE2_DOWNLOAD_MIRROR: mirror.url, RE2_DOWNLOAD_SKIP_PATH: '1', RE2_DOWNLOAD_SKIP_VER: '1' };
  return promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', ...args], { cwd: project, encoding: 'utf8', env })
    .then((r) => ({ status: 0, ...r }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ status: e.code, stdout: e.stdout, stderr: e.stderr }))
    .finally(() => mirror.close());
}
