// Progress through the CLI: on a terminal, a live line `N/M done, P passed, F failed` and the scenario still running
// after 5 s; never that line when stdout is not a terminal (CI logs). Record mode names the cassettes it wrote, and
// the summary's time says that it includes start-up.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { runVouch, vouchBin, writeProject } from '../helpers/cli.js';
import { startTodoServer, type TodoServer } from '../helpers/todo-server.js';

const scenario = (id: string, delay: number) =>
  [
    `id: ${id}`,
    `title: ${id}`,
    'api: todos',
    'steps:',
    '  - name: list',
    `    request: { method: GET, path: /todos, query: { delay: ${delay} } }`,
    '    expect: { status: 200 }',
    '',
  ].join('\n');

/** Runs vouch with a pseudo-terminal as its stdout (util-linux `script`), as a person at a terminal does. */
function onTerminal(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  const command = [process.execPath, vouchBin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('progress', () => {
  let server: TodoServer;
  let dir: string;
  before(async () => {
    server = await startTodoServer();
    dir = writeProject('progress', {
      'vouch.config.yaml': 'targets:\n  todos:\n    auth: none\n',
      'suites/todos/fast.yaml': scenario('todos-fast', 0),
      'suites/todos/slow.yaml': scenario('todos-slow', 6500),
    });
  });
  after(() => server.close());

  it('on a terminal: N/M done, P passed, F failed, and the scenario still running after 5 s', async () => {
    const r = await onTerminal(['run', '--target', `todos=${server.url}`, '--workers', '2'], dir);
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /\r\x1b\[2K[01]\/2 done, [01] passed, 0 failed/);
    assert.match(r.output, /still running: todos-slow \([5-9] s\)/);
    assert.match(r.output, /2 passed, 0 failed, 0 broken/);
  });

  it('not on a terminal (CI logs): no progress line, no cursor movement', async () => {
    const r = await runVouch(['run', '--target', `todos=${server.url}`, '--workers', '2'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /done, \d+ passed|still running|\x1b\[|\r/);
  });

  it('record mode names the cassettes it wrote, and the time says start-up is included', async () => {
    const r = await runVouch(['run', '--mode', 'record', '--target', `todos=${server.url}`, 'suites/todos/fast.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Cassettes written \(1\): cassettes\/todos\/todos-fast\.json/);
    assert.match(r.stdout, /vouch: 1 scenarios \(record\) in \d+\.\d s, start-up included \(the scenarios took \d+\.\d s\)/);
  });
});
