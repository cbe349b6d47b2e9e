// `vouch init` through the CLI: from an OpenAPI document, one scenario per operation that validates, passes live
// against a faithful server, records and replays with no key; a one-scenario skeleton without --from; a Markdown page;
// and never an overwritten file without --force.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, repoRoot, runVouch, writeProject } from '../helpers/cli.js';
import { startTodoServer, type TodoServer } from '../helpers/todo-server.js';

const KEY = 'init-test-key-12345';
const openapi = join(repoRoot, 'test', 'fixtures', 'todos', 'openapi.yaml');

const page = [
  '# Todo API',
  '',
  '## Read a todo',
  '',
  '`GET /todos/{id}` answers `200 OK` with the todo.',
  '',
  '**Example response:**',
  '',
  '```json',
  '{ "id": 1, "title": "Write the docs", "done": false, "note": null, }',
  '```',
  '',
  '## Create a todo',
  '',
  '```sh',
  'curl -X POST https://api.example.com/todos -d @todo.json',
  '```',
  '',
  '**Request body:**',
  '',
  '```json',
  '{ "title": "Buy milk" }',
  '```',
  '',
  'It answers 201 Created.',
  '',
].join('\n');

describe('vouch init --from an OpenAPI document', () => {
  let server: TodoServer;
  let dir: string;
  before(async () => {
    server = await startTodoServer({ apiKey: KEY });
    dir = writeProject('init-openapi', {});
    copyFileSync(openapi, join(dir, 'openapi.yaml'));
  });
  after(() => server.close());

  it('writes the config, one scenario per operation, the document under schemas/, and prints the next three commands', async () => {
    const r = await runVouch(['init', '--from', 'openapi.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /wrote 9 files: vouch\.config\.yaml, 5 scenario\(s\) in suites\/todos\//);
    assert.match(r.stdout, /export TODOS_API_KEY=\.\.\./);
    assert.match(r.stdout, /npx vouch run --target todos=http:\/\/127\.0\.0\.1:8080 +# 1\. live/);
    assert.match(r.stdout, /npx vouch run --mode record --target todos=http:\/\/127\.0\.0\.1:8080 +# 2\. record/);
    assert.match(r.stdout, /npx vouch run +# 3\. replay/);
    assert.deepEqual(readdirSync(join(dir, 'suites', 'todos')).sort(), [
      'README.md',
      'create-todo.yaml',
      'delete-todo.yaml',
      'examples',
      'get-todo.yaml',
      'list-todos.yaml',
      'replace-todo.yaml',
      'schemas',
    ]);
    assert.equal(readFileSync(join(dir, 'suites', 'todos', 'schemas', 'openapi.yaml'), 'utf8'), readFileSync(openapi, 'utf8'));
    const get = readFileSync(join(dir, 'suites', 'todos', 'get-todo.yaml'), 'utf8');
    assert.match(get, /# documented responses: 200 The todo; 404 No such todo\n\s+status: 200\n\s+schema: schemas\/openapi\.yaml#\/components\/schemas\/Todo/);
    assert.match(readFileSync(join(dir, 'vouch.config.yaml'), 'utf8'), /auth: none[\s\S]*headers: \[X-API-Key\]/);
    const v = await runVouch(['validate'], { cwd: dir });
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });

  it('the scenarios pass live against a faithful server, record, and replay with no key', async () => {
    const live = await runVouch(['run', '--target', `todos=${server.url}`], { cwd: dir, env: { TODOS_API_KEY: KEY } });
    assert.equal(live.code, 0, live.stdout + live.stderr);
    assert.match(live.stdout, /5 passed, 0 failed, 0 broken/);
    const rec = await runVouch(['run', '--mode', 'record', '--target', `todos=${server.url}`], { cwd: dir, env: { TODOS_API_KEY: KEY } });
    assert.equal(rec.code, 0, rec.stdout + rec.stderr);
    for (const f of readdirSync(join(dir, 'cassettes', 'todos')))
      assert.ok(!readFileSync(join(dir, 'cassettes', 'todos', f), 'utf8').includes(KEY), `${f} holds the key`);
    const replay = await runVouch(['run'], { cwd: dir });
    assert.equal(replay.code, 0, replay.stdout + replay.stderr);
    assert.match(replay.stdout, /5 passed, 0 failed, 0 broken/);
  });

  it('refuses to overwrite, naming the files and writing nothing; --force overwrites', async () => {
    writeFileSync(join(dir, 'vouch.config.yaml'), '# mine\n');
    const r = await runVouch(['init', '--from', 'openapi.yaml'], { cwd: dir });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /error\[init-exists\]: 9 of the files vouch init writes exist already: vouch\.config\.yaml, suites\/todos\/schemas\/openapi\.yaml, .*; nothing was written\nhint: .*--force/,
    );
    assert.equal(readFileSync(join(dir, 'vouch.config.yaml'), 'utf8'), '# mine\n');
    const f = await runVouch(['init', '--from', 'openapi.yaml', '--force'], { cwd: dir });
    assert.equal(f.code, 0, f.stdout + f.stderr);
    assert.match(readFileSync(join(dir, 'vouch.config.yaml'), 'utf8'), /targets:/);
  });

  it('says why a document cannot be used, with exit 2 and no stack trace', async () => {
    const bad = writeProject('init-bad', { 'swagger.yaml': 'swagger: "2.0"\npaths: {}\n', 'notes.yaml': 'just: notes\n' });
    const swagger = await runVouch(['init', '--from', 'swagger.yaml'], { cwd: bad });
    assert.equal(swagger.code, 2);
    assert.match(swagger.stderr, /error\[init-from\]: swagger\.yaml: Swagger 2\.0 is not supported: convert it to OpenAPI 3 first/);
    const notes = await runVouch(['init', '--from', 'notes.yaml'], { cwd: bad });
    assert.match(notes.stderr, /error\[init-from\]: notes\.yaml: not an OpenAPI 3 document/);
    const missing = await runVouch(['init', '--from', 'nope.yaml'], { cwd: bad });
    assert.match(missing.stderr, /error\[init-from\]: --from nope\.yaml: no such file/);
    const name = await runVouch(['init', '--api', 'Bad Name'], { cwd: bad });
    assert.match(name.stderr, /error\[init-from\]: --api 'Bad Name' is not an API name/);
    assert.ok(!hasStackTrace(swagger.stderr + notes.stderr + missing.stderr + name.stderr));
    assert.deepEqual(readdirSync(bad).sort(), ['notes.yaml', 'swagger.yaml'], 'nothing written');
  });
});

describe('vouch init without --from, and from a Markdown page', () => {
  let root: http.Server;
  let url: string;
  before(async () => {
    root = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"shop","version":"1"}'));
    await new Promise<void>((ok) => root.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(root.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((ok) => root.close(() => ok())));

  it('writes a one-scenario skeleton, with schemas/ and examples/, that validates and runs', async () => {
    const dir = writeProject('init-blank', {});
    const r = await runVouch(['init', '--api', 'shop'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const f of [
      'vouch.config.yaml',
      'suites/shop/get-root.yaml',
      'suites/shop/schemas/resource.schema.json',
      'suites/shop/examples/resource.json',
      'suites/shop/README.md',
    ])
      assert.ok(existsSync(join(dir, f)), f);
    const live = await runVouch(['run', '--target', `shop=${url}`], { cwd: dir });
    assert.equal(live.code, 0, live.stdout + live.stderr);
    assert.match(live.stdout, /1 passed, 0 failed, 0 broken/);
  });

  it('from a Markdown page: one scenario per operation it names, its example copied with provenance, its status codes', async () => {
    const dir = writeProject('init-md', { 'todo-api.md': page });
    const r = await runVouch(['init', '--from', 'todo-api.md', '--api', 'todos'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const read = readFileSync(join(dir, 'suites', 'todos', 'get-todos-id.yaml'), 'utf8');
    assert.match(read, /path: "\/todos\/\$\{id\}"/);
    assert.match(read, /status: 200\n\s+example:\n\s+file: examples\/get-todos-id-response\.json/);
    const example = JSON.parse(readFileSync(join(dir, 'suites', 'todos', 'examples', 'get-todos-id-response.json'), 'utf8')) as {
      provenance: { source: string; section: string };
      example: unknown;
    };
    assert.deepEqual(example.provenance.section, 'Read a todo');
    assert.deepEqual(example.example, { id: 1, title: 'Write the docs', done: false, note: null });
    const create = readFileSync(join(dir, 'suites', 'todos', 'post-todos.yaml'), 'utf8');
    assert.match(create, /json: \{ title: Buy milk \}/);
    assert.match(create, /status: 201/);
    const v = await runVouch(['validate'], { cwd: dir });
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });
});
