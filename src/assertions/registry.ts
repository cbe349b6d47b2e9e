// The evaluators by `expect:` key. Each is an expectation kind (model/expect-kind.ts) with its `check`: adding a kind
// of check registers one entry, not a branch in the runner, and the schema, file checks and report categories follow.
import type { CheckResult, Exchange } from '../model/types.js';
import { expectKinds, expectKindsVersion, registerExpectKind } from '../model/expect-kind.js';
import { statusAssertion } from './status.js';
import { bodyAssertion, headersAssertion, jsonAssertion } from './fields.js';
import { schemaAssertion } from './schema.js';
import { exampleAssertion } from './example-diff.js';
import { patchedAssertion, unchangedAssertion } from './relations.js';
import { indentedAssertion } from './layout.js';
import type { Assertion, AssertionContext } from './types.js';

const table = new Map<string, Assertion>();

for (const a of [
  statusAssertion,
  headersAssertion,
  jsonAssertion,
  indentedAssertion,
  bodyAssertion,
  schemaAssertion,
  exampleAssertion,
  patchedAssertion,
  unchangedAssertion,
]) {
  table.set(a.key, a);
}

/** Adds a kind of check: its evaluator here, its key, schema, categories and file references in the model's table. */
export function registerAssertion(a: Assertion): void {
  table.set(a.key, a);
  registerExpectKind(a);
  ordered = undefined;
}

let ordered: { version: number; map: Map<string, Assertion | undefined> } | undefined;

/** The evaluator of each key, in the order the checks run (the model table's). */
export function assertions(): Map<string, Assertion | undefined> {
  if (ordered?.version !== expectKindsVersion()) ordered = { version: expectKindsVersion(), map: new Map(expectKinds().map((k) => [k.key, table.get(k.key)])) };
  return ordered.map;
}

/** A failed check of the whole expectation `key`: one the table cannot evaluate (unknown, or its evaluator threw). */
function failedKey(key: string, expect: Record<string, unknown>, ctx: AssertionContext, message: string): CheckResult {
  return {
    check: key,
    kind: 'variable',
    path: key,
    expected: expect[key],
    actual: undefined,
    passed: false,
    severity: 'error',
    message,
    source: ctx.locate(`/${key}`),
  };
}

/** Runs every expectation of a step, in the table's order; an unknown key is a failed check, not an exception. */
export function checkExchange(expect: Record<string, unknown>, exchange: Exchange, ctx: AssertionContext): CheckResult[] {
  const results: CheckResult[] = [];
  const known = assertions();
  for (const [key, assertion] of known) {
    if (!(key in expect)) continue;
    try {
      if (!assertion) throw new Error('no evaluator is registered for it');
      results.push(...assertion.check(expect[key], exchange, ctx));
    } catch (e) {
      results.push(failedKey(key, expect, ctx, `${key}: could not be checked: ${(e as Error).message}`));
    }
  }
  for (const key of Object.keys(expect)) {
    if (!known.has(key)) results.push(failedKey(key, expect, ctx, `expect.${key}: no such check`));
  }
  return results;
}
