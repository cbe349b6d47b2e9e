// The shared flag declarations: `[paths..]` and `--behaviours` of the commands that read suites, and repeatable flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import yargs, { type Argv } from 'yargs';
import { repeatable, suiteArgs } from '../../src/cli/flags.ts';
import { certifyCommand } from '../../src/cli/certify.ts';
import { reportCommand } from '../../src/cli/report.ts';
import { runCommand } from '../../src/cli/run.ts';

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

test('run and certify: each repeatable flag takes one value, so the suites named after it stay the suites', () => {
  const commands = { run: runCommand, certify: certifyCommand };
  for (const [name, command] of Object.entries(commands)) {
    for (const flag of ['target', 'option', 'extended']) {
      const read = parse(['x', `--${flag}`, 'a=true', 'suites/k'], command.builder as (y: Argv) => Argv);
      assert.deepEqual([read[flag], read.paths], [['a=true'], ['suites/k']], `vouch ${name} --${flag}`);
    }
  }
});

test('report --results takes every folder a shell glob expands to', () => {
  const read = parse(['x', '--results', 'a/allure-results', 'b/allure-results'], reportCommand.builder as (y: Argv) => Argv);
  assert.deepEqual(read.results, ['a/allure-results', 'b/allure-results']);
});
