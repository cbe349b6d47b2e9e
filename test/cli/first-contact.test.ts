// First contact through the CLI: a run that judged nothing is never green. A target naming no API of the suites is
// a usage error with "did you mean"; a run whose scenarios are all `not run` exits 2 unless --allow-empty; every
// repeatable option takes one value per flag, so a path after it is a path.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, hasStackTrace, runVouch, writeProject } from '../helpers/cli.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

const tokens = { VOUCH_DEMO_DEFAULT_TOKEN: 'tok-default-1234', VOUCH_DEMO_OWNER_TOKEN: 'tok-owner-5678' };

function summary(dir: string): { counts: Record<string, number>; scenarios: { id: string; verdict: string }[] } {
  return JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8'));
}

const ping = (id: string, api: string, tag: string) =>
  [
    `id: ${id}`,
    `title: ${id}`,
    `api: ${api}`,
    `tags: [${tag}]`,
    'steps:',
    '  - name: who',
    '    as: anonymous',
    '    request: { method: GET, path: /whoami }',
    '    expect: { status: 200 }',
    '',
  ].join('\n');

describe('a target that names no API of the suites', () => {
  let server: DemoServer;
  let dir: string;
  before(async () => {
    server = await startDemoServer();
    dir = fixtureCopy('backbone');
  });
  after(() => server.close());

  it('--target with a typo is exit 2 with "did you mean", and nothing is sent', async () => {
    const r = await runVouch(['run', 'suites/items.yaml', '--target', `dmeo=${server.url}`], { cwd: dir, env: tokens });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /error\[unknown-api\]: --target dmeo: no scenario in suites\/items\.yaml is for API 'dmeo'; did you mean 'demo'\?/);
    assert.match(r.stderr, /hint: .*--target demo=/);
    assert.ok(!hasStackTrace(r.stdout + r.stderr));
    assert.equal(server.log.length, 0);
  });

  it('a VOUCH_<API>_URL with a typo is exit 2 with "did you mean"', async () => {
    const r = await runVouch(['run', 'suites/items.yaml'], { cwd: dir, env: { ...tokens, VOUCH_DMEO_URL: server.url } });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /error\[unknown-api\]: VOUCH_DMEO_URL: no scenario in suites\/items\.yaml is for API 'dmeo'; did you mean 'demo'\?/);
    assert.equal(server.log.length, 0);
  });

  it('a config target with a typo is exit 2 with "did you mean", located in vouch.config.yaml', async () => {
    const project = fixtureCopy('backbone');
    writeFileSync(join(project, 'vouch.config.yaml'), `targets:\n  dmeo:\n    url: ${server.url}\n`);
    const r = await runVouch(['run', 'suites/items.yaml'], { cwd: project, env: tokens });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /vouch\.config\.yaml:2:3: error\[unknown-api\]: targets\.dmeo: no scenario in suites\/items\.yaml is for API 'dmeo'; did you mean 'demo'\?/,
    );
    assert.equal(server.log.length, 0);
  });
});

describe('a run that judges nothing', () => {
  let server: DemoServer;
  let dir: string;
  before(async () => {
    server = await startDemoServer();
    dir = writeProject('empty-run', { 'suites/alpha.yaml': ping('alpha-ping', 'alpha', 'a'), 'suites/beta.yaml': ping('beta-ping', 'beta', 'b') });
  });
  after(() => server.close());

  it('is exit 2 when every selected scenario is `not run`, naming the API without a target; nothing is sent', async () => {
    const r = await runVouch(['run', '--target', `alpha=${server.url}`, '--tag', 'b'], { cwd: dir });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /error\[nothing-judged\]: none of the 1 selected scenario\(s\) would be judged: no target for API beta/);
    assert.match(r.stderr, /hint: .*--target beta=URL.*--allow-empty/);
    assert.equal(server.log.length, 0);
  });

  it('is exit 0 with --allow-empty, every scenario listed `not run`', async () => {
    const r = await runVouch(['run', '--target', `alpha=${server.url}`, '--tag', 'b', '--allow-empty'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /0 passed, 0 failed, 0 broken, 1 not run/);
    assert.deepEqual(
      summary(dir).scenarios.map((s) => [s.id, s.verdict]),
      [['beta-ping', 'not run']],
    );
  });

  it('still runs live what has a target, listing the rest `not run`', async () => {
    const r = await runVouch(['run', '--target', `alpha=${server.url}`], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 passed, 0 failed, 0 broken, 1 not run/);
  });
});

describe('every repeatable option takes one value per flag: a path after it is a path', () => {
  let server: DemoServer;
  let dir: string;
  before(async () => {
    server = await startDemoServer();
    dir = fixtureCopy('backbone');
  });
  after(() => server.close());

  it('--tag T PATH runs the scenarios of PATH with tag T', async () => {
    const r = await runVouch(['run', '--target', `demo=${server.url}`, '--tag', 'failing', 'failing'], { cwd: dir, env: tokens });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.deepEqual(
      summary(dir).scenarios.map((s) => s.id),
      ['items-wrong-status'],
    );
  });

  it('--target API=URL PATH (the form of the record hint Vouch prints) runs PATH', async () => {
    const r = await runVouch(['run', '--mode', 'record', '--target', `demo=${server.url}`, 'failing/fail.yaml'], { cwd: dir, env: tokens });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.deepEqual(
      summary(dir).scenarios.map((s) => s.id),
      ['items-wrong-status'],
    );
  });

  it('-t API=URL PATH too', async () => {
    const r = await runVouch(['run', '-t', `demo=${server.url}`, 'failing'], { cwd: dir, env: tokens });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.deepEqual(
      summary(dir).scenarios.map((s) => s.id),
      ['items-wrong-status'],
    );
  });

  it('--reporter NAME PATH runs PATH with that reporter', async () => {
    const r = await runVouch(['run', '--target', `demo=${server.url}`, '--reporter', 'null', 'failing'], { cwd: dir, env: tokens });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.deepEqual(
      summary(dir).scenarios.map((s) => s.id),
      ['items-wrong-status'],
    );
  });

  it('repeated flags still add up: --tag A --tag B PATH', async () => {
    const r = await runVouch(['run', '--target', `demo=${server.url}`, '--tag', 'smoke', '--tag', 'auth', 'suites'], { cwd: dir, env: tokens });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(
      summary(dir)
        .scenarios.map((s) => s.id)
        .sort(),
      ['items-create-read', 'items-identities'],
    );
  });

  it('cassettes verify (the old name of cassettes scan) --secret-env NAME PATH scans PATH', async () => {
    mkdirSync(join(dir, 'scan'), { recursive: true });
    writeFileSync(join(dir, 'scan', 'clean.json'), '{"ok": true}\n');
    const r = await runVouch(['cassettes', 'verify', '--secret-env', 'MY_SECRET', 'scan'], { cwd: dir, env: { MY_SECRET: 'not-in-any-file-1234' } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /scanned 1 files: no value of MY_SECRET/);
  });
});
