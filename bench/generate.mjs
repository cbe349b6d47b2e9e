// Writes a synthetic suite of N SelfCommunity scenarios for the benchmark: each creates a status, updates it and
// reads it back (3 steps), checking the status schema and the documented example on the last two.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Scenarios per YAML file: a realistic suite groups a few dozen scenarios per file. */
const PER_FILE = 25;

export const scenarioId = (i) => `bench-${String(i).padStart(4, '0')}`;

/** The three requests of scenario i, as the fetch loop and Newman send them (the scenario file says the same). */
export function statusBody(i) {
  return { action: 'bench', text: `<p>bench status ${i}</p>`, categories: [1], medias: [], location: null, addressing: [] };
}

export function updateBody(i) {
  return { action: 'bench-edited', text: `<p>bench status ${i}, edited</p>`, categories: [2], medias: [], location: null, addressing: [] };
}

function scenarioYaml(i) {
  const id = scenarioId(i);
  const example = '{ file: ../examples/status.json, ignore: ["medias[*]", "addressing[*]", "location"] }';
  return `id: ${id}
title: Status ${i} is created, updated and read back
api: selfcommunity
operation: status-crud
tags: [bench]
steps:
  - name: owner creates a status
    id: created
    as: owner
    request: { method: POST, path: /api/v2/status/, json: ${JSON.stringify(statusBody(i))} }
    expect: { status: 201, json: true, body: { action: bench } }
    capture: { id: /id }
  - name: owner updates it
    id: put
    as: owner
    request: { method: PUT, path: "/api/v2/status/\${id}/", json: ${JSON.stringify(updateBody(i))} }
    expect:
      status: 200
      schema: ../schemas/status.schema.json
      example: ${example}
      body: { id: "\${id}", action: bench-edited }
  - name: owner reads it back
    as: owner
    request: { method: GET, path: "/api/v2/status/\${id}/" }
    expect:
      status: 200
      schema: ../schemas/status.schema.json
      example: ${example}
      body: { id: "\${id}", action: bench-edited }
`;
}

/** Writes the suite into `dir` (replacing it): suites/bench/part-NNN.yaml, schemas/, examples/. */
export function generateSuite(dir, n) {
  rmSync(dir, { recursive: true, force: true });
  const suites = join(dir, 'suites', 'bench');
  mkdirSync(suites, { recursive: true });
  mkdirSync(join(dir, 'suites', 'schemas'), { recursive: true });
  mkdirSync(join(dir, 'suites', 'examples'), { recursive: true });
  const sc = join(repoRoot, 'suites', 'selfcommunity');
  copyFileSync(join(sc, 'schemas', 'status.schema.json'), join(dir, 'suites', 'schemas', 'status.schema.json'));
  copyFileSync(join(sc, 'examples', '004-status-update-response.json'), join(dir, 'suites', 'examples', 'status.json'));
  for (let f = 0; f * PER_FILE < n; f++) {
    const docs = [];
    for (let i = f * PER_FILE; i < Math.min(n, (f + 1) * PER_FILE); i++) docs.push(scenarioYaml(i));
    writeFileSync(join(suites, `part-${String(f).padStart(3, '0')}.yaml`), docs.join('---\n'));
  }
  return dir;
}

/**
 * The same requests and status checks as a Postman collection for Newman: a folder per scenario, the created id
 * kept in a collection variable. Newman has no schema or example checks, so it checks statuses and parses JSON.
 */
/** One Postman request with its test script: the bearer token, JSON in and out (Newman's part of both workloads). */
export function postmanItem(baseUrl, token, name, method, path, body, exec) {
  const header = [
    { key: 'Authorization', value: `Bearer ${token}` },
    { key: 'Content-Type', value: 'application/json' },
    { key: 'Accept', value: 'application/json' },
  ];
  return {
    name,
    request: { method, header, url: `${baseUrl}${path}`, ...(body ? { body: { mode: 'raw', raw: JSON.stringify(body) } } : {}) },
    event: [{ listen: 'test', script: { type: 'text/javascript', exec } }],
  };
}

export function newmanCollection(n, baseUrl, token) {
  const item = (name, method, path, body, status, capture) =>
    postmanItem(baseUrl, token, name, method, path, body, [
      `pm.test('status ${status}', function () { pm.response.to.have.status(${status}); });`,
      'const body = pm.response.json();',
      ...(capture ? ["pm.collectionVariables.set('id', body.id);"] : []),
    ]);
  const folders = [];
  for (let i = 0; i < n; i++) {
    folders.push({
      name: scenarioId(i),
      item: [
        item('owner creates a status', 'POST', '/api/v2/status/', statusBody(i), 201, true),
        item('owner updates it', 'PUT', '/api/v2/status/{{id}}/', updateBody(i), 200, false),
        item('owner reads it back', 'GET', '/api/v2/status/{{id}}/', undefined, 200, false),
      ],
    });
  }
  return {
    info: { name: `vouch bench ${n}`, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: 'id', value: '' }],
    item: folders,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !n) {
    process.stderr.write('usage: node bench/generate.mjs DIR N\n');
    process.exit(2);
  }
  generateSuite(resolve(dir), Number(n));
}
