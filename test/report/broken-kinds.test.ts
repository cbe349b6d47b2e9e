// A broken verdict keeps its cause as data: a transport failure of each kind, named by the classifier the clients
// share, reaches the results log as that kind (not as a string), and every report groups it by that kind: Allure's
// category (matched the way Allure matches it), JUnit's error type, summary.json's brokenKinds. People still read
// `message (hint: ...)`.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { BrokenCause, BrokenKind, Scenario, ScenarioResult, TransportError, TransportErrorKind } from '../../src/model/types.ts';
import { executeScenario } from '../../src/runner/execute.ts';
import { loadScenarios } from '../../src/scenario/loader.ts';
import { classifyError } from '../../src/transport/http-common.ts';
import { tooManyBytes } from '../../src/transport/response-body.ts';
import { CassetteError } from '../../src/transport/cassette.ts';
import type { OutgoingRequest, ScenarioSession, Transport } from '../../src/transport/types.ts';
import { records, ResultOutbox } from '../../src/results/log.ts';
import { decodeResultText, encodeResult } from '../../src/results/record.ts';
import type { Plan } from '../../src/results/plan.ts';
import { AllureResultsWriter } from '../../src/report/allure-results.ts';
import { categories } from '../../src/report/allure-meta.ts';
import { junitXml } from '../../src/report/junit.ts';
import { countVerdicts, summarizeScenario, type RunSummary } from '../../src/report/summary.ts';

