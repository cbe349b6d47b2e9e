// A stale cassette (the scenario changed since it was recorded), through the CLI: the replay goes on, and the
// terminal summary names it with the command that re-records it; with --strict-cassettes it is broken (exit 3).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runVouch, writeProject } from '../helpers/cli.js';
import { startTodoServer, type TodoServer } from '../helpers/todo-server.js';

const scenario = (title: string) =>
  [
    'id: todos-list',
    `title: ${title}`,
    'api: todos',
    'steps:',
    '  - name: list',
    '    request: { method: GET, path: /todos }',
    '    expect: { status: 200 }',
    '',
  ].join('\n');

describe('stale cassettes', () => {
  let server: TodoServer;
  let dir: string;
  before(async () => {
    server = await startTodoServer();
    dir = writeProject('stale', { 'vouch.config.yaml': 'targets:\n  todos:\n    auth: none\n', 'suites/todos/list.yaml': scenario('List the todos') });
    const rec = await runVouch(['run', '--mode', 'record', '--target', `todos=${server.url}`], { cwd: dir });
    assert.equal(rec.code, 0, rec.stdout + rec.stderr);
    await server.close();
    writeFileSync(join(dir, 'suites', 'todos', 'list.yaml'), scenario('List every todo'));
  });
  after(() => server.close());

  it('replays a stale cassette, and the terminal summary names it with the command that re-records it', async () => {
    const r = await runVouch(['run'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /Stale cassettes \(the scenario changed since it was recorded; replayed anyway, --strict-cassettes makes them broken\):\n {2}todos-list: cassettes\/todos\/todos-list\.json, recorded at \S+\n {4}re-record: vouch run --mode record --target todos=URL suites\/todos\/list\.yaml/,
    );
    assert.match(r.stdout, /1 passed, 0 failed, 0 broken/);
    const s = JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')) as { scenarios: { cassette?: { stale?: string } }[] };
    assert.equal(s.scenarios[0]!.cassette?.stale, 'vouch run --mode record --target todos=URL suites/todos/list.yaml');
  });

  it('--strict-cassettes makes a stale cassette broken (exit 3), with the command that re-records it', async () => {
    const r = await runVouch(['run', '--strict-cassettes'], { cwd: dir });
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /! broken {2}todos-list: List every todo/);
    assert.match(
      r.stdout,
      /cassette is stale: the scenario changed since it was recorded .*\(hint: re-record it: vouch run --mode record --target todos=URL suites\/todos\/list\.yaml\)/,
    );
    assert.match(r.stdout, /0 passed, 0 failed, 1 broken/);
  });

  it('a cassette that is not stale is not listed', async () => {
    writeFileSync(join(dir, 'suites', 'todos', 'list.yaml'), scenario('List the todos'));
    const r = await runVouch(['run', '--strict-cassettes'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /Stale cassettes/);
  });
});
