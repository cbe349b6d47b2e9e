// `vouch cassettes verify`'s scanner: secret values and credential-looking strings, found with file:line:col,
// and never printed back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanPaths, scanText, secretsFromEnv } from '../../src/transport/scan.js';
import { TOKENS, options, request, scenario, startServer, tempDir, withTransport } from './helpers.js';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJl';

test('finds secret values, bearer tokens, unredacted credential headers, JWTs and hex tokens, with positions', () => {
  const text = [
    '{',
    `  "note": "made with ${TOKENS.owner}",`,
    `  "auth": "Bearer ${'Zm9vYmFyYmF6cXV4cXV1eA'}",`,
    '  "authorization": "Basic dXNlcjpwYXNz",',
    '  "authorization": "<redacted>",',
    '  "set-cookie": "Bearer <redacted>",',
    `  "token": "${JWT}",`,
    '  "x-api-token": "0123456789abcdef0123456789abcdef",',
    '  "hash": "sha256:0123456789abcdef0123456789abcdef0123456789abcdef",',
    '  "message": "Bearer tokens are described in the docs",',
    '  "name": "needs VOUCH_DEMO_TOKEN set", "historyId": "0123456789abcdef0123456789abcdef"',
    '}',
  ].join('\n');
  const found = scanText(text, 'c.json', [{ name: 'VOUCH_DEMO_OWNER_TOKEN', value: TOKENS.owner! }]);
  assert.deepEqual(
    found.map((f) => [f.line, f.col, f.kind]),
    [
      [2, 22, 'secret-value'],
      [3, 12, 'bearer-token'],
      [4, 3, 'credential-header'],
      [7, 13, 'jwt'],
      [8, 19, 'hex-token'],
    ],
  );
  assert.equal(found[0]!.message, 'the value of VOUCH_DEMO_OWNER_TOKEN appears here');
  for (const f of found) assert.ok(!f.message.includes(TOKENS.owner!) && !f.message.includes(JWT), 'a finding never repeats the secret');
});

test('secrets come from VOUCH_*_TOKEN by default, or the named variables', () => {
  const env = { VOUCH_DEMO_OWNER_TOKEN: 'aaaaaaaa', VOUCH_DEMO_URL: 'http://x', OTHER: 'bbbbbbbb' };
  assert.deepEqual(secretsFromEnv(env), { secrets: [{ name: 'VOUCH_DEMO_OWNER_TOKEN', value: 'aaaaaaaa' }], unset: [] });
  assert.deepEqual(secretsFromEnv(env, ['OTHER', 'MISSING']), { secrets: [{ name: 'OTHER', value: 'bbbbbbbb' }], unset: ['MISSING'] });
});

test('a recorded cassette scans clean; a report that leaked the token does not', async () => {
  const root = tempDir();
  const cassettes = join(root, 'cassettes');
  const server = await startServer();
  try {
    await withTransport(await options('record', cassettes, server.url), async (t) => {
      const s = await t.begin(scenario('leaky'));
      await s.send(request(server.url, 'POST', '/echo', { as: 'owner', json: { token: TOKENS.owner } }));
      await s.send(request(server.url, 'PUT', '/api/v1/namespaces/n/pods/p/status', { as: 'owner', json: { status: { phase: 'Running' } } }));
      await s.finish({ vars: {}, transportFailed: false });
    });
  } finally {
    await server.stop();
  }
  const secrets = Object.entries(TOKENS).map(([k, value]) => ({ name: `VOUCH_DEMO_${k.toUpperCase()}_TOKEN`, value }));
  const clean = scanPaths([cassettes], secrets);
  assert.equal(clean.filesScanned, 1);
  assert.deepEqual(clean.findings, []);
  const reports = join(root, 'reports', 'allure-results');
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, 'a-attachment.txt'), `GET /x\nauthorization: Bearer ${TOKENS.other}\n`);
  writeFileSync(join(reports, 'b.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  const dirty = scanPaths([cassettes, join(root, 'reports')], secrets);
  assert.equal(dirty.filesScanned, 2, 'binary files are skipped');
  assert.deepEqual(dirty.findings.map((f) => [f.file, f.line, f.kind]), [[join(reports, 'a-attachment.txt'), 2, 'secret-value']]);
});
