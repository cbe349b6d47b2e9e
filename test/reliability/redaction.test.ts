// Redaction reaches every output: with `redact: { headers: [x-api-key, x-session], paths: [/secret] }` and a server
// that sets a session cookie and echoes it, the configured headers, the field and the token (raw, base64, hex), no
// file Vouch or Playwright writes under the output folder (every one, walked), no cassette, no bundle entry and
// nothing printed holds any of them, in any encoding, in live, record and replay runs, for passing and failing checks.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { untarGz } from '../../src/evidence/tar.js';
import { fixtureCopy, hasStackTrace, runVouch, type CliResult } from '../helpers/cli.js';
import { countFiles, filesContaining, junitCase, readSummary, scenarioOf } from './helpers.js';
import { SESSION_SECRETS, startSessionServer, type SessionServer } from './session-server.js';

const ENV = { DEMO_API_KEY: SESSION_SECRETS.apiKey, VOUCH_SESSION_DEFAULT_TOKEN: SESSION_SECRETS.token };
const SLOW_RUN = 240_000;

/** Every way a secret can be written: as is, percent- and form-encoded, JSON-escaped, base64 (standard, URL-safe), hex. */
function forms(secret: string): string[] {
  const b64 = Buffer.from(secret).toString('base64');
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ v: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      b64.replace(/=+$/, ''),
      b64.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
      Buffer.from(secret).toString('hex'),
    ]),
  ];
}

const NEEDLES = Object.values(SESSION_SECRETS).flatMap(forms);

describe('redaction reaches every output', { concurrency: false }, () => {
  let server: SessionServer;
  let dir: string;
  const printed: { name: string; text: string }[] = [];

  before(async () => {
    server = await startSessionServer();
    dir = fixtureCopy('redaction');
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function vouch(name: string, args: string[]): Promise<CliResult> {
    const r = await runVouch(args, { cwd: dir, env: ENV, timeoutMs: SLOW_RUN });
    printed.push({ name: `${name} stdout`, text: r.stdout }, { name: `${name} stderr`, text: r.stderr });
    assert.ok(!hasStackTrace(r.stdout + r.stderr), r.stdout + r.stderr);
    return r;
  }

  function checkRun(out: string, r: CliResult): void {
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const s = readSummary(dir, out);
    assert.deepEqual(Object.fromEntries(s.scenarios.map((x) => [x.id, x.verdict])), {
      'session-pass': 'passed',
      'session-fail-fields': 'failed',
      'session-fail-echo': 'failed',
    });
    // Where the secrets would show, the placeholder shows instead: the checks did see them.
    const fields = scenarioOf(s, 'session-fail-fields').failedChecks;
    assert.ok(fields.length >= 3, JSON.stringify(fields));
    assert.deepEqual(
      fields.map((c) => c.message.includes('<redacted>')),
      fields.map(() => true),
      JSON.stringify(fields),
    );
    assert.match(scenarioOf(s, 'session-fail-echo').firstFailure ?? '', /<redacted>/);
    assert.match(junitCase(dir, 'session-fail-echo', out) ?? '', /session &lt;redacted&gt;/);
  }

  it('live: failing and passing checks on secret headers, cookies and fields', { timeout: SLOW_RUN }, async () => {
    const r = await vouch('live', ['run', '--target', `session=${server.url}`, '--output', 'reports-live']);
    checkRun('reports-live', r);
    const sent = server.log.map((l) => `${l.url} ${l.cookie} ${l.apiKey}`).join('\n');
    assert.ok(
      sent.includes(SESSION_SECRETS.apiKey) && sent.includes(encodeURIComponent(SESSION_SECRETS.cookie)),
      'the secrets did go to the server: there was something to leak',
    );
  });

  it('record: the same, and the cassettes', { timeout: SLOW_RUN }, async () => {
    checkRun('reports-record', await vouch('record', ['run', '--mode', 'record', '--target', `session=${server.url}`, '--output', 'reports-record']));
    assert.equal(countFiles([join(dir, 'cassettes')]), 3);
  });

  it('replay of the recording, and its evidence bundle', { timeout: SLOW_RUN }, async () => {
    const r = await vouch('replay', ['run', '--mode', 'replay', '--output', 'reports-replay']);
    assert.notEqual(r.code, 2, r.stdout + r.stderr);
    const b = await vouch('bundle', ['bundle', '--output', 'reports-record', '--out', 'evidence.tar.gz']);
    assert.equal(b.code, 0, b.stdout + b.stderr);
    for (const e of untarGz(readFileSync(join(dir, 'evidence.tar.gz')))) {
      mkdirSync(dirname(join(dir, 'bundle-entries', e.path)), { recursive: true });
      writeFileSync(join(dir, 'bundle-entries', e.path), e.data);
    }
  });

  it("vouch cassettes scan finds nothing in them, and does not flag Vouch's own plan files", async () => {
    const r = await vouch('scan', [
      'cassettes',
      'scan',
      'cassettes',
      'reports-live',
      'reports-record',
      'reports-replay',
      '--secret-env',
      'DEMO_API_KEY',
      '--secret-env',
      'VOUCH_SESSION_DEFAULT_TOKEN',
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /scanned \d+ files: no value of DEMO_API_KEY, VOUCH_SESSION_DEFAULT_TOKEN/);
  });

  it('no file under the output folders, no cassette, no bundle entry and nothing printed holds a secret, in any encoding', () => {
    const folders = ['reports-live', 'reports-record', 'reports-replay', 'cassettes', 'bundle-entries'].map((f) => join(dir, f));
    const scanned = countFiles(folders);
    assert.ok(scanned >= 40, `the search walked every file written (${scanned})`);
    assert.deepEqual(filesContaining(folders, NEEDLES), [], 'secrets found in files');
    assert.deepEqual(
      printed.filter((p) => NEEDLES.some((n) => p.text.includes(n))).map((p) => p.name),
      [],
      'secrets found in the terminal output',
    );
  });
});
