// `vouch run` starts Playwright's runner before anything else (bin/vouch.js, cli/early-runner.ts): the runner loads
// Playwright while vouch loads its own modules and prepares the plan, then waits on a pipe until it is told to go,
// with what the command line said (--retries, --workers, --shard, the kubeconfig's token, --quiet). A run that is
// refused (or interrupted) before that calls the runner off, and leaves no process behind.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repoRoot, runVouch, writeProject } from '../helpers/cli.js';
import { staticImports } from '../helpers/static-imports.js';

/** Processes whose environment holds this marker (Linux /proc), waiting up to `ms` for them to be gone. */
async function markedProcesses(marker: string, ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const pids = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/environ`, 'latin1').split('\0').includes(`VOUCH_TEST_MARK=${marker}`);
        } catch {
          return false;
        }
      })
      .map(Number);
    if (pids.length === 0 || Date.now() > deadline) return pids;
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('bin/vouch.js starts the runner before it loads the CLI, and what starts it loads nothing of the CLI', () => {
  const bin = readFileSync(join(repoRoot, 'bin', 'vouch.js'), 'utf8');
  const started = bin.indexOf('startEarlyRunner(process.argv)');
  assert.ok(started > 0, 'bin/vouch.js starts the early runner');
  assert.doesNotMatch(bin, /^import\s[^;]*main\.js/m, 'no static import of the CLI: it would load before the runner starts');
  assert.ok(bin.indexOf("import('../dist/cli/main.js')") > started, 'the CLI is imported after the runner started');
  // Everything early-runner.ts loads when it is imported: static value imports, followed through src/.
  const src = join(repoRoot, 'src');
  const { files: seen, packages } = staticImports(join(src, 'cli', 'early-runner.ts'));
  assert.deepEqual([...seen].map((f) => relative(src, f)).sort(), ['cli/early-runner.ts', 'cli/playwright-process.ts', 'results/plan.ts']);
  assert.deepEqual([...packages], [], 'no package: yargs and the rest load after the runner started');
});

it('a run tells the early runner to go with its plan; a refused run calls it off and leaves no process', { skip: process.platform !== 'linux' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-early-'));
  cpSync(join(repoRoot, 'suites'), join(dir, 'suites'), { recursive: true });
  cpSync(join(repoRoot, 'cassettes'), join(dir, 'cassettes'), { recursive: true });
  const mark = `ok-${process.pid}-${Date.now()}`;
  const ok = await runVouch(['run', 'suites/kubernetes/pod-status.yaml', '-q'], { cwd: dir, env: { VOUCH_TEST_MARK: mark } });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.deepEqual(await markedProcesses(mark), [], 'the runner and its workers ended with the run');

  writeFileSync(join(dir, 'suites', 'broken.yaml'), 'id: broken\ntitle: t\napi: kubernetes\nstepz: []\n');
  const refusedMark = `refused-${process.pid}-${Date.now()}`;
  const refused = await runVouch(['run', 'suites/broken.yaml', '-o', 'refused'], { cwd: dir, timeoutMs: 60_000, env: { VOUCH_TEST_MARK: refusedMark } });
  assert.equal(refused.code, 2, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /unknown key 'stepz'/);
  assert.deepEqual(await markedProcesses(refusedMark), [], 'no runner left waiting');

  const badFlagMark = `flag-${process.pid}-${Date.now()}`;
  const badFlag = await runVouch(['run', '--no-such-flag'], { cwd: dir, timeoutMs: 60_000, env: { VOUCH_TEST_MARK: badFlagMark } });
  assert.equal(badFlag.code, 2, badFlag.stdout + badFlag.stderr);
  assert.deepEqual(await markedProcesses(badFlagMark), [], 'a command line yargs refuses leaves no runner either');
});

it('--retries reaches the runner that started before the command line was read', async () => {
  // Every odd request fails: a first attempt fails and its retry passes.
  let count = 0;
  const server = createServer((_req, res) => {
    count += 1;
    res.writeHead(count % 2 === 1 ? 500 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const dir = writeProject('early-retries', {
      'suites/ping.yaml': 'id: ping\ntitle: Ping\napi: demo\nsteps:\n  - name: ping\n    request: { method: GET, path: /ping }\n    expect: { status: 200 }\n',
    });
    const token = { VOUCH_DEMO_DEFAULT_TOKEN: 'tok-1234' };
    const retried = await runVouch(['run', 'suites', '--target', `demo=${url}`, '--retries', '1'], { cwd: dir, env: token });
    assert.equal(retried.code, 0, retried.stdout + retried.stderr);
    const summary = () => JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')) as { scenarios: { id: string; verdict: string }[] };
    assert.deepEqual(
      summary().scenarios.map((s) => [s.id, s.verdict]),
      [['ping', 'flaky']],
    );
    assert.equal(count, 2);
    const once = await runVouch(['run', 'suites', '--target', `demo=${url}`], { cwd: dir, env: token });
    assert.equal(once.code, 1, once.stdout + once.stderr);
    assert.deepEqual(
      summary().scenarios.map((s) => [s.id, s.verdict]),
      [['ping', 'failed']],
    );
  } finally {
    server.close();
  }
});
