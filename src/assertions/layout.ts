// `expect.indented`: the raw body text is pretty-printed JSON (what Kubernetes' `?pretty=true` asks for): a JSON
// object or array laid out over several lines with its members indented. The width and the key order are free.
import type { CheckResult, Exchange } from '../model/types.js';
import { jsonIndent } from '../util/json-layout.js';
import type { Assertion, AssertionContext } from './types.js';
import { indentedKind } from '../model/expect/layout.js';

function result(ctx: AssertionContext, passed: boolean, actual: string, message: string): CheckResult {
  return {
    check: 'indented',
    kind: 'body',
    path: 'body',
    expected: 'indented JSON',
    actual,
    passed,
    severity: 'error',
    message,
    source: ctx.locate('/indented'),
  };
}

function firstLine(exchange: Exchange): string {
  const text = exchange.response?.bodyText ?? '';
  const line = text.split('\n', 1)[0] ?? '';
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 57)}...` : line);
}

export const indentedAssertion: Assertion = {
  ...indentedKind,
  check(expectation, exchange, ctx) {
    if (expectation !== true) return [];
    const res = exchange.response;
    if (!res || res.body === undefined || typeof res.body !== 'object' || res.body === null) {
      return [result(ctx, false, 'not a JSON object or array', 'body: expected indented JSON, got a body that is not a JSON object or array')];
    }
    const indent = jsonIndent(res.bodyText);
    if (indent !== undefined) {
      return [result(ctx, true, `indented by ${JSON.stringify(indent)}`, `body is indented JSON (members indented by ${JSON.stringify(indent)})`)];
    }
    const empty = Object.keys(res.body).length === 0;
    const why = empty ? 'an empty object or array, which has no members to indent' : `compact JSON (first line ${firstLine(exchange)})`;
    return [result(ctx, false, empty ? 'empty' : 'compact', `body: expected indented JSON, got ${why}`)];
  },
};
