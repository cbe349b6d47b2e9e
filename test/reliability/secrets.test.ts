// Secrets: tokens given through the environment never appear in cassettes, reports, attachments, the terminal or
// error messages, against a server that echoes them back in headers, bodies, error messages and URLs. Runs live,
// record and replay, then searches every produced file and everything printed for each token in every encoding.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, hasStackTrace, runVouch, type CliResult } from '../helpers/cli.js';
import { closedPort, startFaultServer, type FaultServer } from './fault-server.js';
import { countFiles, filesContaining, readSummary, scenarioOf } from './helpers.js';

// Distinctive, and with characters that URLs encode (`/`, `+`, `=`, `~`) so every encoded form is searched too.
const TOKENS = {
  VOUCH_ECHO_DEFAULT_TOKEN: 'sekrit-default-Q7f3kd9aZ',
  VOUCH_ECHO_OWNER_TOKEN: 'sekrit~owner/Zx+8=pW4',
  VOUCH_DEAD_DEFAULT_TOKEN: 'sekrit-dead-Lm2n8cR5',
};

/** Every way a token can be written: as is, percent-encoded, form-encoded (a query string), JSON-escaped. */
function secretForms(token: string): string[] {
  return [...new Set([token, encodeURIComponent(token), new URLSearchParams({ v: token }).toString().slice(2), JSON.stringify(token).slice(1, -1)])];
}

const NEEDLES = Object.values(TOKENS).flatMap(secretForms);
const SLOW_RUN = 240_000;

describe('secrets never leave the process', { concurrency: false }, () => {
  let server: FaultServer;
  let dir: string;
  let targets: string[];
  const printed: { name: string; text: string }[] = [];

  before(async () => {
    server = await startFaultServer();
    dir = fixtureCopy('reliability');
    targets = ['--target', `echo=${server.url}`, '--target', `dead=http://127.0.0.1:${await closedPort()}`];
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(name: string, args: string[]): Promise<CliResult> {
    const r = await runVouch(['run', 'secrets', ...args, '--output', `reports-${name}`], { cwd: dir, env: TOKENS, timeoutMs: SLOW_RUN });
    printed.push({ name: `${name} stdout`, text: r.stdout }, { name: `${name} stderr`, text: r.stderr });
    assert.ok(!hasStackTrace(r.stdout + r.stderr), r.stdout + r.stderr);
    return r;
  }

  function checkVerdicts(out: string): void {
    const s = readSummary(dir, out);
    const verdicts = Object.fromEntries(s.scenarios.map((x) => [x.id, x.verdict]));
    assert.deepEqual(verdicts, {
      'echo-pass': 'passed',
      'echo-fail-body': 'failed',
      'echo-fail-status': 'failed',
      'echo-capture-miss': 'failed',
      'echo-broken': 'broken',
    });
  }

  it('live: the echoes are redacted in the terminal and the reports', { timeout: SLOW_RUN }, async () => {
    const r = await run('live', targets);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    checkVerdicts('reports-live');
    const sent = server.log.join('\n');
    assert.ok(sent.includes(TOKENS.VOUCH_ECHO_DEFAULT_TOKEN), 'the token did reach the server in a URL, so there was something to leak');
    assert.ok(sent.includes(encodeURIComponent(TOKENS.VOUCH_ECHO_OWNER_TOKEN).replace(/~/g, '%7E')), 'the owner token went out form-encoded');
    // Where the echoes would show, a placeholder shows instead.
    // The server also sets the echo as a cookie (session=Bearer TOKEN), and a cookie value is secret as a whole.
    assert.match(r.stdout, /got "you sent (Bearer )?<redacted>"/);
    assert.match(r.stdout, /got 401 \(token Bearer <redacted> is not valid here \(query: \?fail=1&token=<redacted>\)\)/);
    assert.match(r.stdout, /broken: GET http:\/\/127\.0\.0\.1:\d+\/echo\?token=<redacted>: connect ECONNREFUSED/);
    const capture = scenarioOf(readSummary(dir, 'reports-live'), 'echo-capture-miss').failedChecks[0]!;
    assert.match(capture.source ?? '', /^secrets\/echo\.yaml:\d+:\d+$/, 'a capture that matches nothing fails at its own line');
  });

  it('record: the cassettes hold neither the tokens nor their echoes', { timeout: SLOW_RUN }, async () => {
    const r = await run('record', ['--mode', 'record', ...targets]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    checkVerdicts('reports-record');
    assert.ok(countFiles([join(dir, 'cassettes')]) >= 4, 'the answered scenarios were recorded');
  });

  it('replay: the recorded scenarios replay with the tokens still in the environment', { timeout: SLOW_RUN }, async () => {
    const r = await run('replay', ['--mode', 'replay']);
    assert.notEqual(r.code, 2, r.stdout + r.stderr);
    const s = readSummary(dir, 'reports-replay');
    assert.equal(scenarioOf(s, 'echo-broken').verdict, 'broken', 'no cassette: broken');
    assert.equal(scenarioOf(s, 'echo-fail-body').verdict, 'failed', 'the recorded wrong answer is still wrong');
  });

  it('no file produced and nothing printed contains a token, in any encoding', () => {
    const folders = ['reports-live', 'reports-record', 'reports-replay', 'cassettes'].map((f) => join(dir, f));
    const scanned = countFiles(folders);
    assert.ok(scanned >= 10, `the search looked at the produced files (${scanned})`);
    const inFiles = filesContaining(folders, NEEDLES);
    const inOutput = printed.filter((p) => NEEDLES.some((n) => p.text.includes(n))).map((p) => p.name);
    assert.deepEqual(inFiles, [], 'secrets found in files');
    assert.deepEqual(inOutput, [], 'secrets found in the terminal output');
  });
});
