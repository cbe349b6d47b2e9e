// `vouch bundle` packs the evidence of the run it describes, through the CLI: only the cassettes that run recorded
// or replayed (not an older cassette a broken recording kept, not one changed since), and a live run without
// recording is refused with the command that records it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runVouch, writeProject } from '../helpers/cli.js';
import { startTodoServer, type TodoServer } from '../helpers/todo-server.js';
import { untarGz } from '../../src/evidence/tar.js';

const scenario = (id: string, path: string) =>
  [
    `id: ${id}`,
    `title: ${id}`,
    'api: todos',
    'steps:',
    '  - name: list',
    `    request: { method: GET, path: /todos, query: ${path} }`,
    '    expect: { status: 200 }',
    '',
  ].join('\n');

function bundled(dir: string, stdout: string): string[] {
  const file = /evidence bundle (\S+\.tar\.gz)/.exec(stdout)![1]!;
  return untarGz(readFileSync(join(dir, file)))
    .map((e) => e.path)
    .filter((p) => p.startsWith('cassettes/'));
}

describe('vouch bundle holds the evidence of the run it describes', () => {
  let server: TodoServer;
  let dir: string;
  before(async () => {
    server = await startTodoServer();
    dir = writeProject('bundle-evidence', {
      'vouch.config.yaml': 'targets:\n  todos:\n    auth: none\n',
      'suites/todos/fast.yaml': scenario('todos-fast', '{ delay: 0 }'),
      'suites/todos/slow.yaml': scenario('todos-slow', '{ delay: 1500 }'),
    });
    const rec = await runVouch(['run', '--mode', 'record', '--target', `todos=${server.url}`, 'suites/todos/fast.yaml'], { cwd: dir });
    assert.equal(rec.code, 0, rec.stdout + rec.stderr);
  });
  after(() => server.close());

  it('refuses a live run that recorded nothing, with the command that records it', async () => {
    const live = await runVouch(['run', '--target', `todos=${server.url}`], { cwd: dir });
    assert.equal(live.code, 0, live.stdout + live.stderr);
    const r = await runVouch(['bundle'], { cwd: dir });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /error\[bundle-live-run\]: the last run \(r\w+\) was live: it recorded no cassette, so a bundle of it could not be replayed/);
    assert.match(
      r.stderr,
      new RegExp(`hint: record the run, then bundle it: vouch run --mode record --target todos=${server.url.replace(/[.]/g, '\\.')} suites && vouch bundle`),
    );
  });

  it('leaves out the old cassette of a scenario whose recording broke, and the bundle verifies', async () => {
    const first = await runVouch(['run', '--mode', 'record', '--target', `todos=${server.url}`], { cwd: dir });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    // The slow scenario times out now: broken, and its recording keeps the cassette of the first run.
    const second = await runVouch(['run', '--mode', 'record', '--target', `todos=${server.url}`, '--timeout', '500'], { cwd: dir });
    assert.equal(second.code, 3, second.stdout + second.stderr);
    const b = await runVouch(['bundle'], { cwd: dir });
    assert.equal(b.code, 0, b.stdout + b.stderr);
    assert.deepEqual(bundled(dir, b.stdout), ['cassettes/todos/todos-fast.json']);
    assert.match(b.stderr, /warning: 1 scenario\(s\) have no cassette of this run .*: todos-slow/);
    await server.close();
    const v = await runVouch(['verify', /evidence bundle (\S+\.tar\.gz)/.exec(b.stdout)![1]!], { cwd: dir });
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /✓ todos-slow: broken, replayed broken/);
  });

  it('refuses a cassette changed since the run', async () => {
    appendFileSync(join(dir, 'cassettes', 'todos', 'todos-fast.json'), '\n');
    const r = await runVouch(['bundle'], { cwd: dir });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /error\[bundle-cassette-changed\]: cassettes\/todos\/todos-fast\.json changed since run r\w+ (recorded|replayed) it/);
  });
});
