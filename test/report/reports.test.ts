// What a run with passes and failures writes, through the CLI: allure-results (labels, statuses incl. broken,
// step attachments, categories, environment), junit.xml (a testcase per scenario, the failure text), summary.json.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, hasStackTrace, runVouch, type CliResult } from '../helpers/cli.js';
import { allureResults, attachmentText, labels, startItemServer, type AllureResultJson, type ItemServer } from './helpers.js';

const TOKEN = 'tok-report-9f8e7d';

interface Summary {
  runId: string;
  mode: string;
  targets: Record<string, string>;
  counts: Record<string, number>;
  scenarios: {
    id: string;
    verdict: string;
    operation?: string;
    firstFailure?: string;
    failedChecks: { kind: string; check: string; message: string; source?: string }[];
  }[];
  operations: { api: string; operation: string; verdict: string; scenarios: string[] }[];
}

describe('reports of a run with passes and failures', () => {
  let server: ItemServer;
  let dir: string;
  let run: CliResult;
  let results: Map<string, AllureResultJson>;
  const out = () => join(dir, 'reports');

  before(async () => {
    server = await startItemServer();
    dir = fixtureCopy('report');
    run = await runVouch(['run', '--target', `demo=${server.url}`], { cwd: dir, env: { VOUCH_DEMO_DEFAULT_TOKEN: TOKEN } });
    results = allureResults(join(out(), 'allure-results'));
  });
  after(() => server.close());

  it('exits 1 and ends with counts, the failed scenarios with their first failed check, and where the reports are', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /1 passed, 4 failed, 1 broken, 1 not run/);
    assert.match(run.stdout, /✗ items-create-status \[failed\]: step "create" \(POST \/items\): status: expected 200, got 201/);
    assert.match(run.stdout, /! dropped-connection \[broken\]: step "read" \(GET \/drop\)/);
    assert.match(run.stdout, /Reports: reports\/summary\.json, reports\/junit\.xml, reports\/allure-results\//);
    assert.match(run.stdout, /vouch report --open/);
    assert.ok(!hasStackTrace(run.stdout + run.stderr));
  });

  it('keeps one results log: a record for every attempt that ran, passed or not, and no result attached to a test', () => {
    const logDir = join(out(), '.vouch', 'results');
    const records = readdirSync(logDir).flatMap((f) => readFileSync(join(logDir, f), 'utf8').split('\n').filter(Boolean));
    const ids = records.map((l) => (JSON.parse(l.slice(0, l.indexOf('\t'))) as { id: string }).id).sort();
    assert.deepEqual(ids, ['dropped-connection', 'items-create', 'items-create-status', 'items-read-example', 'items-read-schema', 'private-read']);
    const attachments = join(out(), '.vouch', 'test-results');
    const attached = existsSync(attachments)
      ? readdirSync(attachments, { recursive: true })
          .map(String)
          .filter((f) => f.includes('vouch-result'))
      : [];
    assert.deepEqual(attached, [], 'failed scenarios take the same road as passed ones');
  });

  it('labels each scenario statically: epic = API, feature = operation, story = title, tags, severity, suite, target', () => {
    assert.equal(results.size, 7, [...results.keys()].join(', '));
    const r = results.get('items-create')!;
    assert.deepEqual(labels(r, 'epic'), ['demo']);
    assert.deepEqual(labels(r, 'feature'), ['create-item']);
    assert.deepEqual(labels(r, 'story'), ['Create an item and read it back']);
    assert.deepEqual(labels(r, 'tag').sort(), ['items', 'smoke']);
    assert.deepEqual(labels(r, 'severity'), ['critical']);
    assert.deepEqual(labels(r, 'suite'), ['suites/demo/items.yaml']);
    assert.deepEqual(labels(r, 'target'), [`demo=${server.url}`]);
    assert.deepEqual(labels(r, 'source'), ['live']);
    assert.deepEqual(labels(results.get('items-read-schema')!, 'severity'), ['minor']);
    assert.deepEqual(labels(results.get('other-ping')!, 'feature'), ['ping']);
    assert.match(r.description ?? '', /Documented in demo-api\.md, section "Create an item"/);
    assert.deepEqual(r.links, [{ name: 'demo-api.md § Create an item', url: 'https://docs.example.test/demo#create-an-item', type: 'link' }]);
    assert.ok(r.parameters.some((p) => p.name === 'source' && p.value === 'live'));
  });

  it('keeps the verdicts apart: passed, failed, broken (not failed), skipped for not run', () => {
    const status = Object.fromEntries([...results].map(([id, r]) => [id, r.status]));
    assert.deepEqual(status, {
      'items-create': 'passed',
      'items-create-status': 'failed',
      'items-read-schema': 'failed',
      'items-read-example': 'failed',
      'private-read': 'failed',
      'dropped-connection': 'broken',
      'other-ping': 'skipped',
    });
    assert.match(results.get('dropped-connection')!.statusDetails?.message ?? '', /socket hang up|ECONNRESET/);
    assert.match(results.get('other-ping')!.statusDetails?.message ?? '', /not run: no target for API other/);
  });

  it('uses ids from the scenario, not from the generated spec files, so history survives suites growing', () => {
    const r = results.get('items-create')!;
    assert.equal(r.fullName, 'demo:items-create');
    assert.match(r.historyId ?? '', /^[0-9a-f]{32}$/);
    assert.ok(!r.labels.some((l) => l.name === 'package' && l.value.includes('spec')));
  });

  it('gives every step its request and response, redacted, and failed checks as text and as JSON', () => {
    const ar = join(out(), 'allure-results');
    const r = results.get('items-create')!;
    assert.deepEqual(
      r.steps.map((s) => [s.name, s.status]),
      [
        ['create', 'passed'],
        ['read back', 'passed'],
        ['teardown: delete', 'passed'],
      ],
    );
    const req = attachmentText(ar, r.steps[0]!, 'request')!;
    assert.match(req, /^POST http:\/\/127\.0\.0\.1:\d+\/items\n/);
    assert.match(req, /^authorization: Bearer <redacted>$/im);
    assert.match(attachmentText(ar, r.steps[0]!, 'response')!, /^HTTP 201 \(live, \d+ ms\)/);
    const schema = results.get('items-read-schema')!;
    const read = schema.steps.find((s) => s.name === 'read')!;
    assert.equal(read.status, 'failed');
    assert.match(attachmentText(ar, read, 'failed checks')!, /error\[schema\]: size: must be string \(type\)/);
    const json = JSON.parse(attachmentText(ar, read, 'failed checks.json')!) as { kind: string; path: string }[];
    assert.deepEqual(
      json.map((c) => [c.kind, c.path]),
      [['schema', 'size']],
    );
    const example = results.get('items-read-example')!.steps.find((s) => s.name === 'read')!;
    assert.match(attachmentText(ar, example, 'failed checks')!, /color: missing/);
    assert.deepEqual(
      schema.steps.map((s) => s.name),
      ['setup: create', 'read'],
    );
    assert.deepEqual(r.attachments, [], 'a passed scenario keeps no raw result: its steps carry the exchanges');
    assert.deepEqual(
      schema.attachments.map((a) => a.name),
      ['vouch-result.json (the scenario result as data)'],
    );
    const broken = results.get('dropped-connection')!.steps[0]!;
    assert.equal(broken.status, 'broken');
    assert.match(attachmentText(ar, broken, 'response')!, /^no response: reset/);
  });

  it('never writes the token anywhere in the reports', () => {
    const files = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));
    const leaks = files(out()).filter((f) => readFileSync(f, 'utf8').includes(TOKEN));
    assert.deepEqual(leaks, []);
  });

  it('writes categories separating the kinds of deviation, and the environment', () => {
    const ar = join(out(), 'allure-results');
    const cats = JSON.parse(readFileSync(join(ar, 'categories.json'), 'utf8')) as { name: string; matchedStatuses: string[]; messageRegex?: string }[];
    const matches = (id: string) =>
      cats
        .filter(
          (c) =>
            c.matchedStatuses.includes(results.get(id)!.status!) &&
            (!c.messageRegex || new RegExp(`^${c.messageRegex}$`, 's').test(results.get(id)!.statusDetails?.message ?? '')),
        )
        .map((c) => c.name);
    assert.deepEqual(matches('items-create-status'), ['Status code mismatches']);
    assert.deepEqual(matches('private-read'), ['Authorization failures']);
    assert.deepEqual(matches('items-read-schema'), ['Schema violations']);
    assert.deepEqual(matches('items-read-example'), ['Example differences']);
    assert.deepEqual(matches('dropped-connection'), ['Connection reset or response cut short (broken: not judged)']);
    const env = readFileSync(join(ar, 'environment.properties'), 'utf8');
    assert.match(env, /^vouch\.version=\d+\.\d+\.\d+/m);
    assert.match(env, /^run\.id=r[0-9a-z]+$/m);
    assert.match(env, /^mode=live$/m);
    assert.match(env, /^target\.demo=http\\:\/\/127\.0\.0\.1\\:\d+$/m);
  });

  it('writes junit.xml with one testcase per scenario, failure text for failed, error for broken, skipped for not run', () => {
    const xml = readFileSync(join(out(), 'junit.xml'), 'utf8');
    assert.match(xml, /<testsuites name="vouch" tests="7" failures="4" errors="1" skipped="1"/);
    assert.equal(xml.match(/<testcase /g)?.length, 7);
    assert.match(
      xml,
      /<testcase name="items-create: Create an item and read it back" classname="demo\.create-item" file="suites\/demo\/items\.yaml" time="[\d.]+"\/>/,
    );
    const failed = /<testcase name="items-create-status[^>]*>\s*<failure message="([^"]*)" type="status"><!\[CDATA\[([\s\S]*?)\]\]><\/failure>/.exec(xml);
    assert.ok(failed, xml);
    assert.match(failed[1]!, /status: expected 200, got 201/);
    assert.match(failed[2]!, /suites\/demo\/items\.yaml:\d+:\d+: error\[status\]: status: expected 200, got 201/);
    assert.match(xml, /<testcase name="items-read-schema[^>]*>\s*<failure [^>]*type="schema">/);
    assert.match(xml, /<testcase name="dropped-connection[^>]*>\s*<error [^>]*type="reset">/);
    assert.match(xml, /<testcase name="other-ping[^>]*>\s*<skipped message="not run: no target for API other/);
    assert.ok(!hasStackTrace(xml));
  });

  it('writes summary.json with counts, per-scenario and per-operation verdicts, and the failed checks', () => {
    const s = JSON.parse(readFileSync(join(out(), 'summary.json'), 'utf8')) as Summary;
    assert.equal(s.mode, 'live');
    assert.match(s.runId, /^r[0-9a-z]+$/);
    assert.deepEqual(s.targets, { demo: server.url });
    assert.deepEqual(s.counts, { total: 7, passed: 1, failed: 4, broken: 1, flaky: 0, waived: 0, 'not run': 1 });
    const ops = Object.fromEntries(s.operations.map((o) => [`${o.api}/${o.operation}`, o.verdict]));
    assert.deepEqual(ops, {
      'demo/create-item': 'not conformant',
      'demo/read-item': 'not conformant',
      'demo/read-private': 'not conformant',
      'demo/read-dropped': 'not judged',
      'other/ping': 'not run',
    });
    const example = s.scenarios.find((x) => x.id === 'items-read-example')!;
    assert.ok(
      example.failedChecks.some((c) => c.kind === 'example' && c.message === 'color: missing'),
      JSON.stringify(example.failedChecks),
    );
    assert.deepEqual(
      s.scenarios.find((x) => x.id === 'private-read')!.failedChecks.map((c) => [c.kind, c.source]),
      [['authorization', 'suites/demo/access.yaml:11:23']],
    );
  });
});

describe('vouch merge-junit', () => {
  it('merges shard files into one: same-named suites become one, counts add up', async () => {
    const dir = fixtureCopy('report');
    const shard = (n: number, cases: string, failures: number) =>
      `<?xml version="1.0"?>\n<testsuites name="vouch" tests="2">\n  <testsuite name="demo" tests="2" failures="${failures}" errors="0" skipped="0" time="1.5" timestamp="2026-01-0${n}T00:00:00Z">\n    <properties>\n      <property name="vouch.run.id" value="r${n}"/>\n    </properties>\n${cases}\n  </testsuite>\n</testsuites>\n`;
    writeFileSync(
      join(dir, 'a.xml'),
      shard(1, '<testcase name="a1"/><testcase name="a2"><failure message="m" type="status"><![CDATA[x < y]]></failure></testcase>', 1),
    );
    writeFileSync(join(dir, 'b.xml'), shard(2, '<testcase name="b1"/><testcase name="b2"/>', 0));
    const r = await runVouch(['merge-junit', 'a.xml', 'b.xml', '--out', 'merged/junit.xml'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /4 testcases in 1 testsuite\(s\) from 2 file\(s\)/);
    const xml = readFileSync(join(dir, 'merged', 'junit.xml'), 'utf8');
    assert.match(xml, /<testsuites name="vouch" tests="4" failures="1" errors="0" skipped="0" time="3\.000">/);
    assert.match(xml, /<testsuite name="demo" tests="4" failures="1" errors="0" skipped="0" time="3\.000" timestamp="2026-01-01T00:00:00Z">/);
    assert.match(xml, /<property name="vouch\.run\.id" value="r1, r2"\/>/);
    assert.equal(xml.match(/<testcase /g)?.length, 4);
    assert.match(xml, /<!\[CDATA\[x < y\]\]>/);
    const bad = await runVouch(['merge-junit', 'nope.xml'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /error\[no-file\]: no such file nope\.xml/);
  });
});

describe('vouch report without results', () => {
  it('exits 2 with a hint when there are no results, and when Java is missing', async () => {
    const dir = fixtureCopy('report');
    const none = await runVouch(['report'], { cwd: dir });
    assert.equal(none.code, 2, none.stdout + none.stderr);
    assert.match(none.stderr, /error\[no-results\]: there is no folder .*allure-results: nothing to report\nhint: run the suites first/);
    writeFileSync(join(dir, 'x-result.json'), '{}');
    const noJava = await runVouch(['report', '--results', '.'], { cwd: dir, env: { PATH: '/nonexistent', JAVA_HOME: '' } });
    assert.equal(noJava.code, 2, noJava.stdout + noJava.stderr);
    assert.match(noJava.stderr, /error\[no-java\]: the Allure report needs Java/);
    assert.match(noJava.stderr, /hint: install a Java runtime/);
    assert.ok(!existsSync(join(dir, 'reports', 'allure-report')));
  });
});
