// Record against a live server, then replay with the server stopped: same exchanges, identities kept apart,
// no token written, unmatched requests explained, the network refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Exchange } from '../../src/model/types.js';
import { cassettePath } from '../../src/transport/cassette.js';
import { REPLAY_BASE_URL } from '../../src/transport/replay.js';
import type { ScenarioSession } from '../../src/transport/types.js';
import { TOKENS, options, request, scenario, startServer, tempDir, withTransport } from './helpers.js';

const NS = '/api/v1/namespaces/vouch-r1/pods/p1';
const VARS = { run: { id: 'r1' }, ns: 'vouch-r1', note: `made with ${TOKENS.owner}` };

/** The scenario's steps, in the order given; `swap` sends the non-owner's update before the owner's. */
async function runSteps(s: ScenarioSession, base: string, swap = false): Promise<Exchange[]> {
  const owner = () => s.send(request(base, 'PUT', `${NS}/status`, { as: 'owner', json: { status: { phase: 'Running' } } }));
  const other = () => s.send(request(base, 'PUT', `${NS}/status`, { as: 'other', json: { status: { phase: 'Running' } } }));
  const out: Exchange[] = [];
  out.push(await s.send(request(base, 'GET', NS, { as: 'owner' })));
  if (swap) out.push(await other(), await owner());
  else out.push(await owner(), await other());
  out.push(await s.send(request(base, 'POST', '/echo', { as: 'owner', json: { token: TOKENS.owner, spec: { password: 'hunter2-long' } } })));
  out.push(await s.send(request(base, 'GET', '/boom')));
  out.push(await s.send(request(base, 'GET', '/text')));
  out.push(await s.send(request(base, 'GET', '/echo', { query: { limit: '5' }, headers: { 'x-api-key': 'key-123456', 'x-trace': 'abc' } })));
  return out;
}

/** What must be the same whether an answer came live or from the cassette. */
function essence(e: Exchange) {
  const { request: q, response: r } = e;
  return {
    request: { method: q.method, path: q.path, query: q.query, identity: q.identity, body: q.body },
    response: r && { status: r.status, body: r.body, bodyText: r.bodyText, contentType: r.headers['content-type'] },
    error: e.error?.kind,
  };
}

/** The live answers with the owner's token redacted, as the cassette holds them. */
function asRecorded(x: ReturnType<typeof essence>): ReturnType<typeof essence> {
  if (!x.response?.bodyText.includes(TOKENS.owner!)) return x;
  const text = x.response.bodyText.split(TOKENS.owner!).join('<redacted>');
  return { ...x, response: { ...x.response, bodyText: text, body: JSON.parse(text) } };
}

async function record(dir: string) {
  const server = await startServer();
  try {
    return await withTransport(await options('record', dir, server.url), async (t) => {
      const s = await t.begin(scenario('pod-status'));
      const live = await runSteps(s, server.url);
      const done = await s.finish({ vars: VARS, transportFailed: false });
      return { live, done, url: server.url };
    });
  } finally {
    await server.stop();
  }
}

test('record then replay with the server stopped gives the same exchanges', async () => {
  const dir = tempDir();
  const { live, done, url } = await record(dir);
  assert.equal(done.written, cassettePath(dir, 'demo', 'pod-status'));
  assert.ok(
    live.every((e) => e.response && e.source === 'live'),
    'every live step got an answer',
  );
  for (const base of [url, REPLAY_BASE_URL]) {
    // No secrets in replay (no tokens in CI): recorded `<redacted>` values match whatever is sent.
    await withTransport(await options('replay', dir, base, { secrets: [] }), async (t) => {
      const s = await t.begin(scenario('pod-status'));
      assert.equal(s.source, 'replay');
      assert.deepEqual(s.notes, []);
      assert.deepEqual(s.recordedVars, { ...VARS, note: 'made with <redacted>' });
      const replayed = await runSteps(s, base);
      assert.ok(replayed.every((e) => e.source === 'replay'));
      assert.deepEqual(replayed.map(essence), live.map(essence).map(asRecorded));
      assert.equal((await s.finish({ vars: {}, transportFailed: false })).unused, 0);
    });
  }
});

test('owner and non-owner updates of the same path keep their own answers when swapped', async () => {
  const dir = tempDir();
  await record(dir);
  await withTransport(await options('replay', dir, REPLAY_BASE_URL), async (t) => {
    const s = await t.begin(scenario('pod-status'));
    const [, first, second] = await runSteps(s, REPLAY_BASE_URL, true);
    assert.equal(first!.request.identity, 'other');
    assert.equal(first!.response?.status, 403);
    assert.equal(second!.request.identity, 'owner');
    assert.equal(second!.response?.status, 200);
  });
});

test('no token and no redacted value is anywhere in the written cassette', async () => {
  const dir = tempDir();
  const { done } = await record(dir);
  const text = readFileSync(done.written!, 'utf8');
  for (const token of Object.values(TOKENS)) assert.ok(!text.includes(token), 'token leaked into the cassette');
  for (const secret of ['hunter2-long', 'key-123456']) assert.ok(!text.includes(secret), `${secret} leaked`);
  assert.match(text, /"set-cookie": "<redacted>"/);
  assert.match(text, /"x-api-key": "<redacted>"/);
  assert.match(text, /"greeting": "hello <redacted>"/, 'a body echoing the token is scrubbed');
  assert.match(text, /"x-trace": "abc"/, 'custom non-credential headers are kept');
  assert.doesNotMatch(text, /"authorization"/i, 'credential request headers are not written');
  assert.match(text, /"identity": "other"/);
});

