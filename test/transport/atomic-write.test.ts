// Atomic writes under SIGKILL: a child rewrites a cassette in a loop and is killed mid-flight, several times; the
// file always parses and is exactly the old version or the new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/util/atomic-write.js';
import { version } from '../fixtures/transport/atomic-writer.js';
import { tempDir } from './helpers.js';

const WRITER = join('test', 'fixtures', 'transport', 'atomic-writer.ts');

async function writeThenKill(file: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok, fail) => {
    child.stdout.once('data', () => ok());
    child.once('exit', (code) => fail(new Error(`writer exited early (${code})`)));
  });
  await sleep(delayMs);
  const exited = new Promise((ok) => child.once('exit', ok));
  child.kill('SIGKILL');
  await exited;
}

test('a writer killed with SIGKILL never leaves a half-written cassette', async () => {
  const dir = tempDir();
  const file = join(dir, 'demo', 'pods.json');
  const [a, b] = [version('A'), version('B')];
  const seen = new Set<string>();
  for (const delay of [0, 7, 19, 33, 52, 80]) {
    await writeThenKill(file, delay);
    const text = readFileSync(file, 'utf8');
    assert.ok(text === a || text === b, `after a kill at ${delay} ms the file is neither version (${text.length} bytes)`);
    seen.add((JSON.parse(text) as { tag: string }).tag);
  }
  assert.ok(seen.size >= 1);
  assert.ok(readdirSync(join(dir, 'demo')).filter((n) => n.endsWith('.json')).length === 1, 'temp files never end in .json');
});

test('an existing file is replaced whole, and temp files of killed writers are removed', async () => {
  const dir = tempDir();
  const file = join(dir, 'x.json');
  writeFileSync(file, 'a much longer old content that must not survive in part');
  const orphan = join(dir, '.x.json.999999999.0badc0de.tmp');
  writeFileSync(orphan, '{"half": ');
  await writeFileAtomic(file, '{}\n');
  assert.equal(readFileSync(file, 'utf8'), '{}\n');
  assert.deepEqual(readdirSync(dir), ['x.json'], "a dead writer's temp file is cleaned up");
});

test('the synchronous form replaces a file whole, makes its folder, and leaves no temporary file, durable or not', () => {
  const dir = tempDir();
  const file = join(dir, 'deep', 'summary.json');
  writeFileAtomicSync(file, '{"a":1}\n');
  writeFileAtomicSync(file, Buffer.from('{"a":2}\n'), { durable: false });
  assert.equal(readFileSync(file, 'utf8'), '{"a":2}\n');
  assert.deepEqual(readdirSync(join(dir, 'deep')), ['summary.json']);
  // A target that cannot be replaced (a folder in its place): the error reaches the caller, no temporary file stays.
  const blocked = join(dir, 'blocked');
  writeFileAtomicSync(join(blocked, 'x'), 'x');
  assert.throws(() => writeFileAtomicSync(blocked, 'y'));
  assert.deepEqual(readdirSync(dir).sort(), ['blocked', 'deep']);
});
