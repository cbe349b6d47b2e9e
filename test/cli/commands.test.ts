// The lazy command table: every name loads the yargs command of that name from its module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS, exportName, loadCommands, namedCommand } from '../../src/cli/commands.ts';

test('each command name loads a command module declared under that name', async () => {
  for (const [name, load] of Object.entries(COMMANDS)) {
    const command = await load();
    assert.ok(command, `${name}: its module does not export ${exportName(name)}`);
    assert.equal(String(command.command).split(' ')[0], name, `${name}: loads the command it names`);
    assert.equal(typeof command.handler, 'function', `${name}: has a handler`);
  }
});

test('export names are camelCase with Command after; a named command loads alone, otherwise all in table order', async () => {
  assert.equal(exportName('merge-junit'), 'mergeJunitCommand');
  assert.equal(exportName('import-example'), 'importExampleCommand');
  assert.equal(exportName('run'), 'runCommand');
  assert.equal(namedCommand(['--json', 'coverage', 'suites']), 'coverage');
  assert.equal(namedCommand(['nosuch']), undefined);
  assert.deepEqual(
    (await loadCommands(['keygen'])).map((c) => c.command),
    ['keygen'],
  );
  assert.equal((await loadCommands([])).length, Object.keys(COMMANDS).length);
});
