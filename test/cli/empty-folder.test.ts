// A vendor's own API in five minutes, end to end, as the README's "Installing Vouch in your own repository" says:
// from an empty folder, `npm i -D` the packed tarball, `npx vouch init --from openapi.yaml` (a todo API behind an API
// key), run live, record, replay with no network at all (a network namespace with nothing in it) and no key, green;
// then a server that breaks its documentation fails with FILE:LINE:COL. All in one test.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/cli.js';
import { npmInstall, packVouch } from '../helpers/pack.js';
import { startTodoServer } from '../helpers/todo-server.js';

const KEY = 'vendor-api-key-123456';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Asynchronous: the server answering the command lives in this process. */
function sh(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  for (const k of Object.keys(base)) if (/^VOUCH_/.test(k) && !(k in env)) delete base[k];
  return promisify(execFile)(file, args, { cwd, encoding: 'utf8', env: base, maxBuffer: 32 * 1024 * 1024 })
    .then((r) => ({ code: 0, ...r }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
}

it('from an empty folder: install, init from OpenAPI, live, record, offline replay green, then a located failure', { timeout: 900_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'vouch-first-contact-'));
  const tarball = packVouch(work);
  const project = join(work, 'my-api');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'my-api', version: '1.0.0', private: true }, null, 2)}\n`);
  const install = await npmInstall(project, ['-D', tarball]);
  assert.equal(install.status, 0, install.stderr);
  assert.match(readFileSync(join(project, 'package.json'), 'utf8'), /"devDependencies": \{\s*"vouch": "file:/);
  copyFileSync(join(repoRoot, 'test', 'fixtures', 'todos', 'openapi.yaml'), join(project, 'openapi.yaml'));

  const init = await sh('npx', ['vouch', 'init', '--from', 'openapi.yaml'], project);
  assert.equal(init.code, 0, init.stdout + init.stderr);
  assert.match(init.stdout, /5 scenario\(s\) in suites\/todos\//);
  assert.match(
    readFileSync(join(project, 'suites', 'todos', 'get-todo.yaml'), 'utf8'),
    /^# yaml-language-server: \$schema=\.\.\/\.\.\/node_modules\/vouch\/schema\/scenario\.schema\.json/,
  );

  const server = await startTodoServer({ apiKey: KEY });
  try {
    const live = await sh('npx', ['vouch', 'run', '--target', `todos=${server.url}`], project, { TODOS_API_KEY: KEY });
    assert.equal(live.code, 0, live.stdout + live.stderr);
    assert.match(live.stdout, /5 passed, 0 failed, 0 broken/);
    const rec = await sh('npx', ['vouch', 'run', '--mode', 'record', '--target', `todos=${server.url}`], project, { TODOS_API_KEY: KEY });
    assert.equal(rec.code, 0, rec.stdout + rec.stderr);
    assert.match(rec.stdout, /Cassettes written \(5\): cassettes\/todos\//);
  } finally {
    await server.close();
  }
  const cassettes = readdirSync(join(project, 'cassettes', 'todos'));
  assert.equal(cassettes.length, 5);
  for (const f of cassettes) assert.ok(!readFileSync(join(project, 'cassettes', 'todos', f), 'utf8').includes(KEY), `${f} holds the key`);

  // No network at all: a user and network namespace of its own, with not even a loopback up; and no key.
  const offline = await sh('unshare', ['-rn', 'npx', '--offline', 'vouch', 'run'], project);
  assert.equal(offline.code, 0, offline.stdout + offline.stderr);
  assert.match(offline.stdout, /vouch: 5 scenarios \(replay\)/);
  assert.match(offline.stdout, /5 passed, 0 failed, 0 broken/);
  const scan = await sh('npx', ['vouch', 'cassettes', 'scan', '--secret-env', 'TODOS_API_KEY'], project, { TODOS_API_KEY: KEY });
  assert.equal(scan.code, 0, scan.stdout + scan.stderr);

  const broken = await startTodoServer({ apiKey: KEY });
  broken.broken = true;
  try {
    const r = await sh('npx', ['vouch', 'run', '--target', `todos=${broken.url}`], project, { TODOS_API_KEY: KEY });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /suites\/todos\/get-todo\.yaml:\d+:\d+: error\[schema\]: done: must be boolean \(type\)/);
    assert.match(r.stdout, /\n\s*\d+ \| +schema: schemas\/openapi\.yaml#\/components\/schemas\/Todo\n\s+\| +\^+/, 'the source line with a caret');
  } finally {
    await broken.close();
  }
});
