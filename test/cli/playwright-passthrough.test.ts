// Playwright passthrough must not destroy evidence: `npx playwright test --list` and `--reporter ...` through the
// project's playwright.config.js leave the last run's reports as they were; `vouch run --reporter html|json` writes
// under --output (not into Vouch's package folder), names where in the summary, and keeps machine formats off stdout.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runVouch, writeProject } from '../helpers/cli.js';
import { startTodoServer, type TodoServer } from '../helpers/todo-server.js';

const scenario = (id: string) =>
  [`id: ${id}`, `title: ${id}`, 'api: todos', 'steps:', '  - name: list', '    request: { method: GET, path: /todos }', '    expect: { status: 200 }', ''].join(
    '\n',
  );
const pwCli = join(repoRoot, 'node_modules', '@playwright', 'test', 'cli.js');
const packageReport = join(repoRoot, 'dist', 'runner', 'playwright-report');

/** What the last run left: the files whose loss the issue reported, read whole. */
function evidence(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of ['summary.json', 'junit.xml', '.vouch/plan.json']) out[f] = readFileSync(join(dir, 'reports', f), 'utf8');
  for (const f of readdirSync(join(dir, 'reports', 'allure-results')).sort())
    out[`allure-results/${f}`] = readFileSync(join(dir, 'reports', 'allure-results', f), 'utf8');
  return out;
}

function playwright(dir: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env['VOUCH_PLAN'];
  const r = spawnSync(process.execPath, [pwCli, 'test', ...args], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('Playwright passthrough keeps the evidence', () => {
  let server: TodoServer;
  let dir: string;
  let before_: Record<string, string>;
  before(async () => {
    rmSync(packageReport, { recursive: true, force: true });
    server = await startTodoServer();
    dir = writeProject('passthrough', {
      'package.json': '{ "type": "module", "private": true }\n',
      'playwright.config.js': `export { default } from ${JSON.stringify(join(repoRoot, 'dist', 'runner', 'pw.config.js'))};\n`,
      'vouch.config.yaml': 'targets:\n  todos:\n    auth: none\n',
      'suites/todos/a.yaml': scenario('todos-a'),
      'suites/todos/b.yaml': scenario('todos-b'),
    });
    const rec = await runVouch(['run', '--mode', 'record', '--target', `todos=${server.url}`], { cwd: dir });
    assert.equal(rec.code, 0, rec.stdout + rec.stderr);
    const rep = await runVouch(['run'], { cwd: dir });
    assert.equal(rep.code, 0, rep.stdout + rep.stderr);
    before_ = evidence(dir);
    assert.match(before_['junit.xml']!, /tests="2"/);
  });
  after(async () => {
    await server.close();
    rmSync(packageReport, { recursive: true, force: true });
  });

  it('`npx playwright test --list` lists the scenarios and leaves reports/ as it was', () => {
    const r = playwright(dir, ['--list']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /todos-a/);
    assert.match(r.stdout, /Total: 2 tests in \d+ files?/);
    assert.deepEqual(evidence(dir), before_);
  });

  it('`npx playwright test --reporter json` prints only JSON, and leaves reports/ as it was', () => {
    const r = playwright(dir, ['--reporter', 'json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as { stats: { expected: number } };
    assert.equal(report.stats.expected, 2);
    assert.deepEqual(evidence(dir), before_);
  });

  it('`vouch run --reporter html --reporter json` writes both under --output, names them, and keeps stdout readable', async () => {
    const r = await runVouch(['run', '--reporter', 'html', '--reporter', 'json', '--output', 'out'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(existsSync(join(dir, 'out', 'playwright-report', 'index.html')), 'the HTML report is under --output');
    assert.equal((JSON.parse(readFileSync(join(dir, 'out', 'playwright-report.json'), 'utf8')) as { stats: { expected: number } }).stats.expected, 2);
    assert.ok(!existsSync(packageReport), "nothing in Vouch's package folder");
    assert.ok(!existsSync(join(dir, 'playwright-report')), 'nothing in the project root');
    assert.doesNotMatch(r.stdout, /"config":|"suites":/, 'no JSON on stdout');
    assert.match(
      r.stdout,
      /Reports: out\/summary\.json, out\/junit\.xml, out\/allure-results\/, out\/playwright-report\/ \(html\), out\/playwright-report\.json \(json\)/,
    );
  });

  it("`vouch run --reporter junit` does not overwrite Vouch's own junit.xml", async () => {
    writeFileSync(join(dir, 'marker'), '');
    const r = await runVouch(['run', '--reporter', 'junit'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(readFileSync(join(dir, 'reports', 'junit.xml'), 'utf8'), /vouch\.run\.id/, "Vouch's junit.xml");
    assert.ok(existsSync(join(dir, 'reports', 'playwright-junit.xml')));
    assert.match(r.stdout, /reports\/playwright-junit\.xml \(junit\)/);
  });
});
