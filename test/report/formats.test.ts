// The formats table drives the run's reports: the reporter names no format, the terminal lists what the table's
// formats write, and a toy format registered in the table by a fixture alone (test/fixtures/formats/toy-format.mjs)
// is fed the judged attempts and the results log by a real run, and writes its file beside the others.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixtureCopy, repoRoot, runVouch, type CliResult } from '../helpers/cli.js';
import { FORMATS, htmlFormat } from '../../src/report/formats.js';
import { startItemServer, type ItemServer } from './helpers.js';

const TOKEN = 'tok-formats-4b1d';
const toyFixture = join(repoRoot, 'test', 'fixtures', 'formats', 'toy-format.mjs');

describe('the formats table', () => {
  it('holds the terminal, summary.json, JUnit and Allure, the terminal last; Allure builds the HTML', () => {
    const table = [
      ['summary.json', ['summary.json']],
      ['junit', ['junit.xml']],
      ['allure', ['allure-results/']],
      ['terminal', []],
    ];
    assert.deepEqual(
      FORMATS.map((f) => [f.name, f.files]),
      table,
    );
    assert.deepEqual(htmlFormat()?.html, { from: 'allure-results', to: 'allure-report' });
    assert.equal(htmlFormat([FORMATS[0]!, FORMATS[3]!]), undefined);
  });

  it('is the only way the reporter and `vouch report` reach a format: neither imports a format module or names a report file', () => {
    const modules = ['summary-format', 'junit-format', 'junit', 'allure-format', 'allure-results', 'allure-meta'];
    modules.push('terminal-format', 'terminal-summary', 'progress');
    for (const file of ['src/report/playwright-reporter.ts', 'src/cli/report.ts']) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      const imported = [...text.matchAll(/from\s+'\.\.?\/(?:report\/)?([a-z-]+)\.js'/g)].map((m) => m[1]!);
      assert.deepEqual(
        imported.filter((m) => modules.includes(m)),
        [],
        `${file} imports a format module`,
      );
      const code = text
        .split('\n')
        .filter((l) => !/^\s*(\/\/|\*|\/\*\*)|\.option\(|\.example\(/.test(l))
        .join('\n');
      assert.doesNotMatch(code, /'(summary\.json|junit\.xml|allure-results|allure-report)'/, `${file} names a report file`);
    }
  });
});

describe('a toy format registered in the table by a fixture alone', () => {
  let server: ItemServer;
  let dir: string;
  let run: CliResult;
  const out = () => join(dir, 'reports');

  before(async () => {
    server = await startItemServer();
    dir = fixtureCopy('report');
    const env = { VOUCH_DEMO_DEFAULT_TOKEN: TOKEN, NODE_OPTIONS: `--import=${pathToFileURL(toyFixture).href}` };
    run = await runVouch(['run', '--target', `demo=${server.url}`], { cwd: dir, env });
  });
  after(() => server.close());

  it("is written from the run's results log, one line per record, with the verdict the reporter gave each attempt", () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const summary = JSON.parse(readFileSync(join(out(), 'summary.json'), 'utf8')) as { scenarios: { id: string; verdict: string }[] };
    const verdicts = Object.fromEntries(summary.scenarios.map((s) => [s.id, s.verdict]));
    const lines = readFileSync(join(out(), 'toy.tsv'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    // The scenario that was not run (no target for its API) left no record in the log.
    const recorded = ['dropped-connection', 'items-create', 'items-create-status', 'items-read-example', 'items-read-schema', 'private-read'];
    assert.deepEqual(
      lines.map((l) => l[0]),
      recorded,
    );
    for (const [id, retry, recorded, judged, steps] of lines) {
      assert.equal(retry, '0');
      assert.equal(judged, verdicts[id!], id);
      assert.equal(recorded, verdicts[id!], id);
      assert.ok(Number(steps) >= 1, id);
    }
  });

  it('leaves the other formats as they were, and the terminal lists its file with theirs', () => {
    for (const f of ['summary.json', 'junit.xml', join('allure-results', 'environment.properties')]) assert.ok(existsSync(join(out(), f)), f);
    assert.match(run.stdout, /Reports: reports\/summary\.json, reports\/junit\.xml, reports\/allure-results\/, reports\/toy\.tsv\n/);
    assert.match(run.stdout, /1 passed, 4 failed, 1 broken, 1 not run/);
  });
});
