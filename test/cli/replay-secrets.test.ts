// Replay and evidence need no secrets, through the CLI: an `${env.X}` used only where the value is redacted (an API
// key header, a configured secret header, directly or through a variable, a body field at a configured redact path)
// reads as a placeholder in replay and in `vouch verify`; one used anywhere else is still required. `vouch cassettes
// verify` finds the recorded run clean and leaves Vouch's own plan files alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runVouch, writeProject } from '../helpers/cli.js';
import { startTodoServer, type TodoServer } from '../helpers/todo-server.js';

const KEY = 'todo-key-value-1234';
const secrets = { TODO_KEY: KEY, TODO_KEY2: 'second-key-value-5678', TODO_BODY_SECRET: 'body-secret-value-9012' };

const files = {
  'vouch.config.yaml': ['targets:', '  todos:', '    auth: none', 'redact:', '  headers: [x-todo-key]', '  paths: [/secret]', ''].join('\n'),
  'suites/todos/list.yaml': [
    'id: todos-list',
    'title: List the todos with an API key',
    'api: todos',
    'steps:',
    '  - name: list',
    '    request: { method: GET, path: /todos, headers: { x-api-key: "${env.TODO_KEY}" } }',
    '    expect: { status: 200 }',
    '',
  ].join('\n'),
  'suites/todos/second-key.yaml': [
    'id: todos-second-key',
    'title: A configured secret header, through a variable',
    'api: todos',
    'vars:',
    '  key: ${env.TODO_KEY2}',
    'steps:',
    '  - name: list',
    '    request: { method: GET, path: /todos, headers: { x-api-key: "${env.TODO_KEY}", x-todo-key: "${key}" } }',
    '    expect: { status: 200 }',
    '',
  ].join('\n'),
  'suites/todos/body-secret.yaml': [
    'id: todos-body-secret',
    'title: A body field at a configured redact path',
    'api: todos',
    'steps:',
    '  - name: create',
    '    request: { method: POST, path: /todos, headers: { x-api-key: "${env.TODO_KEY}" }, json: { title: "with a secret", secret: "${env.TODO_BODY_SECRET}" } }',
    '    capture: { id: /id }',
    '    expect: { status: 201 }',
    'teardown:',
    '  - name: delete',
    '    request: { method: DELETE, path: "/todos/${id}", headers: { x-api-key: "${env.TODO_KEY}" } }',
    '    expect: { status: 204 }',
    '',
  ].join('\n'),
  'expects/expected.yaml': [
    'id: todos-expects-env',
    'title: An environment value the expectations compare',
    'api: todos',
    'steps:',
    '  - name: read',
    '    request: { method: GET, path: /todos/1, headers: { x-api-key: "${env.TODO_KEY}" } }',
    '    expect: { status: 200, body: { title: "${env.TODO_TITLE}" } }',
    '',
  ].join('\n'),
};

describe('replay and evidence need no secrets', () => {
  let server: TodoServer;
  let dir: string;
  before(async () => {
    server = await startTodoServer({ apiKey: KEY });
    dir = writeProject('replay-secrets', files);
  });
  after(() => server.close());

  it('records with the keys set, writing none of them', async () => {
    const r = await runVouch(['run', 'suites', '--mode', 'record', '--target', `todos=${server.url}`], { cwd: dir, env: secrets });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(
      server.log.every((l) => l.apiKey === KEY),
      'the key was sent live',
    );
    for (const f of readdirSync(join(dir, 'cassettes', 'todos'))) {
      const text = readFileSync(join(dir, 'cassettes', 'todos', f), 'utf8');
      for (const v of Object.values(secrets)) assert.ok(!text.includes(v), `${f} holds a secret`);
    }
  });

  it('replays with no key set: a key used only where it is redacted reads as a placeholder', async () => {
    const r = await runVouch(['run', 'suites'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /3 passed, 0 failed, 0 broken/);
  });

  it('still requires a variable that an expectation compares', async () => {
    const r = await runVouch(['run', 'expects'], { cwd: dir });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /expects\/expected\.yaml:7:43: error\[undefined-variable\]: undefined variable \$\{env\.TODO_TITLE\}: the environment variable TODO_TITLE is not set/,
    );
    assert.doesNotMatch(r.stderr, /TODO_KEY/);
  });

  it("`vouch cassettes scan` finds cassettes and reports clean, and does not scan Vouch's own plan files", async () => {
    const r = await runVouch(['cassettes', 'scan', '--secret-env', 'TODO_KEY', '--secret-env', 'TODO_KEY2', '--secret-env', 'TODO_BODY_SECRET'], {
      cwd: dir,
      env: secrets,
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /scanned \d+ files: no value of TODO_KEY, TODO_KEY2, TODO_BODY_SECRET, no credential-looking string \(and \d+ of Vouch's own scenario and plan files, not scanned/,
    );
    assert.doesNotMatch(r.stdout, /\.vouch\/(scenarios|specs)|plan\.json/);
  });

  it('bundles the replayed run, and `vouch verify` replays it with no key', async () => {
    const b = await runVouch(['bundle'], { cwd: dir });
    assert.equal(b.code, 0, b.stdout + b.stderr);
    const bundle = /evidence bundle (\S+\.tar\.gz)/.exec(b.stdout)![1]!;
    const v = await runVouch(['verify', bundle], { cwd: dir });
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /✓ verified: the files are intact and all 3 scenario verdict\(s\) replay offline/);
  });
});
