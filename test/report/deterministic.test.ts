// Reports are written from the run's results log, with names derived from the scenarios, never random: a replayed
// run written twice gives the same Allure results, junit.xml and summary.json byte for byte, apart from timestamps,
// durations and the run's own id.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runVouch } from '../helpers/cli.js';

/** Every file of a report folder, by relative name, with what may differ between two runs masked. */
function normalised(out: string): Map<string, string> {
  const runId = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { runId: string }).runId;
  const files = new Map<string, string>();
  const mask = (text: string) =>
    text
      .replaceAll(runId, '<run id>')
      // JSON: epoch-millisecond times, ISO times, durations.
      .replace(/"(start|stop|durationMs)":\s?\d+/g, '"$1":<n>')
      .replace(/"startedAt":\s?"[^"]+"/g, '"startedAt":<t>')
      // JUnit: seconds and timestamps as attributes; the terminal summary's figures in attachments.
      .replace(/\b(time|timestamp)="[^"]*"/g, '$1="<t>"');
  for (const name of ['summary.json', 'junit.xml']) files.set(name, mask(readFileSync(join(out, name), 'utf8')));
  for (const name of readdirSync(join(out, 'allure-results')).sort())
    files.set(`allure-results/${name}`, mask(readFileSync(join(out, 'allure-results', name), 'utf8')));
  return files;
}

it('a replayed run written twice gives the same reports, apart from timestamps, durations and the run id', { timeout: 180_000 }, async () => {
  const base = mkdtempSync(join(tmpdir(), 'vouch-determinism-'));
  const outs = [join(base, 'a'), join(base, 'b')];
  for (const out of outs) {
    const r = await runVouch(['run', 'suites', '--output', out, '--quiet'], { cwd: repoRoot });
    assert.equal(r.code, 0, r.stdout + r.stderr);
  }
  const [a, b] = outs.map(normalised) as [Map<string, string>, Map<string, string>];
  assert.ok([...a.keys()].filter((n) => n.endsWith('-result.json')).length >= 50, 'one Allure result per scenario');
  assert.deepEqual([...a.keys()], [...b.keys()], 'the same file names');
  const differ = [...a.keys()].filter((n) => a.get(n) !== b.get(n));
  assert.deepEqual(
    differ,
    [],
    `files that differ: ${differ
      .slice(0, 3)
      .map((n) => `${n}\n${a.get(n)!.slice(0, 400)}\n---\n${b.get(n)!.slice(0, 400)}`)
      .join('\n')}`,
  );
});
