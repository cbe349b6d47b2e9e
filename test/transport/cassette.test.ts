// The cassette file: a broken recording keeps the old one byte for byte; damaged, foreign and stale cassettes are
// flagged with the file and what to do; a missing one blocks the scenario with the command that records it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CassetteError, cassettePath, readCassette, serializeCassette, type Cassette } from '../../src/transport/cassette.js';
import { REPLAY_BASE_URL } from '../../src/transport/replay.js';
import { options, request, scenario, startServer, tempDir, withTransport } from './helpers.js';

async function recordOnce(dir: string, steps: { path: string; base?: string }[], outcome: { transportFailed?: boolean; interrupted?: boolean } = {}) {
  const server = await startServer();
  try {
    return await withTransport(await options('record', dir, server.url), async (t) => {
      const s = await t.begin(scenario('pods-get'));
      const exchanges = [];
      for (const step of steps) exchanges.push(await s.send(request(step.base ?? server.url, 'GET', step.path)));
      const done = await s.finish({ vars: { ns: 'n1' }, transportFailed: outcome.transportFailed ?? false, interrupted: outcome.interrupted });
      return { exchanges, done };
    });
  } finally {
    await server.stop();
  }
}

test('a recording that breaks in transport or is interrupted keeps the previous cassette byte for byte', async () => {
  const dir = tempDir();
  const first = await recordOnce(dir, [{ path: '/boom' }]);
  assert.equal(first.exchanges[0]!.response?.status, 503, 'a 5xx is an answer and is recorded');
  const before = readFileSync(first.done.written!);
  const closed = await startServer();
  await closed.stop();
  const broken = await recordOnce(dir, [{ path: '/text' }, { path: '/text', base: closed.url }], { transportFailed: true });
  assert.equal(broken.exchanges[1]!.error?.kind, 'refused');
  assert.equal(broken.done.written, undefined);
  // Even when the runner does not say so, a refused request is no evidence worth writing.
  const unflagged = await recordOnce(dir, [{ path: '/text' }, { path: '/text', base: closed.url }]);
  assert.equal(unflagged.done.written, undefined);
  const interrupted = await recordOnce(dir, [{ path: '/text' }], { interrupted: true });
  assert.equal(interrupted.done.written, undefined);
  assert.deepEqual(readFileSync(first.done.written!), before);
  const ok = await recordOnce(dir, [{ path: '/text' }]);
  assert.equal(ok.done.written, first.done.written);
  assert.equal(readCassette(ok.done.written!).exchanges[0]!.response.bodyText, 'plain words\n');
});

async function replayBegin(dir: string, s = scenario('pods-get')) {
  return withTransport(await options('replay', dir, REPLAY_BASE_URL), async (t) => {
    const session = await t.begin(s);
    const e = await session.send(request(REPLAY_BASE_URL, 'GET', '/boom'));
    return { session, e };
  });
}

function damage(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

async function cassetteError(dir: string): Promise<CassetteError> {
  try {
    await replayBegin(dir);
  } catch (e) {
    assert.ok(e instanceof CassetteError, `expected a CassetteError, got ${String(e)}`);
    return e;
  }
  assert.fail('a damaged cassette must not replay');
}

test('tampered cassettes are flagged with the file, the problem and what to do', async () => {
  const dir = tempDir();
  const { done } = await recordOnce(dir, [{ path: '/boom' }]);
  const file = done.written!;
  const good = readCassette(file);

  damage(file, '{\n  "format": 1,\n  "scenario": {,\n}\n');
  let e = await cassetteError(dir);
  assert.equal(e.problem, 'not-json');
  assert.equal(e.file, file);
  assert.equal(e.diagnostics[0]!.location?.line, 3, 'the JSON error is located');
  assert.match(e.diagnostics[0]!.hint ?? '', /re-record it with: vouch run --mode record/);

  damage(file, serializeCassette(good).replace('"format": 1', '"format": 2'));
  e = await cassetteError(dir);
  assert.equal(e.problem, 'format');
  assert.match(e.message, /cassette has format 2; this Vouch reads format 1/);

  damage(file, serializeCassette({ ...good, scenario: { ...good.scenario, id: 'jobs-list' } }));
  e = await cassetteError(dir);
  assert.equal(e.problem, 'other-scenario');
  assert.match(e.message, /belongs to scenario 'jobs-list', not 'pods-get'/);

  const noStatus = JSON.parse(serializeCassette(good)) as { exchanges: { response: { status?: number } }[] };
  delete noStatus.exchanges[0]!.response.status;
  damage(file, JSON.stringify(noStatus));
  e = await cassetteError(dir);
  assert.equal(e.problem, 'invalid');
  assert.match(e.message, /\/exchanges\/0\/response: missing required field 'status'/);
});

test('a stale cassette is noted with the command to re-record, and still replays', async () => {
  const dir = tempDir();
  await recordOnce(dir, [{ path: '/boom' }]);
  const { session, e } = await replayBegin(dir, scenario('pods-get', { hash: 'sha256:bbbbbbbbbbbbbbbbbbbb' }));
  assert.equal(session.notes.length, 1);
  assert.match(
    session.notes[0]!,
    /^cassette is stale: the scenario changed since it was recorded \(recorded from aaaaaaaaaaaa, the scenario is now bbbbbbbbbbbb/,
  );
  assert.match(session.notes[0]!, /re-record with: vouch run --mode record --target demo=URL suites\/demo\/pods-get\.yaml$/);
  assert.equal(e.response?.status, 503);
});

test('a missing cassette blocks the scenario, naming the expected path and how to record it', async () => {
  const dir = tempDir();
  const { session, e } = await replayBegin(dir);
  assert.equal(session.blocked?.kind, 'no-cassette');
  assert.match(session.blocked!.message, new RegExp(`expected ${cassettePath(dir, 'demo', 'pods-get').replace(/[/.]/g, '\\$&')}`));
  assert.equal(session.blocked!.hint, 'record it: vouch run --mode record --target demo=URL suites/demo/pods-get.yaml');
  assert.equal(e.error?.kind, 'no-cassette');
});

test('serialisation is stable: keys in one order whatever order they came in', () => {
  const c: Cassette = {
    vars: { b: 1, a: { z: 1, y: 2 } },
    exchanges: [
      {
        durationMs: 3,
        response: { headers: { z: '1', a: '2' }, status: 200 },
        request: { headers: {}, query: { b: '1', a: '2' }, path: '/x', method: 'GET' },
        identity: 'default',
      },
    ],
    recordedAt: '2026-01-01T00:00:00.000Z',
    target: { baseUrl: 'http://h', name: 'n', api: 'demo' },
    vouch: { version: '1' },
    scenario: { hash: 'h', file: 'f', id: 'i' },
    format: 1,
  };
  const text = serializeCassette(c);
  assert.deepEqual(Object.keys(JSON.parse(text) as object), ['format', 'scenario', 'vouch', 'target', 'recordedAt', 'vars', 'exchanges']);
  assert.ok(text.indexOf('"a": {') < text.indexOf('"b": 1') && text.indexOf('"y": 2') < text.indexOf('"z": 1'));
  assert.ok(text.indexOf('"identity"') < text.indexOf('"request"') && text.indexOf('"method"') < text.indexOf('"path"'));
  assert.equal(serializeCassette(JSON.parse(text) as Cassette), text, 'a round trip changes nothing');
  assert.ok(text.endsWith('}\n'));
});