test('a request that matches nothing names the closest exchange and the differing body field', async () => {
  const dir = tempDir();
  await record(dir);
  await withTransport(await options('replay', dir, REPLAY_BASE_URL), async (t) => {
    const s = await t.begin(scenario('pod-status'));
    const e = await s.send(request(REPLAY_BASE_URL, 'PUT', `${NS}/status`, { as: 'owner', json: { status: { phase: 'Failed' } } }));
    assert.equal(e.error?.kind, 'no-match');
    assert.equal(e.response, undefined);
    assert.match(e.error!.message, /closest is #2 \(PUT \/api\/v1\/namespaces\/vouch-r1\/pods\/p1\/status as owner\)/);
    assert.match(e.error!.message, /body\.status\.phase: recorded "Running", sent "Failed"/);
    assert.match(e.error!.hint ?? '', /vouch run --mode record --target demo=URL suites\/demo\/pod-status\.yaml/);
    const q = await s.send(request(REPLAY_BASE_URL, 'GET', '/echo', { query: { limit: '6' } }));
    assert.match(q.error!.message, /query\.limit: recorded "5", sent "6"/);
    const who = await s.send(request(REPLAY_BASE_URL, 'GET', '/boom', { as: 'other' }));
    assert.match(who.error!.message, /identity: recorded "anonymous", sent "other"/);
    const done = await s.finish({ vars: {}, transportFailed: false });
    assert.equal(done.unused, 7);
    assert.match(s.notes.at(-1) ?? '', /7 recorded exchanges were never used: #1 GET \/api\/v1\/namespaces\/vouch-r1\/pods\/p1 as owner \(200\)/);
  });
});

test('identical requests take the recorded answers in order, and a surplus one is reported', async () => {
  const dir = tempDir();
  const server = await startServer();
  await withTransport(await options('record', dir, server.url), async (t) => {
    const s = await t.begin(scenario('twice'));
    await s.send(request(server.url, 'GET', NS, { as: 'owner' }));
    server.setPhase('Succeeded');
    await s.send(request(server.url, 'GET', NS, { as: 'owner' }));
    await s.finish({ vars: {}, transportFailed: false });
  });
  await server.stop();
  await withTransport(await options('replay', dir, REPLAY_BASE_URL), async (t) => {
    const r = await t.begin(scenario('twice'));
    const phases: unknown[] = [];
    for (let i = 0; i < 2; i++) phases.push((await r.send(request(REPLAY_BASE_URL, 'GET', NS, { as: 'owner' }))).response?.body);
    assert.deepEqual(
      phases.map((b) => (b as { status: { phase: string } }).status.phase),
      ['Running', 'Succeeded'],
    );
    const third = await r.send(request(REPLAY_BASE_URL, 'GET', NS, { as: 'owner' }));
    assert.match(third.error?.message ?? '', /the cassette has 2 such exchanges, all already used/);
  });
});

test('replay needs no server and no network: a real request is refused while it runs, allowed after', async () => {
  const dir = tempDir();
  await record(dir);
  const server = await startServer();
  try {
    const opts = await options('replay', dir, server.url);
    await withTransport(opts, async (t) => {
      const s = await t.begin(scenario('pod-status'));
      assert.equal((await s.send(request(server.url, 'GET', '/boom'))).response?.status, 503);
      const direct = await opts.client.send(request(server.url, 'GET', '/text'));
      assert.ok('error' in direct && direct.error.kind === 'network-refused', 'a request without a recorded answer must not reach the network');
      assert.equal(server.hits(), 0, 'the server saw nothing');
    });
    await withTransport(await options('live', dir, server.url), async (t) => {
      const s = await t.begin(scenario('pod-status'));
      assert.equal((await s.send(request(server.url, 'GET', '/text'))).response?.status, 200, 'nock is restored by close()');
      assert.equal(server.hits(), 1);
    });
  } finally {
    await server.stop();
  }
});

test('an indented JSON answer (?pretty=true) is recorded with its indentation and replayed laid out the same way', async () => {
  const dir = tempDir();
  const server = await startServer();
  let live: Exchange[] = [];
  try {
    await withTransport(await options('record', dir, server.url), async (t) => {
      const s = await t.begin(scenario('pretty'));
      live = [
        await s.send(request(server.url, 'GET', '/pretty')),
        await s.send(request(server.url, 'GET', '/pretty', { query: { indent: '4' } })),
        await s.send(request(server.url, 'GET', NS)),
      ];
      await s.finish({ vars: {}, transportFailed: false });
    });
  } finally {
    await server.stop();
  }
  const written = readFileSync(cassettePath(dir, 'demo', 'pretty'), 'utf8');
  assert.match(written, /"indent": " {2}"/);
  assert.match(written, /"indent": " {4}"/);
  assert.equal((written.match(/"indent": " +"/g) ?? []).length, 2, 'a compact answer records no indent');
  await withTransport(await options('replay', dir, REPLAY_BASE_URL), async (t) => {
    const s = await t.begin(scenario('pretty'));
    const replayed = [
      await s.send(request(REPLAY_BASE_URL, 'GET', '/pretty')),
      await s.send(request(REPLAY_BASE_URL, 'GET', '/pretty', { query: { indent: '4' } })),
      await s.send(request(REPLAY_BASE_URL, 'GET', NS)),
    ];
    assert.equal(replayed[0]!.response?.bodyText.trimEnd(), live[0]!.response?.bodyText.trimEnd());
    assert.equal(replayed[1]!.response?.bodyText.trimEnd(), live[1]!.response?.bodyText.trimEnd());
    assert.equal(replayed[2]!.response?.bodyText, JSON.stringify(live[2]!.response?.body));
  });
});
