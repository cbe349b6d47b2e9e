// Vouch's Allure writer on its own: it is handed what allure-playwright writes for a test (the raw result attachment,
// then the result) and writes the completed result once, with the step exchanges, and the raw data only where the
// scenario did not pass; a retry that passes is flaky; a test that was not run says why.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Plan } from '../../src/runner/plan.js';
import type { ScenarioResult } from '../../src/model/types.js';
import { VouchAllureWriter } from '../../src/report/allure-writer.js';
import { encodeResult } from '../../src/runner/result-io.js';
import { ResultOutbox } from '../../src/runner/result-channel.js';
import type { AllureResult } from '../../src/report/allure-model.js';

const outputDir = mkdtempSync(join(tmpdir(), 'vouch-aw-out-'));
const plan = { cwd: '/p', notRun: { 'no-target': 'no target for API other (add --target other=URL)' }, config: { outputDir } } as unknown as Plan;

function scenario(id: string, verdict: 'passed' | 'failed'): ScenarioResult {
  const body = { id: 7, text: 'hello' };
  return {
    id,
    title: `Scenario ${id}`,
    api: 'demo',
    file: '/p/suites/a.yaml',
    verdict,
    mode: 'replay',
    durationMs: 3,
    vars: {},
    steps: [
      {
        id: 'read',
        name: 'read it',
        phase: 'steps',
        verdict,
        durationMs: 2,
        exchange: {
          source: 'replay',
          request: { method: 'GET', url: 'http://replay/items/7', path: '/items/7', query: {}, headers: { accept: 'application/json' }, identity: 'default' },
          response: { status: verdict === 'passed' ? 200 : 500, headers: { 'content-type': 'application/json' }, bodyText: JSON.stringify(body), body, durationMs: 1 },
        },
        checks: [{ check: 'status', kind: 'status', path: 'status', expected: 200, actual: verdict === 'passed' ? 200 : 500, passed: verdict === 'passed', severity: 'error', message: verdict === 'passed' ? 'status 200' : 'status: expected 200, got 500' }],
      },
    ],
  } as unknown as ScenarioResult;
}

/** What allure-playwright hands its writer for one test: the raw attachment in a step of its own, then the result. */
function handOver(w: VouchAllureWriter, id: string, r: ScenarioResult | undefined, retry = 0, status = 'passed'): string {
  const uuid = randomUUID();
  const steps: AllureResult['steps'] = [{ name: 'read it', status: 'passed', statusDetails: {}, stage: 'finished', steps: [], attachments: [], parameters: [], start: 1000, stop: 1002 }];
  if (r) {
    const source = `${randomUUID()}-attachment.json`;
    w.writeAttachment(source, Buffer.from(encodeResult(r)));
    steps.push({ name: 'vouch-result.json', status: 'passed', statusDetails: {}, stage: 'finished', steps: [], attachments: [{ name: 'vouch-result.json', source, type: 'application/json' }], parameters: [] });
  }
  const result: AllureResult = {
    uuid,
    name: `${id}: title`,
    status: status as AllureResult['status'],
    statusDetails: {},
    stage: 'finished',
    labels: [{ name: 'vouchId', value: id }, { name: 'epic', value: 'demo' }],
    links: [],
    parameters: retry ? [{ name: 'Retry', value: String(retry) }] : [],
    attachments: [],
    steps,
  };
  w.writeResult(result);
  return uuid;
}

const read = (dir: string, uuid: string) => JSON.parse(readFileSync(join(dir, `${uuid}-result.json`), 'utf8')) as AllureResult;

describe('Vouch Allure reporter', () => {
  it('puts its writer in place of the stock one (allure-playwright keeps it where this version of Vouch looks)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-ar-'));
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify({ ...plan, runId: 'r1' }));
    const prev = process.env['VOUCH_PLAN'];
    process.env['VOUCH_PLAN'] = planFile;
    try {
      const { default: Reporter, inlineAllureWriter } = await import('../../src/report/allure-reporter.js');
      const reporter = new Reporter({ resultsDir: join(dir, 'allure-results'), detail: false });
      reporter.onBegin({ allTests: () => [], suites: [], entries: () => [] });
      assert.ok(inlineAllureWriter() instanceof VouchAllureWriter, 'allure-playwright moved its writer: Vouch falls back to completing the files after the run (slower); update report/allure-reporter.ts');
    } finally {
      if (prev === undefined) delete process.env['VOUCH_PLAN'];
      else process.env['VOUCH_PLAN'] = prev;
    }
  });
});

