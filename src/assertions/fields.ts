// `expect.body` (fields by path) and `expect.headers` (by name), each a value or a matcher; `expect.json` (body is JSON).
import type { CheckResult, Exchange } from '../model/types.js';
import { formatFieldPath, getField, missing, parseFieldPath } from '../util/field-path.js';
import { match, show } from './matchers.js';
import type { Assertion, AssertionContext } from './types.js';

function fieldCheck(kind: 'body' | 'header', path: string, expected: unknown, actual: unknown, ctx: AssertionContext, pointer: string): CheckResult {
  const resolved = ctx.resolve(expected);
  const outcome = match(resolved, actual);
  const label = kind === 'header' ? `headers.${path}` : path;
  return {
    check: kind,
    kind,
    path: label,
    expected: outcome.expectedValue,
    actual: actual === missing ? undefined : actual,
    passed: outcome.pass,
    severity: 'error',
    message: outcome.pass ? `${label}: ${outcome.expected}` : actual === missing && outcome.expected !== 'absent' ? `${label}: missing (expected ${outcome.expected})` : `${label}: expected ${outcome.expected}, got ${show(actual)}`,
    source: ctx.locate(pointer),
  };
}

export const bodyAssertion: Assertion = {
  key: 'body',
  check(expectation, exchange, ctx) {
    const res = exchange.response;
    const entries = Object.entries(expectation as Record<string, unknown>);
    if (!res || res.body === undefined) {
      return [notJson(exchange, ctx, '/body', `body: expected a JSON body to check ${entries.length} field(s)`)];
    }
    return entries.map(([path, exp]) => {
      const segs = parseFieldPath(path);
      return fieldCheck('body', formatFieldPath(segs), exp, getField(res.body, segs), ctx, `/body/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    });
  },
};

export const headersAssertion: Assertion = {
  key: 'headers',
  check(expectation, exchange, ctx) {
    const headers = exchange.response?.headers ?? {};
    return Object.entries(expectation as Record<string, unknown>).map(([name, exp]) => {
      const key = name.toLowerCase();
      const actual = Object.prototype.hasOwnProperty.call(headers, key) ? headers[key] : missing;
      return fieldCheck('header', key, exp, actual, ctx, `/headers/${name}`);
    });
  },
};

export const jsonAssertion: Assertion = {
  key: 'json',
  check(expectation, exchange, ctx) {
    if (expectation !== true) return [];
    const ok = exchange.response?.body !== undefined;
    if (!ok) return [notJson(exchange, ctx, '/json', 'body: expected JSON')];
    return [{ check: 'json', kind: 'body', path: 'body', expected: 'JSON', actual: 'JSON', passed: true, severity: 'error', message: 'body is JSON', source: ctx.locate('/json') }];
  },
};

function notJson(exchange: Exchange, ctx: AssertionContext, pointer: string, message: string): CheckResult {
  const text = exchange.response?.bodyText ?? '';
  const ct = exchange.response?.headers['content-type'] ?? 'no content type';
  return {
    check: 'json',
    kind: 'body',
    path: 'body',
    expected: 'a JSON body',
    actual: text.length > 80 ? `${text.slice(0, 77)}...` : text,
    passed: false,
    severity: 'error',
    message: `${message}, got ${exchange.response?.invalidUtf8 ? `a ${ct} body that is not valid UTF-8 (JSON must be UTF-8)` : text ? `a ${ct} body: ${JSON.stringify(text.slice(0, 60))}` : 'an empty body'}`,
    source: ctx.locate(pointer),
  };
}
