// A polling step (`until:`, `every:`, `timeout:`) sends its request again until the expectations hold: every
// attempt is evidence, a replay answers them without pausing, and not reaching `until` in time fails the step
// (the target did not do what was expected) rather than breaking it.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { executeScenario } from '../../src/runner/execute.ts';
import { loadScenarios } from '../../src/scenario/loader.ts';
import type { Scenario } from '../../src/model/types.ts';
import type { Transport } from '../../src/transport/types.ts';

const yaml = (every: string, timeout: string) => `id: waits
title: Waits for the account
api: kubernetes
steps:
  - name: wait for the default service account
    request: { method: GET, path: /api/v1/namespaces/ns/serviceaccounts/default }
    until: { status: 200 }
    every: ${every}
    timeout: ${timeout}
    expect: { status: 200, body: { metadata.name: default } }
`;

function load(text: string): Scenario {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-poll-'));
  writeFileSync(join(dir, 'poll.yaml'), text);
  const loaded = loadScenarios([join(dir, 'poll.yaml')], { cwd: dir, projectRoot: dir });
  assert.deepEqual(
    loaded.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  return loaded.scenarios[0]!;
}

/** A server whose account appears at the given attempt (never when 0). */
function transport(readyAt: number, source: 'live' | 'replay' = 'live'): Transport & { sent: number[] } {
  const sent: number[] = [];
  return {
    mode: source === 'live' ? 'live' : 'replay',
    sent,
    async begin() {
      return {
        source,
        notes: [],
        async send(req) {
          sent.push(performance.now());
          const ok = readyAt > 0 && sent.length >= readyAt;
          const body = ok ? { kind: 'ServiceAccount', metadata: { name: 'default' } } : { kind: 'Status', code: 404 };
          return {
            request: { method: req.method, url: req.url, path: req.path, query: req.query, headers: req.redactedHeaders, identity: req.identity },
            response: { status: ok ? 200 : 404, headers: {}, bodyText: JSON.stringify(body), body, durationMs: 0 },
            source,
          };
        },
        async finish() {
          return { unused: 0 };
        },
      };
    },
    async close() {},
  };
}

const target = { baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000, token: () => undefined };

it('sends again until `until` holds, pausing `every` between attempts, and keeps the earlier attempts as evidence', async () => {
  const t = transport(3);
  const r = await executeScenario(load(yaml('50ms', '5s')), { transport: t, target, runId: 'r1', mode: 'live', assertionOptions: {} });
  assert.equal(r.verdict, 'passed');
  assert.equal(t.sent.length, 3);
  assert.ok(t.sent[1]! - t.sent[0]! >= 45, `paused ${t.sent[1]! - t.sent[0]!} ms`);
  const step = r.steps[0]!;
  assert.equal(step.exchange?.response?.status, 200);
  assert.deepEqual(
    step.attempts?.map((a) => [a.exchange.response?.status, a.checks.find((c) => !c.passed)?.message]),
    [
      [404, 'status: expected 200, got 404'],
      [404, 'status: expected 200, got 404'],
    ],
  );
});

it('a replay answers the recorded attempts without pausing', async () => {
  const t = transport(4, 'replay');
  const started = performance.now();
  const r = await executeScenario(load(yaml('2s', '30s')), { transport: t, target, runId: 'r1', mode: 'replay', assertionOptions: {} });
  assert.equal(r.verdict, 'passed');
  assert.equal(t.sent.length, 4);
  assert.ok(performance.now() - started < 1000, 'no pause of 2 s between replayed attempts');
});

it('not reached by the timeout: the step fails with the attempts and the last answer, it is not broken', async () => {
  const t = transport(0);
  const r = await executeScenario(load(yaml('40ms', '200ms')), { transport: t, target, runId: 'r1', mode: 'live', assertionOptions: {} });
  assert.equal(r.verdict, 'failed');
  const step = r.steps[0]!;
  assert.equal(step.verdict, 'failed');
  const until = step.checks.find((c) => c.check === 'until')!;
  assert.match(until.message, /^until: not reached after \d+ attempts in 0\.2 s; the last answer: status: expected 200, got 404$/);
  assert.ok(t.sent.length >= 3 && t.sent.length <= 7, `${t.sent.length} attempts`);
  assert.equal(step.attempts?.length, t.sent.length - 1);
  assert.equal(until.source?.line, 7, 'located at until:');
});

it('every and timeout without until are refused before anything is sent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-poll-'));
  writeFileSync(join(dir, 'bad.yaml'), `id: bad\ntitle: bad\napi: kubernetes\nsteps:\n  - name: s\n    request: { method: GET, path: / }\n    every: 1s\n`);
  const loaded = loadScenarios([join(dir, 'bad.yaml')], { cwd: dir, projectRoot: dir });
  assert.ok(
    loaded.diagnostics.some((d) => d.severity === 'error' && /until/.test(d.message)),
    JSON.stringify(loaded.diagnostics),
  );
});
