// limits: what a run may read and wait for, from the defaults, vouch.config.yaml and the flags (flags win).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRunConfig } from '../../src/config/resolve.ts';

const MiB = 1024 * 1024;
const flags = { targets: ['demo=http://127.0.0.1:1'], output: 'reports' };

test('the defaults: 10 MiB files, 64 MiB bodies received and decompressed, 10 request timeouts per scenario (at least 60 s)', () => {
  assert.deepEqual(resolveRunConfig({}, flags, {}, '.').config.limits, {
    fileBytes: 10 * MiB,
    responseBytes: 64 * MiB,
    decodedBytes: 64 * MiB,
    scenarioMs: 300_000,
  });
  assert.equal(resolveRunConfig({}, { ...flags, timeoutMs: 1000 }, {}, '.').config.limits.scenarioMs, 60_000);
});

test('the config sets each limit; the decompressed cap defaults to no less than the received one', () => {
  const limits = { fileBytes: 1000, responseBytes: 100 * MiB, scenarioTimeout: 5000 };
  assert.deepEqual(resolveRunConfig({ limits }, flags, {}, '.').config.limits, {
    fileBytes: 1000,
    responseBytes: 100 * MiB,
    decodedBytes: 100 * MiB,
    scenarioMs: 5000,
  });
  assert.equal(resolveRunConfig({ limits: { decodedBytes: 123 } }, flags, {}, '.').config.limits.decodedBytes, 123);
});

test('--max-response-bytes caps both the received and the decompressed body; --scenario-timeout wins over the config', () => {
  const l = resolveRunConfig({ limits: { decodedBytes: 123, scenarioTimeout: 5000 } }, { ...flags, maxResponseBytes: 1000, scenarioTimeoutMs: 9000 }, {}, '.')
    .config.limits;
  assert.equal(l.responseBytes, 1000);
  assert.equal(l.decodedBytes, 1000);
  assert.equal(l.scenarioMs, 9000);
});

test('a target URL with a user name or password is refused, and the message does not repeat the password', () => {
  const { diagnostics } = resolveRunConfig(
    { targets: { demo: { url: 'http://u:hunter2@127.0.0.1:1' } } },
    { targets: ['other=http://me:pw-flag@127.0.0.1:2'], output: 'reports' },
    {},
    '.',
  );
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['url-credentials', 'url-credentials'],
  );
  assert.match(diagnostics[0]!.message, /^vouch\.config\.yaml: targets\.demo\.url: the URL carries a user name and a password/);
  assert.ok(diagnostics.every((d) => !`${d.message} ${d.hint}`.includes('hunter2') && !`${d.message} ${d.hint}`.includes('pw-flag')));
});