describe('Vouch Allure writer', () => {
  it('writes a passed scenario completed: steps with request and response, no raw data, stable ids', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vouch-aw-')), 'allure-results');
    const w = new VouchAllureWriter(dir, plan);
    const uuid = handOver(w, 'ok', scenario('ok', 'passed'));
    w.flush();
    const r = read(dir, uuid);
    assert.equal(r.status, 'passed');
    assert.equal(r.fullName, 'demo:ok');
    assert.deepEqual(r.steps.map((s) => s.name), ['read it']);
    const names = r.steps[0]!.attachments.map((a) => a.name);
    assert.deepEqual(names, ['request', 'response']);
    const response = readFileSync(join(dir, r.steps[0]!.attachments[1]!.source), 'utf8');
    assert.match(response, /^HTTP 200 \(replayed from the cassette\)/);
    assert.match(response, /"text": "hello"/);
    assert.deepEqual(r.attachments, []);
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('-result.json')).length, 0, 'no raw result for a pass');
    assert.equal(w.written, 1);
  });

  it('takes a passed scenario\'s result from the workers\' result files when it was not attached', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vouch-aw-')), 'allure-results');
    const w = new VouchAllureWriter(dir, plan);
    const box = new ResultOutbox(outputDir);
    assert.ok(box.send('test-1', 0, 'via-file', encodeResult(scenario('via-file', 'passed'))));
    box.close();
    const uuid = handOver(w, 'via-file', undefined);
    const r = read(dir, uuid);
    assert.equal(r.status, 'passed');
    assert.deepEqual(r.steps[0]!.attachments.map((a) => a.name), ['request', 'response']);
  });

  it('keeps the raw result of a failed scenario, whole (body texts put back), and its failure as the message', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vouch-aw-')), 'allure-results');
    const w = new VouchAllureWriter(dir, plan);
    const uuid = handOver(w, 'bad', scenario('bad', 'failed'), 0, 'failed');
    const r = read(dir, uuid);
    assert.equal(r.status, 'failed');
    assert.match(r.statusDetails.message ?? '', /status: expected 200, got 500/);
    assert.equal(r.attachments.length, 1);
    const raw = JSON.parse(readFileSync(join(dir, r.attachments[0]!.source), 'utf8')) as ScenarioResult;
    assert.equal(raw.steps[0]!.exchange!.response!.bodyText, '{"id":7,"text":"hello"}');
    assert.ok(r.steps[0]!.attachments.some((a) => a.name === 'failed checks'));
  });

  it('marks a retry that passes after a failure as flaky, and a first-attempt pass not', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vouch-aw-')), 'allure-results');
    const w = new VouchAllureWriter(dir, plan);
    handOver(w, 'f', scenario('f', 'failed'), 0, 'failed');
    const second = handOver(w, 'f', scenario('f', 'passed'), 1);
    assert.equal(read(dir, second).statusDetails.flaky, true);
    const clean = handOver(w, 'g', scenario('g', 'passed'));
    assert.equal(read(dir, clean).statusDetails.flaky, undefined);
  });

  it('says why a scenario was not run', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vouch-aw-')), 'allure-results');
    const w = new VouchAllureWriter(dir, plan);
    const uuid = handOver(w, 'no-target', undefined, 0, 'skipped');
    assert.equal(read(dir, uuid).statusDetails.message, 'not run: no target for API other (add --target other=URL)');
  });

  it('writes results and run files whole (no temporary file left) into a folder it makes', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vouch-aw-')), 'deep', 'allure-results');
    const w = new VouchAllureWriter(dir, plan);
    w.writeCategoriesDefinitions([{ name: 'x' }]);
    w.writeEnvironmentInfo({ a: 'b=c', skip: undefined });
    handOver(w, 'ok', scenario('ok', 'passed'));
    assert.ok(existsSync(join(dir, 'categories.json')));
    assert.equal(readFileSync(join(dir, 'environment.properties'), 'utf8'), 'a=b\\=c\n');
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });
});
