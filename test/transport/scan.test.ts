// `vouch cassettes scan`'s scanner: secret values and credential-looking strings, found with file:line:col,
// and never printed back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scanPaths, scanText, secretsFromEnv } from '../../src/evidence/secret-scan.js';
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
  assert.deepEqual(
    dirty.findings.map((f) => [f.file, f.line, f.kind]),
    [[join(reports, 'a-attachment.txt'), 2, 'secret-value']],
  );
});

test('finds a token base64-encoded (at any alignment, URL-safe too), hex-encoded, and split in two', () => {
  const token = 'sekrit7owner/Zx+8=pW4q-9Lm2';
  const secrets = [{ name: 'VOUCH_DEMO_OWNER_TOKEN', value: token }];
  const lines = [
    ...['', 'u', 'us', 'use'].map((lead) => `basic: ${Buffer.from(`${lead}${token}:x`).toString('base64')}`),
    `urlsafe: ${Buffer.from(`ab${token}`).toString('base64url')}`,
    `hex: ${Buffer.from(token).toString('hex')} HEX: ${Buffer.from(token).toString('hex').toUpperCase()}`,
    `"first": "${token.slice(0, 13)}", "second": "${token.slice(13)}"`,
    `"clean": "${Buffer.from('nothing to see here, move on').toString('base64')}"`,
  ];
  const found = scanText(lines.join('\n'), 'r.json', secrets);
  assert.deepEqual(
    found.map((f) => f.line),
    [1, 2, 3, 4, 5, 6, 6, 7],
    JSON.stringify(found, null, 1),
  );
  assert.ok(found.slice(0, 5).every((f) => /appears here, base64-encoded$/.test(f.message)));
  assert.match(found[5]!.message, /hex-encoded$/);
  assert.match(found[7]!.message, /in part \(half of it\)$/);
  for (const f of found) assert.ok(!f.message.includes(token));
});

test('a file over 64 MB is scanned, not skipped; a minified line of any length too', () => {
  const root = tempDir();
  const big = join(root, 'reports', 'big.json');
  mkdirSync(join(root, 'reports'));
  const line = `${'x'.repeat(1023)}\n`;
  const fd = openSync(big, 'w');
  for (let i = 0; i < 65 * 1024; i++) writeSync(fd, line);
  writeSync(fd, `{"echo": "${TOKENS.owner}"}\n`);
  writeSync(fd, `${'y'.repeat(9 * 1024 * 1024)} ${TOKENS.other}\n`);
  closeSync(fd);
  assert.ok(statSync(big).size > 64 * 1024 * 1024);
  const secrets = [
    { name: 'OWNER', value: TOKENS.owner! },
    { name: 'OTHER', value: TOKENS.other! },
  ];
  const r = scanPaths([join(root, 'reports')], secrets);
  assert.equal(r.filesScanned, 1);
  assert.deepEqual(
    r.findings.map((f) => [f.line, f.col, f.message]),
    [
      [65 * 1024 + 1, 11, 'the value of OWNER appears here'],
      [65 * 1024 + 2, 9 * 1024 * 1024 + 2, 'the value of OTHER appears here'],
    ],
  );
});

test("Vouch's own scenario and plan files are not flagged; its result files and configured headers are", () => {
  const root = tempDir();
  const own = {
    '.vouch/scenarios/part-00.json': '{"headers":{"x-api-key":"${env.KEY}","authorization":"Bearer ${env.T}"}}',
    '.vouch/plan.json': '{"cookie": "${c}"}',
    'cache/.cache/vouch/parsed/ab.json': '{"x-api-key": "${env.KEY}"}',
  };
  for (const [f, text] of Object.entries({
    ...own,
    '.vouch/results/worker-1.ndjson': `{"x-session": "abcdef123456"}\n`,
    'allure-results/a.json': '{"x-api-key": "k-123456"}',
  })) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  const r = scanPaths([root], [], { headers: ['x-session'] });
  assert.equal(r.ownFilesSkipped, 3);
  assert.deepEqual(r.findings.map((f) => [f.file.slice(root.length + 1), f.kind]).sort(), [
    ['.vouch/results/worker-1.ndjson', 'credential-header'],
    ['allure-results/a.json', 'credential-header'],
  ]);
});

test('a secret header, cookie or redact-path value left in a file is learned and found everywhere, before it too; a short one where it is', () => {
  const root = tempDir();
  const session = 'sess-4f9a2b7c';
  const files = {
    // Read first: the echoes come before the files that give the values away.
    'a-attachment.txt': `cookie ${Buffer.from(`sid=${session}`).toString('base64')}\nfield ${encodeURIComponent('pw/4821-x')}\n`,
    'b-cassette.json': JSON.stringify(
      {
        exchanges: [
          {
            request: { headers: { 'x-api-key': '<redacted>' }, body: { secret: 'pw/4821-x', pin: 42, ok: '<redacted>' } },
            response: { headers: { 'set-cookie': `sid=${session}; Path=/` }, body: {} },
          },
        ],
      },
      null,
      2,
    ),
    'c-results.ndjson': `${JSON.stringify({ exchange: { request: { body: { secret: '<redacted>', pin: 7 } } } })}\n`,
  };
  for (const [f, text] of Object.entries(files)) writeFileSync(join(root, f), text);
  const r = scanPaths([root], [], { paths: ['/secret', '/pin'] });
  const byPlace = (a: [string, number, ...unknown[]], b: [string, number, ...unknown[]]) => a[0].localeCompare(b[0]) || a[1] - b[1];
  assert.deepEqual(r.findings.map((f): [string, number, string, string] => [f.file.slice(root.length + 1), f.line, f.kind, f.message]).sort(byPlace), [
    ['a-attachment.txt', 1, 'secret-value', 'the value of the cookie sid appears here, base64-encoded'],
    ['a-attachment.txt', 2, 'secret-value', 'the value of the field at /secret appears here, percent-encoded'],
    ['b-cassette.json', 9, 'secret-value', 'the value of the field at /secret appears here'],
    ['b-cassette.json', 10, 'secret-field', 'a value at a redact path that is not redacted (2 characters)'],
    ['b-cassette.json', 16, 'credential-header', `a 'set-cookie' value that is not redacted (sid=…(${`sid=${session}; Path=/`.length} characters))`],
    ['c-results.ndjson', 1, 'secret-field', 'a value at a redact path that is not redacted (1 character)'],
  ]);
  assert.deepEqual(scanPaths([join(root, 'a-attachment.txt')], []).findings, [], 'alone, the echoes give nothing away to look for');
});
