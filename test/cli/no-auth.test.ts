// APIs without authentication, through the CLI: `auth: none` on an API, or `anonymous: true` on an identity in
// vouch.config.yaml, means no credential is needed (no token variable asked for) and none is sent, even when one is set.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runVouch, writeProject } from '../helpers/cli.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

const who = [
  'id: open-whoami',
  'title: The server sees no credential',
  'api: open',
  'steps:',
  '  - name: as default',
  '    request: { method: GET, path: /whoami }',
  '    expect: { status: 200, body: { auth: null } }',
  '',
].join('\n');
const whoOwner = [
  'id: open-owner',
  'title: An owner step',
  'api: open',
  'steps:',
  '  - name: as owner',
  '    as: owner',
  '    request: { method: GET, path: /whoami }',
  '    expect: { status: 200, body: { auth: null } }',
  '',
].join('\n');

describe('APIs without authentication', () => {
  let server: DemoServer;
  before(async () => {
    server = await startDemoServer();
  });
  after(() => server.close());

  it('auth: none on the API: no token asked for, none sent for any identity, even with one in the environment', async () => {
    const dir = writeProject('auth-none', {
      'vouch.config.yaml': 'targets:\n  open:\n    auth: none\n',
      'suites/who.yaml': who,
      'suites/owner.yaml': whoOwner,
    });
    server.log.length = 0;
    const r = await runVouch(['run', '--target', `open=${server.url}`], { cwd: dir, env: { VOUCH_OPEN_DEFAULT_TOKEN: 'tok-should-not-be-sent' } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /2 passed, 0 failed, 0 broken/);
    assert.deepEqual(
      server.log.map((l) => l.authorization ?? null),
      [null, null],
    );
  });

  it('identities: { default: { anonymous: true } }: the default identity needs and sends no credential', async () => {
    const dir = writeProject('anon-default', {
      'vouch.config.yaml': 'targets:\n  open:\n    identities:\n      default: { anonymous: true }\n',
      'suites/who.yaml': who,
    });
    server.log.length = 0;
    const r = await runVouch(['run', '--target', `open=${server.url}`], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(
      server.log.map((l) => l.authorization ?? null),
      [null],
    );
    const s = JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')) as { scenarios: { verdict: string }[] };
    assert.equal(s.scenarios[0]!.verdict, 'passed');
  });

  it('an identity the config does not make anonymous still needs its token', async () => {
    const dir = writeProject('anon-default-owner', {
      'vouch.config.yaml': 'targets:\n  open:\n    identities:\n      default: { anonymous: true }\n',
      'suites/owner.yaml': whoOwner,
    });
    const r = await runVouch(['run', '--target', `open=${server.url}`], { cwd: dir });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /identity 'owner' of open has no credential: VOUCH_OPEN_OWNER_TOKEN is not set/);
  });

  it('a misspelt auth value is a located config error', async () => {
    const dir = writeProject('auth-typo', { 'vouch.config.yaml': 'targets:\n  open:\n    auth: nothing\n', 'suites/who.yaml': who });
    const r = await runVouch(['run', '--target', `open=${server.url}`], { cwd: dir });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /vouch\.config\.yaml:3:11: error\[config\]: targets\.open\.auth: must be equal to one of the allowed values \(none, bearer\)/);
  });
});
