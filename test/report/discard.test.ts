// An earlier run's Allure results are moved aside as a run begins and deleted in the background, by a separate
// `rm -rf` where there is one, so that deleting thousands of files costs the runner neither time nor memory.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discardFolder } from '../../src/report/allure-format.js';

function folderOf(n: number): { out: string; dir: string } {
  const out = mkdtempSync(join(tmpdir(), 'vouch-discard-'));
  const dir = join(out, 'allure-results');
  mkdirSync(join(dir, 'nested'), { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `${i}-result.json`), '{}');
  writeFileSync(join(dir, 'nested', 'x.txt'), 'x');
  return { out, dir };
}

it('moves the folder aside at once and deletes it by a separate rm process', { skip: process.platform === 'win32' }, async () => {
  const { out, dir } = folderOf(2000);
  const d = discardFolder(dir);
  assert.equal(existsSync(dir), false, 'gone from its place before discardFolder returns');
  assert.equal(d.by, 'rm');
  await d.done;
  assert.deepEqual(readdirSync(join(out, '.vouch')), [], 'nothing left aside once done');
});

it('deletes it in this process when there is no rm to run', async () => {
  const { out, dir } = folderOf(50);
  const path = process.env['PATH'];
  process.env['PATH'] = join(out, 'no-such-bin');
  try {
    const d = discardFolder(dir);
    assert.equal(existsSync(dir), false);
    await d.done;
  } finally {
    process.env['PATH'] = path;
  }
  assert.deepEqual(readdirSync(join(out, '.vouch')), []);
});

it('has nothing to do for a folder that is not there', async () => {
  const d = discardFolder(join(mkdtempSync(join(tmpdir(), 'vouch-discard-')), 'allure-results'));
  assert.equal(d.by, 'none');
  await d.done;
});
