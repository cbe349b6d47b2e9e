// Vouch used from another project: `npm pack`, install the tarball into an empty folder, write a scenario
// there, and `npx vouch run` it against a server.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import { npmInstall, packVouch } from '../helpers/pack.js';

let server: DemoServer;
before(async () => {
  server = await startDemoServer();
});
after(() => server.close());

it('installs from the packed tarball and runs a scenario in an empty project', { timeout: 600_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'vouch-pack-'));
  const packed = packVouch(work);
  const project = join(work, 'project');
  mkdirSync(join(project, 'suites'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-vouch', private: true, version: '1.0.0' }));
  const install = await npmInstall(project, [packed]);
  assert.equal(install.status, 0, install.stderr);
  assert.match(install.stdout, /Writing to build\/Release\/re2\.node/, `re2 came from the mirror, not a build:\n${install.stdout}`);
  writeFileSync(
    join(project, 'suites', 'who.yaml'),
    [
      'id: who-am-i',
      'title: The server sees no credential',
      'api: demo',
      'steps:',
      '  - name: who',
      '    as: anonymous',
      '    request: { method: GET, path: /whoami }',
      '    expect: { status: 200, body: { auth: null } }',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, NO_COLOR: '1' };
  // Asynchronous: the server answering it lives in this process.
  const run = await promisify(execFile)('npx', ['vouch', 'run', '--target', `demo=${server.url}`], { cwd: project, encoding: 'utf8', env }).catch(
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  assert.equal('code' in run ? run.code : 0, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /1 passed, 0 failed, 0 broken/);
  const summary = JSON.parse(readFileSync(join(project, 'reports', 'summary.json'), 'utf8')) as { scenarios: { id: string; verdict: string }[] };
  assert.deepEqual(
    summary.scenarios.map((s) => [s.id, s.verdict]),
    [['who-am-i', 'passed']],
  );
  const help = spawnSync('npx', ['vouch', '--help'], { cwd: project, encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Exit codes: 0 passed; 1 a scenario failed; 2/);
});
