// `--mode record --check` (drift reported, cassettes untouched), `--mode auto`, and cassettes that cannot be
// used (exit 2 before anything is sent).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, hasStackTrace, runVouch } from '../helpers/cli.js';
import { startDemoServer } from '../helpers/demo-server.js';

const env = { VOUCH_DEMO_DEFAULT_TOKEN: 'tok-default-1234', VOUCH_DEMO_OWNER_TOKEN: 'tok-owner-5678' };
const args = ['run', 'suites/items.yaml', '--grep', 'create'];

describe('record --check, auto, unusable cassettes', () => {
  it('--check reports no drift from a server that answers the same, then the drifted field, never touching the cassette', async () => {
    const dir = fixtureCopy('backbone');
    const cassette = join(dir, 'cassettes', 'demo', 'items-create-read.json');
    // Each check runs against a fresh server, so its generated ids start where the recording's did.
    const withServer = async <T>(drift: Record<string, unknown> | undefined, fn: (url: string) => Promise<T>): Promise<T> => {
      const server = await startDemoServer({ drift });
      try {
        return await fn(server.url);
      } finally {
        await server.close();
      }
    };
    const rec = await withServer(undefined, (url) => runVouch([...args, '--mode', 'record', '--target', `demo=${url}`], { cwd: dir, env }));
    assert.equal(rec.code, 0, rec.stdout + rec.stderr);
    const stored = readFileSync(cassette, 'utf8');
    const same = await withServer(undefined, (url) => runVouch([...args, '--mode', 'record', '--check', '--target', `demo=${url}`], { cwd: dir, env }));
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.match(same.stdout, /items-create-read: no drift/);
    // A field the stored answer did not have is a server's own choice (the presence rule), not drift.
    const added = await withServer({ colour: 'red' }, (url) =>
      runVouch([...args, '--mode', 'record', '--check', '--target', `demo=${url}`], { cwd: dir, env }),
    );
    assert.equal(added.code, 0, added.stdout + added.stderr);
    assert.match(added.stdout, /items-create-read: no drift \(allowed: presence 1\)/);
    // A documented field whose JSON type changed is drift, named by field.
    const drift = await withServer({ size: 'large' }, (url) =>
      runVouch([...args, '--mode', 'record', '--check', '--target', `demo=${url}`], { cwd: dir, env }),
    );
    assert.equal(drift.code, 1, drift.stdout + drift.stderr);
    assert.match(drift.stdout, /items-create-read: 1 difference/);
    assert.match(drift.stdout, /body\.size: stored \d+, live "large" \(its JSON type changed from number to string\)/);
    assert.match(drift.stdout, /1 of 1 scenario drifted; stored cassettes were not changed/);
    assert.equal(readFileSync(cassette, 'utf8'), stored, 'the stored cassette is untouched');
  });

  it('auto records where no cassette exists and replays where one does', async () => {
    const dir = fixtureCopy('backbone');
    const server = await startDemoServer();
    try {
      const first = await runVouch([...args, '--mode', 'auto', '--target', `demo=${server.url}`], { cwd: dir, env });
      assert.equal(first.code, 0, first.stdout + first.stderr);
      assert.ok(existsSync(join(dir, 'cassettes', 'demo', 'items-create-read.json')));
      const sent = server.log.length;
      assert.ok(sent >= 3);
      const second = await runVouch([...args, '--mode', 'auto', '--target', `demo=${server.url}`], { cwd: dir, env });
      assert.equal(second.code, 0, second.stdout + second.stderr);
      assert.equal(server.log.length, sent, 'the second run replayed: nothing reached the server');
    } finally {
      await server.close();
    }
  });

  it('a cassette that is not JSON, or is another scenario’s, stops the run with exit 2 and a located message', async () => {
    const dir = fixtureCopy('backbone');
    const server = await startDemoServer();
    try {
      await runVouch([...args, '--mode', 'record', '--target', `demo=${server.url}`], { cwd: dir, env });
    } finally {
      await server.close();
    }
    const cassette = join(dir, 'cassettes', 'demo', 'items-create-read.json');
    const good = readFileSync(cassette, 'utf8');
    writeFileSync(cassette, good.replace('"format": 1,', '"format": 1,,'));
    const broken = await runVouch(args, { cwd: dir, env: {} });
    assert.equal(broken.code, 2, broken.stdout + broken.stderr);
    assert.match(broken.stderr, /cassettes\/demo\/items-create-read\.json:\d+:\d+: error\[cassette-not-json\]/);
    assert.ok(!hasStackTrace(broken.stderr));
    writeFileSync(cassette, good.replace('"id": "items-create-read"', '"id": "items-identities"'));
    const other = await runVouch(args, { cwd: dir, env: {} });
    assert.equal(other.code, 2, other.stdout + other.stderr);
    assert.match(other.stderr, /error\[cassette-other-scenario\]/);
    rmSync(join(dir, 'reports'), { recursive: true, force: true });
    assert.ok(!existsSync(join(dir, 'reports', 'summary.json')), 'nothing ran');
  });
});
