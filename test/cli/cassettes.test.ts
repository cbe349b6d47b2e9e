// `vouch cassettes scan` and `vouch cassettes list`, through yargs the way the CLI wires them: exit 1 with
// file:line when something leaked, 0 when clean, 2 when the command line names something that is not there.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { cassettesCommand, scanCassettes } from '../../src/cli/cassettes.js';
import { serializeCassette, type Cassette } from '../../src/transport/cassette.js';
import { tempDir } from '../transport/helpers.js';

const TOKEN = 'tok-9f8e7d6c5b4a39281706f5e4d3c2b1a0';

function cassette(id: string): Cassette {
  return {
    format: 1,
    scenario: { id, file: `suites/demo/${id}.yaml`, hash: 'sha256:abc' },
    vouch: { version: '0.1.0' },
    target: { api: 'demo', name: 'reference', baseUrl: 'http://127.0.0.1:1' },
    recordedAt: '2026-01-02T03:04:05.000Z',
    vars: {},
    exchanges: [
      {
        identity: 'owner',
        request: { method: 'GET', path: '/x', query: {}, headers: {} },
        response: { status: 200, headers: {}, body: { ok: true } },
        durationMs: 1,
      },
    ],
  };
}

function project(leak: boolean): string {
  const root = tempDir('vouch-cli-cassettes-');
  mkdirSync(join(root, 'cassettes', 'demo'), { recursive: true });
  writeFileSync(join(root, 'cassettes', 'demo', 'pods.json'), serializeCassette(cassette('pods')));
  mkdirSync(join(root, 'reports'), { recursive: true });
  writeFileSync(join(root, 'reports', 'summary.json'), leak ? `{\n  "error": "401 for token ${TOKEN}"\n}\n` : '{}\n');
  return root;
}

/** Runs `vouch cassettes ...` in-process; returns the exit code it set and what it printed. */
async function cli(t: TestContext, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  t.mock.method(console, 'log', (l: string) => void lines.push(l));
  const saved = { cwd: process.cwd(), env: { ...process.env } };
  for (const k of Object.keys(process.env)) if (/^VOUCH_.*_TOKEN$/.test(k)) delete process.env[k];
  Object.assign(process.env, env);
  process.chdir(cwd);
  try {
    await yargs(args).command(cassettesCommand).strict().exitProcess(false).parseAsync();
    return { code: Number(process.exitCode ?? 0), out: lines.join('\n') };
  } finally {
    process.exitCode = 0;
    process.chdir(saved.cwd);
    for (const k of Object.keys(process.env)) if (!(k in saved.env)) delete process.env[k];
    Object.assign(process.env, saved.env);
    t.mock.restoreAll();
  }
}

test('verify exits 1 and names file:line when a token leaked into a report', async (t) => {
  const root = project(true);
  const r = await cli(t, ['cassettes', 'scan'], root, { VOUCH_DEMO_OWNER_TOKEN: TOKEN });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /^reports\/summary\.json:2:27: error\[secret-value\]: the value of VOUCH_DEMO_OWNER_TOKEN appears here$/m);
  assert.ok(!r.out.includes(TOKEN), 'the output never prints the secret');
});

test('verify exits 0 on clean cassettes and reports, and 2 for a named path or variable that is missing', async (t) => {
  const root = project(false);
  const clean = await cli(t, ['cassettes', 'scan'], root, { VOUCH_DEMO_OWNER_TOKEN: TOKEN });
  assert.equal(clean.code, 0, clean.out);
  assert.match(clean.out, /^scanned 2 files: no value of VOUCH_DEMO_OWNER_TOKEN, no credential-looking string$/m);
  const lines: string[] = [];
  assert.equal(
    scanCassettes(['nowhere'], [], {}, (l) => void lines.push(l)),
    2,
  );
  assert.equal(
    scanCassettes([], ['VOUCH_UNSET_TOKEN'], {}, (l) => void lines.push(l)),
    2,
  );
  assert.match(lines.join('\n'), /nowhere: no such file or folder[\s\S]*VOUCH_UNSET_TOKEN is not set/);
});

test('list prints each cassette, and exits 2 naming a damaged one', async (t) => {
  const root = project(false);
  const ok = await cli(t, ['cassettes', 'list'], root);
  assert.equal(ok.code, 0);
  assert.match(ok.out, /^demo\/pods {2}2026-01-02T03:04:05\.000Z {2}1 exchanges {2}reference {2}cassettes\/demo\/pods\.json$/m);
  writeFileSync(join(root, 'cassettes', 'demo', 'jobs.json'), '{"format": 7}');
  const bad = await cli(t, ['cassettes', 'list'], root);
  assert.equal(bad.code, 2);
  assert.match(bad.out, /jobs\.json:1:1: error\[cassette-format\]: cassette has format 7; this Vouch reads format 1/);
});

test('verify looks for what the config redacts: a value left at a redact path, and its echo in a report', async (t) => {
  const root = project(false);
  writeFileSync(join(root, 'vouch.config.yaml'), 'redact:\n  paths: [/password]\n');
  const leaked = cassette('login');
  leaked.exchanges[0]!.request.body = { user: 'alice', password: 'hunter2-pw-77' };
  writeFileSync(join(root, 'cassettes', 'demo', 'login.json'), serializeCassette(leaked));
  writeFileSync(join(root, 'reports', 'summary.json'), `{"note": "${Buffer.from('alice:hunter2-pw-77').toString('base64')}"}\n`);
  const r = await cli(t, ['cassettes', 'scan'], root);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /^cassettes\/demo\/login\.json:\d+:\d+: error\[secret-value\]: the value of the field at \/password appears here$/m);
  assert.match(r.out, /^reports\/summary\.json:1:\d+: error\[secret-value\]: the value of the field at \/password appears here, base64-encoded$/m);
  assert.ok(!r.out.includes('hunter2'), 'the output never prints the secret');
});
