// The Allure pass runs in a process of its own (report/allure-pass.ts): given a run's attempts it writes every
// record of the log as its Allure result, a pass that fails says why, and a runner that never hands it the attempts
// (a run stopped early) is not held up by it, nor leaves it behind; a run whose pass fails writes its other reports.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FullConfig, FullResult, Suite } from '@playwright/test/reporter';
import { type KeyedAttempt, startAllurePass } from '../../src/report/allure-pass.ts';
import { records } from '../../src/results/log.ts';
import { PLAN_ENV } from '../../src/results/plan.ts';
import { repoRoot, runVouch } from '../helpers/cli.js';

let out = '';

before(async () => {
  out = join(mkdtempSync(join(tmpdir(), 'vouch-allure-pass-')), 'reports');
  const r = await runVouch(['run', 'suites/kubernetes/pod-status.yaml', '--output', out, '--quiet'], { cwd: repoRoot });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  // The pass finds the plan as the runner's child does: by the environment it inherits.
  process.env[PLAN_ENV] = join(out, '.vouch', 'plan.json');
});

/** The run's attempts as the reporter hands them over: one per record of the log, every one passed. */
function attempts(): KeyedAttempt[] {
  return [...records(out)].map(({ head }) => ({
    key: `${head.test}#${head.retry}`,
    id: head.id,
    retry: head.retry,
    verdict: 'passed',
    start: 1_700_000_000_000,
    durationMs: 5,
  }));
}

const results = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.endsWith('-result.json'))
    .sort();

it('writes one Allure result per record of the log, under the same names as the run wrote, and the run files', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vouch-allure-pass-')), 'allure-results');
  const given = attempts();
  assert.ok(given.length >= 2, 'the run left records');
  const pass = startAllurePass();
  assert.ok(pass.pid, 'the pass started as a process');
  assert.notEqual(pass.pid, process.pid);
  await pass.write({ dir, attempts: given, overview: { targetVersions: { kubernetes: 'v9.9.9' } } });
  assert.deepEqual(results(dir), results(join(out, 'allure-results')));
  for (const name of results(dir)) {
    const r = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { status: string; steps: unknown[]; start: number };
    assert.equal(r.status, 'passed', name);
    assert.ok(r.steps.length > 0, `${name} has its steps`);
    assert.equal(r.start, 1_700_000_000_000);
  }
  assert.match(readFileSync(join(dir, 'environment.properties'), 'utf8'), /v9\.9\.9/);
});

it('a pass that cannot write says what and where, and the promise rejects with it', async () => {
  const base = mkdtempSync(join(tmpdir(), 'vouch-allure-pass-'));
  writeFileSync(join(base, 'a-file'), '');
  const dir = join(base, 'a-file', 'allure-results');
  await assert.rejects(startAllurePass().write({ dir, attempts: attempts(), overview: {} }), (e: Error) => {
    assert.match(e.message, /^the Allure results could not be written: .*(ENOTDIR|EEXIST)/);
    assert.ok(e.message.includes(join(base, 'a-file')), e.message);
    return true;
  });
});

it('a runner that ends without handing over the attempts ends at once, and its pass ends with it, writing nothing', { timeout: 30_000 }, async () => {
  const script = `import { startAllurePass } from ${JSON.stringify(join(repoRoot, 'src', 'report', 'allure-pass.ts'))};\nconsole.log(startAllurePass().pid);\n`;
  const file = join(mkdtempSync(join(tmpdir(), 'vouch-allure-pass-')), 'runner.mts');
  writeFileSync(file, script);
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  let said = '';
  child.stdout.on('data', (c: Buffer) => (said += c.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  assert.equal(code, 0);
  assert.ok(Date.now() - started < 15_000, 'the runner was not held up');
  const pid = Number(said.trim());
  assert.ok(pid > 0, said);
  // The pass sees its stdin end with nothing on it and exits.
  const gone = async () => {
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return true;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };
  assert.ok(await gone(), `the pass (pid ${pid}) is still running`);
});

// Last: it writes over the run's reports in `out`.
it('a run whose Allure pass fails says why on stderr, and its summary.json, junit.xml and terminal summary are written all the same', async () => {
  const { default: VouchReporter } = await import('../../src/report/playwright-reporter.ts');
  const reporter = new VouchReporter();
  for (const f of ['summary.json', 'junit.xml']) rmSync(join(out, f));
  reporter.onBegin({ shard: null } as unknown as FullConfig, { allTests: () => [] } as unknown as Suite);
  // Where the Allure results go, a file: the pass cannot make the folder.
  writeFileSync(join(out, 'allure-results'), 'in the way');
  const said = { out: '', err: '' };
  const write = { out: process.stdout.write, err: process.stderr.write };
  const into = (key: 'out' | 'err') =>
    ((c: string) => {
      said[key] += c;
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = into('out');
  process.stderr.write = into('err');
  try {
    await reporter.onEnd({ status: 'passed' } as FullResult);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
  assert.match(said.err, /^vouch: allure: the Allure results could not be written: .*EEXIST/m);
  assert.ok(existsSync(join(out, 'summary.json')), 'summary.json');
  assert.ok(existsSync(join(out, 'junit.xml')), 'junit.xml');
  assert.match(said.out, /Reports: .*summary\.json, .*junit\.xml\n/);
  assert.doesNotMatch(said.out, /allure-results|vouch report --open/, 'the terminal lists no Allure results it does not have');
});
