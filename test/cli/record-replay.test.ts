// Record and replay through the CLI, as a user runs them: record against a live server, stop it, replay with the
// same verdict; no token in the cassettes or reports; a scenario without a cassette is broken with the fix.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { scanPaths } from '../../src/evidence/secret-scan.js';
import { fixtureCopy, runVouch } from '../helpers/cli.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

const tokens = { VOUCH_DEMO_DEFAULT_TOKEN: 'tok-default-1234', VOUCH_DEMO_OWNER_TOKEN: 'tok-owner-5678' };

function verdicts(dir: string): Record<string, string> {
  const s = JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')) as { scenarios: { id: string; verdict: string }[] };
  return Object.fromEntries(s.scenarios.map((x) => [x.id, x.verdict]));
}

describe('vouch run --mode record, then replay', () => {
  let server: DemoServer;
  let dir: string;
  before(async () => {
    server = await startDemoServer();
    dir = fixtureCopy('backbone');
  });
  after(() => server.close());

  it('records live, then replays with the server stopped and the same verdict', async () => {
    const rec = await runVouch(['run', 'suites/items.yaml', '--mode', 'record', '--target', `demo=${server.url}`], { cwd: dir, env: tokens });
    assert.equal(rec.code, 0, rec.stdout + rec.stderr);
    const recorded = verdicts(dir);
    assert.equal(recorded['items-create-read'], 'passed');
    const files = ['items-create-read', 'items-identities'].map((id) => join(dir, 'cassettes', 'demo', `${id}.json`));
    const secrets = Object.entries(tokens).map(([name, value]) => ({ name, value }));
    assert.deepEqual(scanPaths([join(dir, 'cassettes'), join(dir, 'reports')], secrets).findings, [], 'no token in cassettes or reports');
    for (const f of files) assert.doesNotMatch(readFileSync(f, 'utf8'), /tok-(default|owner)/);

    await server.close();
    const hits = server.log.length;
    // The identities scenario asserts on echoed credentials, which a cassette never holds: it cannot replay.
    const rep = await runVouch(['run', 'suites/items.yaml', '--grep', 'create'], { cwd: dir, env: {} });
    assert.equal(rep.code, 0, rep.stdout + rep.stderr);
    assert.match(rep.stdout, /\(replay\)/);
    assert.equal(verdicts(dir)['items-create-read'], recorded['items-create-read']);
    assert.equal(server.log.length, hits, 'replay sent nothing');
  });

  it('a scenario without a cassette is broken, with the command that records it', async () => {
    rmSync(join(dir, 'cassettes', 'demo', 'items-create-read.json'));
    const r = await runVouch(['run', 'suites/items.yaml', '--grep', 'create'], { cwd: dir, env: {} });
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.equal(verdicts(dir)['items-create-read'], 'broken');
    assert.match(r.stdout + r.stderr, /record it: vouch run --mode record --target demo=URL suites\/items\.yaml/);
  });
});
