// The guard thread of a Playwright process under `vouch run` (src/runner/watchdog.ts), on the built code: a worker
// stuck in code that never yields is stopped past its scenario's limit and leaves the cause for the reporter; a
// worker whose event loop still turns is left to Playwright's own timeout; and when vouch dies, the process goes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

const watchdog = join(repoRoot, 'dist', 'runner', 'watchdog.js');

function child(script: string, parentPid: number, out: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  const p = spawn(
    process.execPath,
    ['--input-type=module', '-e', `import { startWatchdog } from ${JSON.stringify(watchdog)};\nconst dog = startWatchdog(${JSON.stringify(out)});\n${script}`],
    {
      env: { ...process.env, VOUCH_PARENT_PID: String(parentPid) },
      stdio: 'ignore',
      // Its own process group, as vouch gives Playwright's: the guard may stop that group, never the test runner's.
      detached: true,
    },
  );
  const killer = setTimeout(() => p.kill('SIGKILL'), 30_000);
  return new Promise((r) =>
    p.on('exit', (code, signal) => {
      clearTimeout(killer);
      r({ code, signal, ms: Date.now() - started });
    }),
  );
}

test('a scenario stuck in a busy loop past its limit: the worker is stopped, and the cause is left for the reporter', async () => {
  const out = mkdtempSync(join(tmpdir(), 'vouch-watchdog-'));
  try {
    const r = await child("dog.begin('stuck-scenario', 300);\nfor (;;) {}", process.pid, out);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(r.ms < 10_000, `stopped after ${r.ms} ms`);
    const cause = readFileSync(join(out, '.vouch', 'watchdog', 'stuck-scenario.txt'), 'utf8');
    assert.match(
      cause,
      /^the scenario ran past its time limit of 300 ms \(limits\.scenarioTimeout, --scenario-timeout\) in code that never yielded; its worker was stopped/,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("a scenario past its limit whose event loop still turns is left alone (Playwright's timeout ends the test)", async () => {
  const out = mkdtempSync(join(tmpdir(), 'vouch-watchdog-'));
  try {
    const r = await child("dog.begin('waiting', 200);\nawait new Promise((ok) => setTimeout(ok, 3000));\ndog.end();\nprocess.exit(0);", process.pid, out);
    assert.equal(r.code, 0, `exit ${r.code} ${r.signal}`);
    assert.ok(!existsSync(join(out, '.vouch', 'watchdog', 'waiting.txt')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('when the vouch process is gone, the process stops at once', async () => {
  const out = mkdtempSync(join(tmpdir(), 'vouch-watchdog-'));
  // A pid that existed and is gone: a finished child's.
  const gone = await new Promise<number>((r) => {
    const p = spawn('true');
    p.on('exit', () => r(p.pid!));
  });
  try {
    const r = await child('await new Promise((ok) => setTimeout(ok, 20000));', gone, out);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(r.ms < 5000, `stopped after ${r.ms} ms`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
