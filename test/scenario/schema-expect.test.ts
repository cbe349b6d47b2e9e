// The shipped scenario schema (which editors read) says what the table of expectation kinds says: its `expect`
// section is generated (scripts/gen-schema.mjs), and a kind added without regenerating it fails here.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectKinds, expectSchema } from '../../src/model/expect-kind.js';
import { renderScenarioSchema, scenarioSchema, scenarioSchemaPath } from '../../src/scenario/schema-expect.js';
import { repoRoot } from '../helpers/cli.js';

const shipped = readFileSync(scenarioSchemaPath, 'utf8');

it('the checked-in schema/scenario.schema.json is what scripts/gen-schema.mjs generates from the table', () => {
  assert.equal(renderScenarioSchema(shipped), shipped, 'run `npm run build && node scripts/gen-schema.mjs` and commit schema/scenario.schema.json');
  const expect = (JSON.parse(shipped) as { definitions: { expect: unknown } }).definitions.expect;
  assert.deepEqual(expect, expectSchema());
  assert.deepEqual(
    Object.keys(expectSchema().properties),
    expectKinds().map((k) => k.key),
  );
});

it("the schema scenarios are checked against is the shipped file with the table's expect section, the rest as written", () => {
  const file = JSON.parse(shipped) as Record<string, unknown>;
  assert.deepEqual(scenarioSchema(), file);
  const stale = shipped.replace(/"json": \{ "type": "boolean"[^\n]*\n/, '');
  assert.notEqual(stale, shipped, 'the test removes a kind from a copy of the file');
  assert.notDeepEqual(JSON.parse(stale), file);
  assert.deepEqual(scenarioSchema(stale), file, 'the expect section comes from the table, not the file');
});

it('scripts/gen-schema.mjs --check fails on a stale copy, and without --check brings it up to date', () => {
  const copy = join(mkdtempSync(join(tmpdir(), 'vouch-gen-schema-')), 'scenario.schema.json');
  writeFileSync(copy, shipped.replace(/"json": \{ "type": "boolean"[^\n]*\n/, ''));
  const run = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'scripts/gen-schema.mjs'), ...args, copy], { encoding: 'utf8' });
  const check = run('--check');
  assert.equal(check.status, 1, check.stdout + check.stderr);
  assert.match(check.stderr, /its expect section differs from the expectation kinds/);
  const gen = run();
  assert.equal(gen.status, 0, gen.stderr);
  assert.equal(readFileSync(copy, 'utf8'), shipped);
  assert.equal(run('--check').status, 0);
});

it('a schema file without an expect definition is refused, not silently left as it is', () => {
  assert.throws(() => renderScenarioSchema('{ "definitions": {} }\n'), /no "expect" definition/);
});
