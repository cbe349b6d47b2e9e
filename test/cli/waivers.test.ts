// Waivers through the CLI, against a widget API with switchable bugs: `vouch waive` writes the entry from the last
// run's failure; the same failure is then waived (never passed, counted apart in the terminal, summary.json, JUnit,
// Allure and the claim), a different failure of the same scenario is not, nor the waived one with a second bug; a
// waiver that matches nothing is reported; an expired waiver waives nothing and fails the run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, hasStackTrace, runVouch, type CliResult } from '../helpers/cli.js';
import { startWidgetServer, type WidgetBug, type WidgetServer } from '../helpers/widget-server.js';
import { allureResults, labels } from '../report/helpers.js';
import type { RunSummary } from '../../src/report/summary.js';
import { parseClaim } from '../../src/claim/schema.js';

describe('waivers', () => {
  let server: WidgetServer;
  let dir: string;
  const env = { VOUCH_SHOP_DEFAULT_TOKEN: 'widget-token' };

  async function runWith(bugs: WidgetBug[], ...extra: string[]): Promise<{ r: CliResult; summary: RunSummary }> {
    server.bugs.clear();
    for (const b of bugs) server.bugs.add(b);
    const r = await runVouch(['run', '--target', `shop=${server.url}`, '-q', ...extra], { cwd: dir, env });
    assert.ok(!hasStackTrace(r.stdout + r.stderr), r.stdout + r.stderr);
    return { r, summary: JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')) as RunSummary };
  }
  const scenario = (s: RunSummary, id: string) => s.scenarios.find((x) => x.id === id)!;

  before(async () => {
    server = await startWidgetServer();
    dir = fixtureCopy('waivers');
  });
  after(() => server.close());

  it('vouch waive writes the entry from the last failure; the same failure is then waived, never passed, and counted apart everywhere', async () => {
    const first = await runWith(['status']);
    assert.equal(first.r.code, 1, first.r.stdout);
    const failed = scenario(first.summary, 'widget-create');
    assert.equal(failed.verdict, 'failed');
    assert.deepEqual(failed.fingerprint, [{ step: 'create', check: 'status', kind: 'status', path: 'status', expected: 201, actual: '200' }]);

    const notFailed = await runVouch(['waive', 'widget-missing', '--reason', 'x', '--ticket', 'T'], { cwd: dir });
    assert.equal(notFailed.code, 2, notFailed.stdout + notFailed.stderr);
    assert.match(notFailed.stderr, /error\[not-failed\]: widget-missing did not fail in the last run \(it was passed\)/);

    const w = await runVouch(
      ['waive', 'widget-create', '--reason', 'create answers 200 until the 1.1 release', '--ticket', 'WID-7', '--expires', '2099-12-31'],
      { cwd: dir },
    );
    assert.equal(w.code, 0, w.stdout + w.stderr);
    assert.match(w.stdout, /waivers\.yaml: widget-create waived until 2099-12-31 \(WID-7\)/);
    const file = readFileSync(join(dir, 'waivers.yaml'), 'utf8');
    assert.match(file, /^# Known deviations/);
    assert.match(file, /scenario: widget-create[\s\S]*ticket: WID-7[\s\S]*expires: 2099-12-31[\s\S]*fingerprint:[\s\S]*expected: 201[\s\S]*actual: "200"/);

    // Another run (another run id, another widget name): the same failure matches the same fingerprint.
    const second = await runWith(['status']);
    assert.equal(second.r.code, 0, `a waived failure does not fail the run\n${second.r.stdout}`);
    const waived = scenario(second.summary, 'widget-create');
    assert.equal(waived.verdict, 'waived');
    assert.deepEqual(waived.waiver, { file: 'waivers.yaml', ticket: 'WID-7', reason: 'create answers 200 until the 1.1 release', expires: '2099-12-31' });
    assert.equal(second.summary.counts.waived, 1);
    assert.equal(second.summary.counts.passed, 1, 'waived is never counted as passed');
    assert.equal(second.summary.counts.failed, 0);
    assert.equal(second.summary.operations.find((o) => o.operation === 'create-widget')?.verdict, 'partial');
    assert.equal(second.summary.waivers?.applied.length, 1);
    assert.match(second.r.stdout, /1 passed, 0 failed, 0 broken, 1 waived/);
    assert.match(
      second.r.stdout,
      /Waived \(known deviations; never passed\), by waivers\.yaml:\n {2}w widget-create: WID-7 until 2099-12-31: step "create" .*status: expected 201, got 200/,
    );

    const junit = readFileSync(join(dir, 'reports', 'junit.xml'), 'utf8');
    assert.match(
      junit,
      /<testcase name="widget-create: [^"]*"[^>]*>\s*<skipped message="waived: WID-7 \(waivers\.yaml, until 2099-12-31\): create answers 200 until the 1\.1 release" type="waived"\/>/,
    );
    assert.match(junit, /<property name="vouch\.waived" value="1"\/>/);
    assert.doesNotMatch(junit, /<failure/);

    const allure = allureResults(join(dir, 'reports', 'allure-results')).get('widget-create')!;
    assert.equal(allure.status, 'skipped');
    assert.match(allure.statusDetails?.message ?? '', /^waived: WID-7 .*\n\n[\s\S]*status: expected 201, got 200/);
    assert.deepEqual(labels(allure, 'vouchVerdict'), ['waived']);
    const categories = JSON.parse(readFileSync(join(dir, 'reports', 'allure-results', 'categories.json'), 'utf8')) as {
      name: string;
      matchedStatuses: string[];
    }[];
    assert.ok(
      categories.some((c) => /^Waived/.test(c.name) && c.matchedStatuses.includes('skipped')),
      JSON.stringify(categories),
    );
  });

  it('a different failure of the same scenario is not waived, and the waiver says why it matched nothing', async () => {
    const { r, summary } = await runWith(['name']);
    assert.equal(r.code, 1, r.stdout);
    const s = scenario(summary, 'widget-create');
    assert.equal(s.verdict, 'failed');
    assert.deepEqual(s.fingerprint, [
      { step: 'create', check: 'body', kind: 'body', path: 'name', expected: '${steps.create.request.body.name}', actual: 'string' },
    ]);
    assert.equal(summary.waivers?.applied.length, 0);
    assert.match(
      summary.waivers?.unused[0]?.why ?? '',
      /failed differently \(step "create": body name: expected "\$\{steps\.create\.request\.body\.name\}", got string\)/,
    );
    assert.match(
      r.stdout,
      /Unused waivers in waivers\.yaml \(they matched no failure; remove them\):\n {2}- widget-create \(WID-7\): the scenario failed differently/,
    );
  });

  it('the waived failure together with a second one is not waived: a waiver cannot hide a second bug', async () => {
    const { r, summary } = await runWith(['status', 'name']);
    assert.equal(r.code, 1, r.stdout);
    const s = scenario(summary, 'widget-create');
    assert.equal(s.verdict, 'failed');
    assert.deepEqual(
      s.fingerprint?.map((f) => f.path),
      ['status', 'name'],
    );
    assert.match(summary.waivers?.unused[0]?.why ?? '', /failed differently \(step "create": body name/);
  });

  it('a waiver that matched nothing is reported, so it can be removed', async () => {
    const { r, summary } = await runWith([]);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(scenario(summary, 'widget-create').verdict, 'passed');
    assert.match(summary.waivers?.unused[0]?.why ?? '', /the scenario passed: the deviation is gone; remove the waiver/);
    assert.match(r.stdout, /Unused waivers in waivers\.yaml .*\n {2}- widget-create \(WID-7\): the scenario passed/);
  });

  it('an expired waiver waives nothing and fails the run, even when everything passed', async () => {
    const file = join(dir, 'waivers.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('expires: 2099-12-31', 'expires: 2020-01-31'));
    try {
      const failing = await runWith(['status']);
      assert.equal(failing.r.code, 1, failing.r.stdout);
      assert.equal(scenario(failing.summary, 'widget-create').verdict, 'failed');
      assert.equal(failing.summary.waivers?.expired.length, 1);
      assert.match(
        failing.r.stdout,
        /Expired waivers in waivers\.yaml \(judged on \d{4}-\d\d-\d\d; they waive nothing and fail the run until renewed or removed\):\n {2}✗ widget-create \(WID-7\): expired after 2020-01-31/,
      );
      const clean = await runWith([]);
      assert.equal(clean.summary.counts.failed, 0);
      assert.equal(clean.r.code, 1, `an expired waiver fails the run\n${clean.r.stdout}`);
    } finally {
      writeFileSync(file, text);
    }
  });

  it('a bad waivers file stops the run before anything is sent (exit 2, located)', async () => {
    const file = join(dir, 'waivers.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('expires: 2099-12-31', 'expires: 2099-02-30').replace('ticket: WID-7', 'tiket: WID-7'));
    try {
      const { r } = await runWith([]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /waivers\.yaml:\d+:\d+: error\[waivers\]: .*unknown key 'tiket'/);
    } finally {
      writeFileSync(file, text);
    }
  });

  it('the claim counts a waived scenario apart and calls the operation partial', async () => {
    server.bugs.clear();
    server.bugs.add('status');
    const digest = (await runVouch(['digest', 'suites'], { cwd: dir })).stdout.trim();
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    const r = await runVouch(['certify', '--target', `shop=${server.url}`, '--suites-digest', digest, '-q'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /vouch certify: Widget Works Widget Server 0\.9\.0: PARTIAL\n {2}1 passed, 0 failed, 1 waived, 0 not applicable/);
    const claim = parseClaim(readFileSync(join(dir, 'reports', 'conformance.json'), 'utf8'));
    assert.ok(typeof claim !== 'string', String(claim));
    assert.equal(claim.result, 'partial');
    assert.deepEqual(claim.counts, { total: 2, passed: 1, failed: 0, waived: 1, 'not applicable': 0 });
    assert.equal(claim.operations.find((o) => o.operation === 'create-widget')?.verdict, 'partial');
    const s = claim.scenarios.find((x) => x.id === 'widget-create')!;
    assert.equal(s.verdict, 'waived');
    assert.equal(s.waiver?.ticket, 'WID-7');
    assert.match(s.firstFailedCheck?.message ?? '', /status: expected 201, got 200/);
    assert.equal(claim.waivers.applied[0]?.ticket, 'WID-7');
    const html = readFileSync(join(dir, 'reports', 'conformance.html'), 'utf8');
    assert.match(html, /<span class="pill waived">waived<\/span> <code>widget-create<\/code>/);
  });
});
