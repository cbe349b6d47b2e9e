// `vouch run` starts Playwright's runner while it prepares the plan, and tells it to go once the plan is written:
// a run that is refused (or interrupted) before that calls the runner off, and leaves no process behind.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runVouch } from '../helpers/cli.js';

/** Processes whose environment names this ready file (Linux /proc), waiting up to `ms` for them to be gone. */
async function waitingRunners(ready: string, ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const pids = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/environ`, 'latin1').split('\0').includes(`VOUCH_PLAN_READY=${ready}`);
        } catch {
          return false;
        }
      })
      .map(Number);
    if (pids.length === 0 || Date.now() > deadline) return pids;
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('a run tells the early runner to go with its plan; a refused run calls it off and leaves no process', { skip: process.platform !== 'linux' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-early-'));
  cpSync(join(repoRoot, 'suites'), join(dir, 'suites'), { recursive: true });
  cpSync(join(repoRoot, 'cassettes'), join(dir, 'cassettes'), { recursive: true });
  const ok = await runVouch(['run', 'suites/kubernetes/pod-status.yaml', '-q'], { cwd: dir });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  const ready = join(dir, 'reports', '.vouch', 'plan-ready');
  assert.match(readFileSync(ready, 'utf8'), /^go \S+plan\.json\n$/);

  writeFileSync(join(dir, 'suites', 'broken.yaml'), 'id: broken\ntitle: t\napi: kubernetes\nstepz: []\n');
  const refused = await runVouch(['run', 'suites/broken.yaml', '-o', 'refused'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(refused.code, 2, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /unknown key 'stepz'/);
  const refusedReady = join(dir, 'refused', '.vouch', 'plan-ready');
  assert.equal(readFileSync(refusedReady, 'utf8'), 'abort\n');
  assert.deepEqual(await waitingRunners(refusedReady), [], 'no runner left waiting');
});
