// One table entry is enough for a new kind of check: a toy `expect.toy` (the body equals a JSON file), registered
// here and nowhere else, is accepted and checked by the scenario schema, evaluated, put in its own Allure category,
// and its file is checked and collected with the suite's files.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CheckResult } from '../../src/model/types.js';
import { registerAssertion, checkExchange } from '../../src/assertions/registry.js';
import type { Assertion } from '../../src/assertions/types.js';
import { loadFile } from '../../src/scenario/loader.js';
import { fileRefs } from '../../src/scenario/file-refs.js';
import { categories } from '../../src/report/allure-meta.js';
import { checkDiagnostic } from '../../src/results/record.js';
import { renderDiagnostic } from '../../src/model/diagnostic.js';
import { context, exchange, FIXTURES } from './helpers.js';

const DIR = join(FIXTURES, 'toy');

const toyAssertion: Assertion = {
  key: 'toy',
  schema: { type: 'object', required: ['file'], additionalProperties: false, properties: { file: { type: 'string', minLength: 1 } } },
  categories: [{ name: 'Toy differences', kinds: ['x-toy'] }],
  fileRefs: (value) => [{ pointer: '/file', file: (value as { file: string }).file, format: 'json' }],
  check(expectation, ex, ctx): CheckResult[] {
    const file = (expectation as { file: string }).file;
    const expected: unknown = JSON.parse(readFileSync(resolve(dirname(ctx.scenario.file), file), 'utf8'));
    const passed = JSON.stringify(ex.response?.body) === JSON.stringify(expected);
    const message = passed ? `body equals ${file}` : `toy: the body differs from ${file}`;
    return [{ check: 'toy', kind: 'x-toy', path: 'body', expected, actual: ex.response?.body, passed, severity: 'error', message, source: ctx.locate('/toy') }];
  },
};

const load = (name: string) => loadFile(join(DIR, name), DIR);
const codes = (r: ReturnType<typeof load>) => r.diagnostics.map((d) => `${d.code}: ${d.message}`);

it('before the toy kind is registered, the schema rejects `expect.toy` as an unknown key', () => {
  const r = load('toy.yaml');
  assert.deepEqual(r.scenarios, []);
  assert.ok(
    codes(r).some((c) => c.startsWith("unknown-key: steps[0].expect: unknown key 'toy'")),
    codes(r).join('\n'),
  );
});

it('registered once, the toy kind is validated, evaluated, categorised and its file collected', async (t) => {
  registerAssertion(toyAssertion);

  await t.test("the scenario schema accepts it, and checks its value against the kind's schema", () => {
    const ok = load('toy.yaml');
    assert.deepEqual(codes(ok), []);
    assert.equal(ok.scenarios.length, 1);
    const bad = load('toy-bad-value.yaml');
    assert.deepEqual(bad.scenarios, []);
    assert.deepEqual(codes(bad), ['schema: steps[0].expect.toy.file: must be string']);
    // A near miss of the new key is taken for a typo of it.
    assert.deepEqual(codes(load('toy-typo.yaml')), ["unknown-key: steps[0].expect: unknown key 'toi'; did you mean 'toy'?"]);
  });

  await t.test('its file references are collected and checked before anything is sent', () => {
    const [s] = load('toy.yaml').scenarios;
    assert.deepEqual(fileRefs(s!), [{ pointer: '/steps/0/expect/toy/file', file: 'item.json', format: 'json' }]);
    const missing = load('toy-missing-file.yaml');
    assert.deepEqual(missing.scenarios, []);
    assert.match(codes(missing).join('\n'), /^missing-file: 'nowhere\.json' does not exist/);
  });

  await t.test("the step's checks run it, after the built-in checks", () => {
    const ctx = context({ file: join(DIR, 'toy.yaml') });
    const passed = checkExchange({ status: 200, toy: { file: 'item.json' } }, exchange({ body: { id: 1, name: 'first' } }), ctx);
    assert.deepEqual(
      passed.map((c) => [c.check, c.passed]),
      [
        ['status', true],
        ['toy', true],
      ],
    );
    const failed = checkExchange({ toy: { file: 'item.json' } }, exchange({ body: { id: 1, name: 'second' } }), ctx);
    assert.deepEqual(
      failed.map((c) => [c.check, c.kind, c.passed, c.message]),
      [['toy', 'x-toy', false, 'toy: the body differs from item.json']],
    );
  });

  await t.test('its failures fall in its own Allure category, and in no other', () => {
    const failed = checkExchange({ toy: { file: 'item.json' } }, exchange({ body: {} }), context({ file: join(DIR, 'toy.yaml') }));
    const message = renderDiagnostic(checkDiagnostic(failed[0]!));
    assert.match(message, /error\[x-toy\]/);
    const matching = categories().filter(
      (c) => c.matchedStatuses?.includes('failed') && c.messageRegex && new RegExp(`^${c.messageRegex}$`, 's').test(message),
    );
    assert.deepEqual(
      matching.map((c) => c.name),
      ['Toy differences'],
    );
  });
});