const dir = mkdtempSync(join(tmpdir(), 'vouch-broken-kinds-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const URL_ = 'http://127.0.0.1:1/items';
const req = { method: 'GET', url: URL_ };
const fromClient = (message: string) => () => classifyError(new Error(message), req);

/** A failure of every transport kind, as the clients and the replay make them; the Record keeps the list complete. */
const FAILURES: Record<TransportErrorKind, () => TransportError> = {
  refused: fromClient('connect ECONNREFUSED 127.0.0.1:1'),
  dns: fromClient('getaddrinfo ENOTFOUND vouch-fault.invalid'),
  tls: fromClient('self-signed certificate'),
  timeout: fromClient('Timeout 300ms exceeded.'),
  reset: fromClient('aborted'),
  'unreadable-body': () => classifyError(tooManyBytes(1000), req),
  redirect: fromClient('Max redirect count exceeded'),
  'network-refused': fromClient('Nock: Disallowed net connect to "127.0.0.1:1"'),
  other: fromClient('something nobody expected'),
  'no-cassette': () => ({ kind: 'no-cassette', message: "no cassette for scenario 'k'", hint: 'record it' }),
  'bad-cassette': () => ({ kind: 'bad-cassette', message: 'cassette is not valid JSON', hint: 're-record it' }),
  'stale-cassette': () => ({ kind: 'stale-cassette', message: 'the scenario changed (--strict-cassettes)', hint: 're-record it' }),
  'no-match': () => ({ kind: 'no-match', message: 'no recorded exchange matches GET /items', hint: 're-record it' }),
};

/** A word Allure's group for a kind must show. Not derived from results/causes.ts, so a wrong mapping fails here. */
const CATEGORY: Record<BrokenCause['kind'], RegExp> = {
  refused: /^Connection refused /,
  dns: /\(DNS\)/,
  tls: /^TLS /,
  timeout: /^Timeouts /,
  reset: /^Connection reset /,
  'unreadable-body': /^Unreadable response bodies /,
  redirect: /^Redirect loops /,
  'network-refused': /replay kept off the network/,
  other: /^Other transport errors /,
  'no-cassette': /^Missing cassettes /,
  'bad-cassette': /invalid cassettes /,
  'stale-cassette': /^Stale cassettes /,
  'no-match': /no recorded exchange matches/,
  variable: /^Undefined variables /,
  interrupted: /^Interrupted /,
};

/** The one category a result falls in, checked against the word its kind must show. */
function oneCategory(names: string[], kind: BrokenCause['kind']): void {
  assert.equal(names.length, 1, names.join(', '));
  assert.match(names[0]!, CATEGORY[kind]);
  assert.match(names[0]!, / \(broken: not judged\)$/);
}

function load(id: string, vars = ''): Scenario {
  const file = join(dir, `${id}.yaml`);
  writeFileSync(
    file,
    `id: ${id}\ntitle: ${id}\napi: demo\n${vars}steps:\n  - name: read\n    request: { method: GET, path: /items }\n    expect: { status: 200 }\n`,
  );
  const loaded = loadScenarios([file], { cwd: dir, projectRoot: dir });
  assert.deepEqual(
    loaded.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  return loaded.scenarios[0]!;
}

/** A transport whose every request fails with `error`, or whose scenario cannot begin (`begin` throws or blocks). */
function failing(opts: { error?: TransportError; blocked?: TransportError; throws?: Error }): Transport {
  const send: ScenarioSession['send'] = async (r: OutgoingRequest) => ({
    request: { method: r.method, url: r.url, path: r.path, query: r.query, headers: r.redactedHeaders, identity: r.identity },
    error: opts.error ?? opts.blocked,
    source: 'live',
  });
  return {
    mode: 'live',
    async begin() {
      if (opts.throws) throw opts.throws;
      return { source: 'live', notes: [], ...(opts.blocked ? { blocked: opts.blocked } : {}), send, finish: async () => ({ unused: 0 }) };
    },
    async close() {},
  };
}

const target = { baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000, token: () => undefined };
/** Runs the scenario with an empty environment (an `${env.NAME}` in vars is undefined at run time). */
const run = (s: Scenario, t: Transport) => executeScenario(s, { transport: t, target, runId: 'r1', mode: 'live', assertionOptions: {}, env: () => undefined });

/** The result as the reporters get it: through the run's results log on disk. */
function throughLog(r: ScenarioResult): ScenarioResult {
  const out = mkdtempSync(join(dir, 'out-'));
  const box = new ResultOutbox(out);
  assert.ok(box.send(`t-${r.id}`, 0, r.id, encodeResult(r)));
  box.close();
  const got = [...records(out)].map((x) => x.result);
  assert.equal(got.length, 1);
  return got[0]!;
}

/** The Allure categories the attempt's result falls in, matched as Allure matches them (whole message, DOTALL). */
async function allureCategories(r: ScenarioResult | undefined, id: string): Promise<string[]> {
  const out = mkdtempSync(join(dir, 'allure-'));
  const writer = new AllureResultsWriter(out, { cwd: dir } as Plan, () => undefined);
  const uuid = await writer.write({
    id,
    retry: 0,
    result: r,
    verdict: 'broken',
    reason: r ? undefined : 'the scenario ran past its time limit',
    start: 0,
    durationMs: 1,
  });
  await writer.settle();
  const written = JSON.parse(readFileSync(join(out, `${uuid}-result.json`), 'utf8')) as { status: string; statusDetails: { message: string } };
  assert.equal(written.status, 'broken');
  const matches = (re: string | undefined) => !re || new RegExp(`^${re}$`, 's').test(written.statusDetails.message);
  return categories()
    .filter((c) => c.matchedStatuses?.includes('broken') && matches(c.messageRegex))
    .map((c) => c.name);
}

/** The JUnit `<error>` of a broken scenario (its attempt's record, or none). */
function junitError(r: ScenarioResult | undefined, id: string): string {
  const meta = { id, title: id, api: 'demo', file: join(dir, `${id}.yaml`) };
  const scenarios = [summarizeScenario({ result: r, verdict: 'broken', attempts: 1, meta, reason: r ? undefined : 'the scenario ran past its time limit' })];
  const summary: RunSummary = {
    format: 1,
    runId: 'r1',
    vouchVersion: '0.0.0',
    mode: 'live',
    targets: {},
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    counts: countVerdicts(scenarios),
    scenarios,
    operations: [],
  };
  const xml = junitXml(summary, new Map([[id, r]]), dir);
  const e = /<error [^>]*>/.exec(xml);
  assert.ok(e, xml);
  return e[0];
}

describe('a broken cause keeps its kind from the client to every report', () => {
  for (const [kind, make] of Object.entries(FAILURES) as [TransportErrorKind, () => TransportError][]) {
    it(`${kind}: the record, Allure's category, JUnit's error type, summary.json`, async () => {
      const failure = make();
      assert.equal(failure.kind, kind, `the classifier names ${failure.message} ${kind}`);
      const id = `k-${kind}`;
      const r = throughLog(await run(load(id), failing({ error: failure })));
      assert.equal(r.verdict, 'broken');
      assert.deepEqual(r.steps[0]!.error, failure, 'the record carries the cause as data');
      oneCategory(await allureCategories(r, id), kind);
      assert.match(junitError(r, id), new RegExp(` type="${kind}">$`));
      const s = summarizeScenario({ result: r, verdict: 'broken', attempts: 1, meta: { id, title: id, api: 'demo', file: '' } });
      assert.deepEqual(s.brokenKinds, [kind]);
      assert.equal(
        s.firstFailure,
        `step "read" (GET /items): ${failure.message}${failure.hint ? ` (hint: ${failure.hint})` : ''}`,
        'people read message (hint: ...)',
      );
    });
  }

  it('a scenario that cannot start keeps the kind too: blocked by the transport, a damaged cassette, an undefined variable', async () => {
    const blocked = await run(load('k-blocked'), failing({ blocked: FAILURES['no-cassette']() }));
    assert.deepEqual(throughLog(blocked).error, FAILURES['no-cassette']());
    const damaged = new CassetteError(join(dir, 'c.json'), 'not-json', 'cassette is not valid JSON: Unexpected end', 're-record it');
    const bad = throughLog(await run(load('k-damaged'), failing({ throws: damaged })));
    assert.deepEqual(bad.error, { kind: 'bad-cassette', message: 'cassette is not valid JSON: Unexpected end', hint: 're-record it' });
    oneCategory(await allureCategories(bad, 'k-damaged'), 'bad-cassette');
    assert.match(junitError(bad, 'k-damaged'), / type="bad-cassette">$/);
    const undef = throughLog(await run(load('k-undefined', 'vars:\n  name: ${env.VOUCH_BROKEN_KINDS_UNSET}\n'), failing({ error: FAILURES.refused() })));
    assert.equal(undef.verdict, 'broken');
    assert.equal(undef.error?.kind, 'variable');
    oneCategory(await allureCategories(undef, 'k-undefined'), 'variable');
  });

  it('a broken attempt that left no record has no kind: its own Allure category, JUnit type broken', async () => {
    assert.deepEqual(await allureCategories(undefined, 'k-none'), ['Broken without a record: time limit, stopped worker (broken: not judged)']);
    assert.match(junitError(undefined, 'k-none'), / type="broken">$/);
  });

  it('every kind has its own Allure category', () => {
    const names = categories().map((c) => c.name);
    assert.equal(new Set(names).size, names.length);
    for (const [kind, word] of Object.entries(CATEGORY)) assert.equal(names.filter((n) => word.test(n)).length, 1, kind);
  });
});

it('a results log written before causes were data (the cause a string) still reads: the message kept, of kind other', () => {
  const old = JSON.stringify({
    id: 'old',
    verdict: 'broken',
    error: 'connect ECONNREFUSED (hint: is the server up?)',
    steps: [{ name: 's', verdict: 'broken', checks: [], error: 'socket hang up' }],
  });
  const r = decodeResultText(old)!;
  assert.deepEqual(r.error, { kind: 'other', message: 'connect ECONNREFUSED (hint: is the server up?)' });
  assert.deepEqual(r.steps[0]!.error, { kind: 'other', message: 'socket hang up' });
  const kinds: BrokenKind[] = [r.error!.kind, r.steps[0]!.error!.kind];
  assert.deepEqual(kinds, ['other', 'other']);
});
