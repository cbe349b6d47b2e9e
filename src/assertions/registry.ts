// The table of assertions by `expect:` key. Adding a kind of check adds an entry here, not a branch in the runner.
import type { CheckResult, Exchange } from '../model/types.js';
import { statusAssertion } from './status.js';
import { bodyAssertion, headersAssertion, jsonAssertion } from './fields.js';
import { schemaAssertion } from './schema.js';
import { exampleAssertion } from './example-diff.js';
import { patchedAssertion, unchangedAssertion } from './relations.js';
import { indentedAssertion } from './layout.js';
import type { Assertion, AssertionContext } from './types.js';

const table = new Map<string, Assertion>();

export function registerAssertion(a: Assertion): void {
  table.set(a.key, a);
}

for (const a of [statusAssertion, headersAssertion, jsonAssertion, indentedAssertion, bodyAssertion, schemaAssertion, exampleAssertion, patchedAssertion, unchangedAssertion]) {
  registerAssertion(a);
}

/** Runs every expectation of a step, in the table's order; an unknown key is a failed check, not an exception. */
export function checkExchange(expect: Record<string, unknown>, exchange: Exchange, ctx: AssertionContext): CheckResult[] {
  const results: CheckResult[] = [];
  for (const [key, assertion] of table) {
    if (!(key in expect)) continue;
    try {
      results.push(...assertion.check(expect[key], exchange, ctx));
    } catch (e) {
      results.push({
        check: key,
        kind: 'variable',
        path: key,
        expected: expect[key],
        actual: undefined,
        passed: false,
        severity: 'error',
        message: `${key}: could not be checked: ${(e as Error).message}`,
        source: ctx.locate(`/${key}`),
      });
    }
  }
  for (const key of Object.keys(expect)) {
    if (!table.has(key)) {
      results.push({ check: key, kind: 'variable', path: key, expected: expect[key], actual: undefined, passed: false, severity: 'error', message: `expect.${key}: no such check`, source: ctx.locate(`/${key}`) });
    }
  }
  return results;
}
