// Vouch used from another project: `npm pack`, install the tarball into an empty folder, write a scenario
// there, and `npx vouch run` it against a server.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import { brotliCompressSync } from 'node:zlib';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Serves one file, brotli-compressed, at any path ending in .br (the shape re2's install script asks for). */
async function startBinaryMirror(file: string): Promise<{ url: string; close(): Promise<void> }> {
  const body = brotliCompressSync(readFileSync(file));
  const s = http.createServer((req, res) => {
    if (!req.url?.endsWith('.br')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => new Promise((ok) => s.close(() => ok())) };
}

let server: DemoServer;
before(async () => {
  server = await startDemoServer();
});
after(() => server.close());

it('installs from the packed tarball and runs a scenario in an empty project', { timeout: 600_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'vouch-pack-'));
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n').pop()!;
  const project = join(work, 'project');
  mkdirSync(join(project, 'suites'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-vouch', private: true, version: '1.0.0' }));
  // re2's install script fetches its prebuilt binary (from GitHub for a user; this machine reaches no such host) or
  // builds it from source for minutes: here it fetches the one this checkout built, from a mirror on 127.0.0.1.
  const mirror = await startBinaryMirror(join(repoRoot, 'node_modules', 're2', 'build', 'Release', 're2.node'));
  const mirrorEnv = { ...process.env, RE2_DOWNLOAD_MIRROR: mirror.url, RE2_DOWNLOAD_SKIP_PATH: '1', RE2_DOWNLOAD_SKIP_VER: '1' };
  const install = await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', join(work, packed)], { cwd: project, encoding: 'utf8', env: mirrorEnv })
    .then((r) => ({ status: 0, ...r }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ status: e.code, stdout: e.stdout, stderr: e.stderr }))
    .finally(() => mirror.close());
  assert.equal(install.status, 0, install.stderr);
  assert.match(install.stdout, /Writing to build\/Release\/re2\.node/, `re2 came from the mirror, not a build:\n${install.stdout}`);
  writeFileSync(
    join(project, 'suites', 'who.yaml'),
    ['id: who-am-i', 'title: The server sees no credential', 'api: demo', 'steps:', '  - name: who', '    as: anonymous', '    request: { method: GET, path: /whoami }', '    expect: { status: 200, body: { auth: null } }', ''].join('\n'),
  );
  const env = { ...process.env, NO_COLOR: '1' };
  // Asynchronous: the server answering it lives in this process.
  const run = await promisify(execFile)('npx', ['vouch', 'run', '--target', `demo=${server.url}`], { cwd: project, encoding: 'utf8', env }).catch((e: { code: number; stdout: string; stderr: string }) => e);
  assert.equal('code' in run ? run.code : 0, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /1 passed, 0 failed, 0 broken/);
  const summary = JSON.parse(readFileSync(join(project, 'reports', 'summary.json'), 'utf8')) as { scenarios: { id: string; verdict: string }[] };
  assert.deepEqual(summary.scenarios.map((s) => [s.id, s.verdict]), [['who-am-i', 'passed']]);
  const help = spawnSync('npx', ['vouch', '--help'], { cwd: project, encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Exit codes: 0 passed; 1 a scenario failed; 2/);
});
