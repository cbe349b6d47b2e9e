// The shared flag declarations: `[paths..]` and `--behaviours` of the commands that read suites, and repeatable flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import yargs, { type Argv } from 'yargs';
import { repeatable, suiteArgs } from '../../src/cli/flags.ts';

function parse(args: string[], builder: (y: Argv) => Argv): Record<string, unknown> {
  let seen: Record<string, unknown> = {};
  yargs(args)
    .command('x [paths..]', 'test command', builder, (a) => {
      seen = a;
    })
    .strict()
    .exitProcess(false)
    .fail((message) => {
      throw new Error(message);
    })
    .parseSync();
  return seen;
}

test('suiteArgs: suites/ by default, the paths given otherwise; --behaviours only when described', () => {
  assert.deepEqual(parse(['x'], (y) => suiteArgs(y)).paths, ['suites']);
  const read = parse(['x', 'a', 'b', '--behaviours', 'c.json'], (y) => suiteArgs(y, { behaviours: 'catalogue' }));
  assert.deepEqual([read.paths, read.behaviours], [['a', 'b'], 'c.json']);
  assert.throws(() => parse(['x', '--behaviours', 'c.json'], (y) => suiteArgs(y)), /behaviours/);
});

test('repeatable: an empty list when absent, every value given otherwise; with nargs 1 a path after it stays a path', () => {
  assert.deepEqual(parse(['x'], (y) => suiteArgs(y).option('tag', repeatable('tags'))).tag, []);
  const read = parse(['x', '--tag', 'a', '--tag', 'b', 'suites/k'], (y) => suiteArgs(y).option('tag', { ...repeatable('tags'), nargs: 1 }));
  assert.deepEqual([read.tag, read.paths], [['a', 'b'], ['suites/k']]);
});
