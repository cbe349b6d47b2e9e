// Each expectation kind the schema accepts has its evaluator, and each evaluator's kind is in the model's table.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { expectKinds } from '../../src/model/expect-kind.js';
import { BUILTIN_EXPECT_KINDS } from '../../src/model/expect/builtin.js';
import { assertions, checkExchange } from '../../src/assertions/registry.js';
import { context, exchange } from './helpers.js';

it("every built-in expectation kind has an evaluator built on that kind's entry", () => {
  assert.deepEqual(expectKinds(), BUILTIN_EXPECT_KINDS);
  for (const [key, assertion] of assertions()) {
    const kind = expectKinds().find((k) => k.key === key)!;
    assert.ok(assertion, `expect.${key} has no evaluator in assertions/registry.ts`);
    assert.equal(assertion.schema, kind.schema, `${key}: the evaluator carries its kind's schema`);
    assert.equal(assertion.categories, kind.categories, `${key}: the evaluator carries its kind's categories`);
  }
});

it("the checks run in the table's order, and a key outside it is a failed check", () => {
  const results = checkExchange({ body: { a: 1 }, json: true, status: 200, nope: 1 }, exchange({ body: { a: 1 } }), context());
  assert.deepEqual(
    results.map((r) => [r.check, r.passed]),
    [
      ['status', true],
      ['json', true],
      ['body', true],
      ['nope', false],
    ],
  );
});

it('a key outside the table is one failed check of that key, located at it', () => {
  const [result] = checkExchange({ nope: 1 }, exchange({ body: {} }), context());
  assert.equal(result?.check, 'nope');
  assert.equal(result?.path, 'nope');
  assert.equal(result?.expected, 1);
  assert.equal(result?.passed, false);
  assert.equal(result?.severity, 'error');
  assert.equal(result?.message, 'expect.nope: no such check');
});
