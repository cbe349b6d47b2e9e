// Schemas from an OpenAPI document, through the CLI: `schema: openapi.yaml#/components/schemas/Todo` works for YAML
// as for JSON, `$ref`s resolve across the document, OpenAPI 3.0's `nullable: true` allows null (also without a
// `type`, beside an allOf), and an OpenAPI 3.1 document is checked as JSON Schema 2020-12.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { hasStackTrace, repoRoot, runVouch, writeProject } from '../helpers/cli.js';
import { startTodoServer, type TodoServer } from '../helpers/todo-server.js';

const openapiYaml = readFileSync(join(repoRoot, 'test', 'fixtures', 'todos', 'openapi.yaml'), 'utf8');
const config = 'targets:\n  todos:\n    auth: none\n';

const read = (schema: string) =>
  [
    'id: todos-read',
    'title: Read a todo',
    'api: todos',
    'steps:',
    '  - name: read todo 1',
    '    request: { method: GET, path: /todos/1 }',
    '    expect:',
    '      status: 200',
    `      schema: ${schema}`,
    '',
  ].join('\n');

/** OpenAPI 3.1: the list is an array whose first item is a Todo (prefixItems exists in 2020-12 only). */
const openapi31 = [
  'openapi: 3.1.0',
  'info: { title: Todos, version: 1.0.0 }',
  'paths: {}',
  'components:',
  '  schemas:',
  '    TodoList:',
  '      type: array',
  "      prefixItems: [{ $ref: '#/components/schemas/Todo' }]",
  '    Todo:',
  '      type: object',
  '      required: [id, done]',
  '      properties:',
  '        id: { type: integer }',
  '        done: { type: boolean }',
  "        note: { type: [string, 'null'] }",
  '',
].join('\n');

const list = (schema: string) =>
  [
    'id: todos-list',
    'title: List the todos',
    'api: todos',
    'steps:',
    '  - name: list',
    '    request: { method: GET, path: /todos }',
    '    expect:',
    '      status: 200',
    `      schema: ${schema}`,
    '',
  ].join('\n');

describe('schemas from an OpenAPI document', () => {
  let server: TodoServer;
  before(async () => {
    server = await startTodoServer();
  });
  after(() => server.close());

  it('checks a response against a schema in an OpenAPI YAML document, $refs and nullable included', async () => {
    server.broken = false;
    const dir = writeProject('oas-yaml', {
      'vouch.config.yaml': config,
      'openapi.yaml': openapiYaml,
      'suites/todos/read.yaml': read('../../openapi.yaml#/components/schemas/Todo'),
    });
    const v = await runVouch(['validate'], { cwd: dir });
    assert.equal(v.code, 0, v.stdout + v.stderr);
    const r = await runVouch(['run', '--target', `todos=${server.url}`], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 passed, 0 failed, 0 broken/);
  });

  it('fails a response that breaks the YAML schema, located at the expectation', async () => {
    server.broken = true;
    const dir = writeProject('oas-yaml-broken', {
      'vouch.config.yaml': config,
      'openapi.yaml': openapiYaml,
      'suites/todos/read.yaml': read('../../openapi.yaml#/components/schemas/Todo'),
    });
    const r = await runVouch(['run', '--target', `todos=${server.url}`], { cwd: dir });
    server.broken = false;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /suites\/todos\/read\.yaml:9:15: error\[schema\]: done: must be boolean \(type\)/);
    assert.ok(!hasStackTrace(r.stdout + r.stderr));
  });

  it('reads the same document as JSON', async () => {
    const dir = writeProject('oas-json', {
      'vouch.config.yaml': config,
      'openapi.json': JSON.stringify(parse(openapiYaml), null, 2),
      'suites/todos/read.yaml': read('../../openapi.json#/components/schemas/Todo'),
    });
    const r = await runVouch(['run', '--target', `todos=${server.url}`], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('checks an OpenAPI 3.1 document as JSON Schema 2020-12 (prefixItems applies)', async () => {
    const dir = writeProject('oas-31', {
      'vouch.config.yaml': config,
      'openapi.yaml': openapi31,
      'suites/todos/list.yaml': list('../../openapi.yaml#/components/schemas/TodoList'),
    });
    const ok = await runVouch(['run', '--target', `todos=${server.url}`], { cwd: dir });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    server.broken = true;
    const bad = await runVouch(['run', '--target', `todos=${server.url}`], { cwd: dir });
    server.broken = false;
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /error\[schema\]: \[0\]\.done: must be boolean \(type\)/);
  });

  it('refuses, before anything is sent, a pointer that names nothing in the document and a YAML file that does not parse', async () => {
    const dir = writeProject('oas-bad', {
      'openapi.yaml': openapiYaml,
      'broken.yaml': 'openapi: 3.0.3\ncomponents: [unclosed\n',
      'suites/todos/read.yaml': read('../../openapi.yaml#/components/schemas/Nope'),
      'suites/todos/list.yaml': list('../../broken.yaml#/components/schemas/Todo'),
    });
    const r = await runVouch(['validate'], { cwd: dir });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /suites\/todos\/read\.yaml:9:15: error\[unresolvable-ref\]: '\.\.\/\.\.\/openapi\.yaml#\/components\/schemas\/Nope' cannot be compiled/,
    );
    assert.match(
      r.stderr,
      /suites\/todos\/list\.yaml:9:15: error\[bad-schema-file\]: '\.\.\/\.\.\/broken\.yaml#\/components\/schemas\/Todo' is not valid YAML/,
    );
    assert.ok(!hasStackTrace(r.stdout + r.stderr));
  });
});
