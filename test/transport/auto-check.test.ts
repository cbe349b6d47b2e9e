// `auto` records where no cassette exists and replays where one does; `--check` records into another folder and
// reports how the live answers drifted, field by field, without touching the stored cassette.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cassettePath } from '../../src/transport/cassette.js';
import { checkRecordings } from '../../src/evidence/drift-check.js';
import type { TransportOptions } from '../../src/transport/types.js';
import type { Scenario, Step } from '../../src/model/types.js';
import { options, request, scenario, startServer, tempDir, withTransport, type TestServer } from './helpers.js';

/** The scenario the recordings below come from: its GET step expects the phase (so the phase is a documented value). */
function podsScenario(id: string): Scenario {
  const step = (sid: string, index: number, expect: Record<string, unknown>): Step => ({
    id: sid,
    name: sid,
    phase: 'steps',
    index,
    as: 'owner',
    request: { method: 'GET', path: '/' },
    capture: {},
    expect,
    pointer: `/steps/${index}`,
  });
  return scenario(id, { steps: [step('get', 0, { status: 200, body: { 'status.phase': 'Running' } }), step('put', 1, { status: 403 })] });
}

async function podScenario(opts: TransportOptions, server: TestServer, id: string, ns: string, extra = true) {
  return withTransport(opts, async (t) => {
    const s = await t.begin(scenario(id));
    const pod = `/api/v1/namespaces/${ns}/pods/p1`;
    await s.send(request(server.url, 'GET', pod, { as: 'owner', step: 'get' }));
    await s.send(request(server.url, 'PUT', `${pod}/status`, { as: 'other', step: 'put', json: { status: { phase: 'Running' } } }));
    if (extra) await s.send(request(server.url, 'GET', '/text'));
    const done = await s.finish({ vars: { run: { id: ns.slice(-2) }, ns }, transportFailed: false });
    return { source: s.source, done };
  });
}

test('auto replays scenarios that have a cassette and records those that have none, in one run', async () => {
  const dir = tempDir();
  const server = await startServer();
  try {
    await podScenario(await options('record', dir, server.url), server, 'recorded', 'vouch-r1');
    const hitsBefore = server.hits();
    const results = await withTransport(await options('auto', dir, server.url), async (t) => {
      const out: { id: string; source: string; status?: number; written?: string }[] = [];
      for (const id of ['recorded', 'fresh']) {
        const s = await t.begin(scenario(id));
        const e = await s.send(request(server.url, 'GET', '/api/v1/namespaces/vouch-r1/pods/p1', { as: 'owner' }));
        const done = await s.finish({ vars: {}, transportFailed: false });
        out.push({ id, source: s.source, status: e.response?.status, written: done.written });
      }
      return out;
    });
    assert.deepEqual(
      results.map((r) => [r.id, r.source, r.status]),
      [
        ['recorded', 'replay', 200],
        ['fresh', 'live', 200],
      ],
    );
    assert.equal(server.hits(), hitsBefore + 1, 'only the scenario without a cassette reached the server');
    assert.equal(results[1]!.written, cassettePath(dir, 'demo', 'fresh'));
    const again = await withTransport(await options('auto', dir, server.url), async (t) => (await t.begin(scenario('fresh'))).source);
    assert.equal(again, 'replay', 'the second auto run replays what the first recorded');
  } finally {
    await server.stop();
  }
});

test('--check reports live drift field by field and never overwrites the stored cassette', async () => {
  const dir = tempDir();
  const checkDir = join(tempDir(), 'check');
  const server = await startServer();
  try {
    await podScenario(await options('record', dir, server.url), server, 'pods', 'vouch-r1');
    const stored = readFileSync(cassettePath(dir, 'demo', 'pods'));

    // Same server, new run: new names, uids, resourceVersions and timestamps are not drift.
    await podScenario(await options('record', dir, server.url, { recordDir: checkDir }), server, 'pods', 'vouch-r2');
    let report = checkRecordings(dir, checkDir, [podsScenario('pods')]);
    assert.deepEqual(
      report.scenarios.map((s) => s.verdict),
      ['same'],
      report.text,
    );
    assert.equal(report.drifted, 0);
    assert.ok(
      report.scenarios[0]!.notes.some((n) => n.rule === 'generated' && n.field === 'body.metadata.uid'),
      report.text,
    );
    assert.match(report.text, /pods: no drift \(allowed: .*generated \d+/);

    server.setPhase('Failed');
    await podScenario(await options('record', dir, server.url, { recordDir: checkDir }), server, 'pods', 'vouch-r3', false);
    // Without the scenario, nothing says the phase of a GET is decided: a sample value may change.
    assert.equal(checkRecordings(dir, checkDir).scenarios[0]!.drifts.filter((d) => d.field !== 'exchange').length, 0);
    report = checkRecordings(dir, checkDir, [podsScenario('pods')]);
    assert.equal(report.drifted, 1);
    const drifts = report.scenarios[0]!.drifts;
    assert.deepEqual(
      drifts.map((d) => [d.field, d.change, d.stored, d.fresh]),
      [
        ['body.status.phase', 'changed', 'Running', 'Failed'],
        ['exchange', 'removed', 200, undefined],
      ],
    );
    assert.match(drifts[0]!.exchange, /^#1 GET \/api\/v1\/namespaces\/\$\{ns\}\/pods\/p1 as owner$/);
    assert.match(report.text, /body\.status\.phase: stored "Running", live "Failed" \(the scenario expects it\)/);
    assert.match(report.text, /#3 GET \/text as anonymous\n {4}the fresh recording has no such exchange/);
    assert.match(report.text, /1 of 1 scenario drifted; stored cassettes were not changed/);
    assert.deepEqual(readFileSync(cassettePath(dir, 'demo', 'pods')), stored, 'the stored cassette is untouched');
    assert.ok(existsSync(cassettePath(checkDir, 'demo', 'pods')));
  } finally {
    await server.stop();
  }
});

test('--check on a scenario with no stored cassette says so', async () => {
  const dir = tempDir();
  const checkDir = tempDir();
  const server = await startServer();
  try {
    await podScenario(await options('record', dir, server.url, { recordDir: checkDir }), server, 'newcomer', 'vouch-r1');
  } finally {
    await server.stop();
  }
  const report = checkRecordings(dir, checkDir);
  assert.deepEqual(
    report.scenarios.map((s) => s.verdict),
    ['new'],
  );
  assert.match(report.text, /newcomer: no stored cassette to compare with/);
  assert.ok(!existsSync(cassettePath(dir, 'demo', 'newcomer')));
});

test('a strict replay refuses the network while it is open, even for an auto run in the same process', async () => {
  const dir = tempDir();
  const server = await startServer();
  try {
    await podScenario(await options('record', dir, server.url), server, 'recorded', 'vouch-r1');
    await withTransport(await options('auto', dir, server.url), async (auto) => {
      await auto.begin(scenario('recorded'));
      const live = () => auto.begin(scenario(`fresh-${Math.random()}`)).then((s) => s.send(request(server.url, 'GET', '/text')));
      assert.equal((await live()).response?.status, 200);
      await withTransport(await options('replay', dir, server.url), async (replay) => {
        await replay.begin(scenario('recorded'));
        assert.equal((await live()).error?.kind, 'network-refused');
      });
      assert.equal((await live()).response?.status, 200, 'the network comes back when the strict replay closes');
    });
  } finally {
    await server.stop();
  }
});
