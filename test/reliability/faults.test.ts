// Faults in the target, through the CLI as a user meets them: each transport fault ends as a BROKEN step with a
// one-line cause (terminal, summary.json, JUnit, Allure), the run completes (exit 3 when nothing failed), the
// teardown runs, the other scenarios still run; and in record mode a scenario that broke in transport keeps its
// previous cassette byte for byte. Answers that are wrong are not faults: they are judged (see WHY below).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, hasStackTrace, runVouch, type CliResult } from '../helpers/cli.js';
import { closedPort, startFaultServer, startUntrustedTlsServer, type FaultServer, type TlsServer } from './fault-server.js';
import { allureResult, junitCase, oldCassette, readSummary, scenarioOf } from './helpers.js';

type Api = 'faults' | 'refused' | 'dns' | 'tls';

interface Fault {
  id: string;
  api: Api;
  verdict: 'broken' | 'failed' | 'passed';
  /** The one-line cause, as the terminal and summary.json give it. */
  cause?: RegExp;
  /** A few words of the cause that the JUnit and Allure reports must carry too. */
  word?: string;
}

const CUT_SHORT = /: aborted \(hint: the connection closed before the whole response arrived/;

/**
 * WHY some faults are not broken:
 * - a 5xx is an answer: the target said something the documentation does not say (a status mismatch), so the
 *   step FAILS (exit 1) and, in record mode, the answer is recorded;
 * - HTML where JSON is expected is an answer too: the `json` check (expect: { json: true }) and the `body` check
 *   (field expectations) each FAIL with what came instead (content type and the start of the body), because the
 *   target did answer, wrongly; only an answer Vouch cannot read at all (cut short) is broken;
 * - a 10 MB JSON body is a valid answer, read within the default timeout and judged like any other: it passes when
 *   it matches and fails when it does not, with a failure message that stays one short line.
 */
const FAULTS: Fault[] = [
  { id: 'refused', api: 'refused', verdict: 'broken', cause: /: connect ECONNREFUSED 127\.0\.0\.1:\d+ \(hint: is the server running/, word: 'ECONNREFUSED' },
  {
    id: 'dns',
    api: 'dns',
    verdict: 'broken',
    cause: /: getaddrinfo (ENOTFOUND|EAI_AGAIN) vouch-fault\.invalid \(hint: check the host name/,
    word: 'vouch-fault.invalid',
  },
  { id: 'tls', api: 'tls', verdict: 'broken', cause: /: self-signed certificate \(hint: set the CA file/, word: 'self-signed certificate' },
  { id: 'slow', api: 'faults', verdict: 'broken', cause: /: Timeout 300ms exceeded\. \(hint: raise --timeout/, word: 'Timeout 300ms exceeded' },
  { id: 'reset', api: 'faults', verdict: 'broken', cause: CUT_SHORT, word: 'aborted' },
  { id: 'truncated', api: 'faults', verdict: 'broken', cause: CUT_SHORT, word: 'aborted' },
  {
    id: 'redirect-loop',
    api: 'faults',
    verdict: 'broken',
    cause: /: Max redirect count exceeded \(hint: the server redirects in a loop\)/,
    word: 'Max redirect count exceeded',
  },
  { id: 'server-error', api: 'faults', verdict: 'failed', cause: /status: expected 200, got 503 \(the service is overloaded, try later\)$/, word: 'got 503' },
  { id: 'not-json', api: 'faults', verdict: 'failed', cause: /body: expected JSON, got a text\/html body: "<html>/, word: 'text/html' },
  {
    id: 'not-json-fields',
    api: 'faults',
    verdict: 'failed',
    cause: /body: expected a JSON body to check 1 field\(s\), got a text\/html body: "<html>/,
    word: 'text/html',
  },
  { id: 'big', api: 'faults', verdict: 'passed' },
  {
    id: 'big-mismatch',
    api: 'faults',
    verdict: 'failed',
    cause: /items: expected a value of type object, got \[\{"name":"x+","valu\.\.\.$/,
    word: 'type object',
  },
];

const byId = new Map(FAULTS.map((f) => [f.id, f]));
const MARK = { broken: '!', failed: '✗', passed: '✓' } as const;
const SLOW_RUN = 240_000;

describe('faults in the target', { concurrency: false }, () => {
  let server: FaultServer;
  let tls: TlsServer;
  let dir: string;
  let targets: Record<string, string>;
  const env = {
    VOUCH_FAULTS_DEFAULT_TOKEN: 'fault-token-default-1',
    VOUCH_REFUSED_DEFAULT_TOKEN: 'fault-token-refused-1',
    VOUCH_DNS_DEFAULT_TOKEN: 'fault-token-dns-1',
    VOUCH_TLS_DEFAULT_TOKEN: 'fault-token-tls-1',
  };

  before(async () => {
    server = await startFaultServer();
    tls = await startUntrustedTlsServer();
    dir = fixtureCopy('reliability');
    targets = { faults: server.url, refused: `http://127.0.0.1:${await closedPort()}`, dns: 'http://vouch-fault.invalid', tls: tls.url };
  });
  after(async () => {
    await server.close();
    await tls.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (ids: string[], extra: string[] = [], out = 'reports'): Promise<CliResult> =>
    runVouch(['run', ...ids.map((id) => `faults/${id}.yaml`), 'faults/ok.yaml', ...targetFlags(ids), '--output', out, ...extra], {
      cwd: dir,
      env,
      timeoutMs: SLOW_RUN,
    });

  /** A --target for each API the files run have (faults/refused.yaml is API refused, ...): one for another API is a usage error. */
  const targetFlags = (ids: string[]): string[] => ['faults', ...ids.filter((id) => id in targets)].flatMap((api) => ['--target', `${api}=${targets[api]}`]);

  /** What every fault must show, wherever the run reports it. */
  function checkFault(r: CliResult, f: Fault, tlsFailuresBefore: number): void {
    const where = `${f.id}:\n${r.stdout}${r.stderr}`;
    const s = scenarioOf(readSummary(dir), f.id);
    assert.equal(s.verdict, f.verdict, where);
    assert.match(r.stdout, new RegExp(`^  ${MARK[f.verdict]} ${f.verdict}\\s+${f.id}: `, 'm'), where);
    if (f.cause) {
      assert.ok(s.firstFailure && !s.firstFailure.includes('\n'), `summary.json gives a one-line cause for ${f.id}: ${s.firstFailure}`);
      assert.match(s.firstFailure, f.cause, where);
      const line = r.stdout.split('\n').find((l) => l.includes(`${f.id} [${f.verdict}]: `));
      assert.ok(line, `the end-of-run list names ${f.id}`);
      assert.match(line, f.cause, where);
      const junit = junitCase(dir, f.id);
      if (junit !== undefined) {
        assert.match(junit, f.verdict === 'broken' ? /<(error|failure)\b/ : /<failure\b/, `JUnit: ${junit}`);
        assert.ok(junit.includes(f.word!), `JUnit carries the cause of ${f.id}: ${junit}`);
      }
      const allure = allureResult(dir, f.id);
      if (allure !== undefined) {
        assert.equal(allure.status, f.verdict, `Allure status of ${f.id}`);
        assert.ok(allure.statusDetails?.message?.includes(f.word!), `Allure carries the cause of ${f.id}: ${allure.statusDetails?.message}`);
      }
    }
    // The step after the faulty one is never sent; the teardown always is (or, on a dead target, is attempted).
    if (f.api === 'faults') {
      const marks = server.marked(f.id).map((l) => /at=(\w+)/.exec(l)?.[1]);
      assert.deepEqual(marks, f.verdict === 'passed' ? ['setup', 'step', 'after', 'teardown'] : ['setup', 'step', 'teardown'], `requests of ${f.id}`);
    } else {
      assert.match(
        r.stdout,
        new RegExp(`teardown step "clean up" \\(GET /teardown\\): broken: GET \\S+/teardown\\?s=${f.id}&at=teardown: `),
        `the teardown of ${f.id} was attempted`,
      );
      if (f.api === 'tls') assert.ok(tls.handshakeFailures - tlsFailuresBefore >= 2, 'the step and the teardown each tried a handshake');
    }
  }

  function checkRun(r: CliResult, ids: string[], exit: number, tlsBefore: number): void {
    assert.equal(r.code, exit, r.stdout + r.stderr);
    assert.ok(!hasStackTrace(r.stdout + r.stderr), r.stdout + r.stderr);
    const summary = readSummary(dir);
    assert.equal(summary.counts['total'], ids.length + 1, 'every scenario of the run has a verdict');
    assert.equal(scenarioOf(summary, 'ok').verdict, 'passed', 'the healthy scenario still ran, and passed');
    assert.deepEqual(
      server
        .marked('ok')
        .map((l) => /at=(\w+)/.exec(l)?.[1])
        .slice(-2),
      ['step', 'teardown'],
    );
    for (const id of ids) checkFault(r, byId.get(id)!, tlsBefore);
  }

  it('transport faults are broken with a one-line cause, and the run ends with exit 3', { timeout: SLOW_RUN }, async () => {
    const ids = ['refused', 'dns', 'tls', 'reset', 'truncated', 'redirect-loop'];
    const tlsBefore = tls.handshakeFailures;
    checkRun(await run(ids), ids, 3, tlsBefore);
    assert.equal(tls.requests, 0, 'no request got through the untrusted TLS server');
  });

  it('a response slower than --timeout 300 is broken, and the run ends with exit 3', { timeout: SLOW_RUN }, async () => {
    checkRun(await run(['slow'], ['--timeout', '300']), ['slow'], 3, tls.handshakeFailures);
  });

  it('a 5xx, HTML where JSON is expected and a 10 MB body are answers, judged: failed (exit 1) or passed', { timeout: SLOW_RUN }, async () => {
    const ids = ['server-error', 'not-json', 'not-json-fields', 'big', 'big-mismatch'];
    const r = await run(ids);
    checkRun(r, ids, 1, tls.handshakeFailures);
    assert.ok(r.stdout.length < 20_000, `a 10 MB body does not flood the terminal (${r.stdout.length} characters)`);
    const summaryBytes = readFileSync(join(dir, 'reports', 'summary.json')).length;
    assert.ok(summaryBytes < 1_000_000, `nor summary.json, where the failed check's actual value is a preview (${summaryBytes} bytes)`);
    const check = scenarioOf(readSummary(dir), 'not-json').failedChecks[0]!;
    assert.equal(check.check, 'json', 'the json check fails');
    assert.match(check.source ?? '', /^faults\/not-json\.yaml:13:\d+$/, 'at the expectation in the scenario');
    assert.equal(scenarioOf(readSummary(dir), 'not-json-fields').failedChecks[0]!.check, 'json', 'the body check fails as not JSON, before any field');
  });

  it('record mode keeps the previous cassette of every scenario that broke in transport, and records a 5xx', { timeout: SLOW_RUN }, async () => {
    const ids = ['refused', 'dns', 'tls', 'slow', 'reset', 'truncated', 'redirect-loop', 'server-error', 'not-json'];
    const cassettes = join(dir, 'cassettes');
    const file = (f: Fault) => join(cassettes, f.api, `${f.id}.json`);
    for (const id of ids) {
      const f = byId.get(id)!;
      mkdirSync(join(cassettes, f.api), { recursive: true });
      writeFileSync(file(f), oldCassette(f.api, f.id));
    }
    // 2 s: well above what the answers need, well below the slow route's 5 s.
    const r = await run(ids, ['--mode', 'record', '--timeout', '2000'], 'reports-record');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.ok(!hasStackTrace(r.stdout + r.stderr), r.stderr);
    const summary = readSummary(dir, 'reports-record');
    for (const id of ids) {
      const f = byId.get(id)!;
      const text = readFileSync(file(f), 'utf8');
      assert.equal(scenarioOf(summary, id).verdict, f.verdict, `${id}: ${r.stdout}`);
      if (f.verdict === 'broken') assert.equal(text, oldCassette(f.api, f.id), `${id} broke in transport: its old cassette stays, byte for byte`);
      else {
        assert.notEqual(text, oldCassette(f.api, f.id), `${id} got an answer: it is recorded`);
        const c = JSON.parse(text) as { format: number; scenario: { id: string }; exchanges: { response: { status: number } }[] };
        assert.equal(c.format, 1);
        assert.equal(c.scenario.id, id);
      }
    }
    const recorded5xx = JSON.parse(readFileSync(file(byId.get('server-error')!), 'utf8')) as { exchanges: { response: { status: number } }[] };
    assert.deepEqual(
      recorded5xx.exchanges.map((e) => e.response.status),
      [200, 503, 200],
      'setup, the 5xx, teardown',
    );
    assert.ok(existsSync(join(cassettes, 'faults', 'ok.json')), 'the healthy scenario was recorded');
    const leftovers = readdirSync(cassettes, { recursive: true })
      .map(String)
      .filter((n) => n.endsWith('.tmp'));
    assert.deepEqual(leftovers, [], 'no temporary file left behind');
  });
});
