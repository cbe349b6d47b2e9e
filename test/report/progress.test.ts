// The progress line as data: counts, the scenarios running past 5 s, and the line cleared before other output.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from '../../src/report/progress.js';

it('counts what ended, names what runs past 5 s, and clears itself before other output', () => {
  let now = 0;
  const out: string[] = [];
  const p = new Progress({ total: 3, write: (t) => out.push(t), now: () => now });
  p.began('a');
  p.began('b');
  now = 1000;
  p.ended('a', 'passed');
  assert.equal(p.line(), '1/3 done, 1 passed, 0 failed');
  now = 7200;
  assert.equal(p.line(), '1/3 done, 1 passed, 0 failed · still running: b (7 s)');
  p.ended('b', 'broken');
  assert.equal(p.line(), '2/3 done, 1 passed, 0 failed, 1 broken');
  out.length = 0;
  p.print('  ✓ passed a\n');
  assert.deepEqual(out, ['\r\x1b[2K', '  ✓ passed a\n', '\r\x1b[2K2/3 done, 1 passed, 0 failed, 1 broken']);
  out.length = 0;
  p.stop();
  assert.deepEqual(out, ['\r\x1b[2K']);
});
