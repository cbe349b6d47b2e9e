// `expect.body` (fields by path) and `expect.headers` (by name), each a value or a matcher; `expect.json` (body is JSON).
// A body field of a Go-served API that is absent equals its zero value, and a timestamp equals another rendering of
// the same instant (the variation model): such a pass carries a note naming the rule.
import type { CheckResult, Exchange } from '../model/types.js';
import { formatFieldPath, getField, missing, parseFieldPath, type Missing } from '../util/field-path.js';
import { traitsFor } from '../variation/apis.js';
import type { RuleName } from '../variation/rules.js';
import { isZeroValue, sameInstant } from '../variation/values.js';
import { isMatcherObject, match, show, type MatchOutcome } from './matchers.js';
import type { Assertion, AssertionContext } from './types.js';
import { bodyKind, headersKind, jsonKind } from '../model/expect/fields.js';

interface Allowance {
  rule: RuleName;
  message: string;
}

/** Where the variation model lets a field that failed the plain comparison pass, and why. */
function allowance(expected: unknown, actual: unknown | Missing, goZeroValues: boolean): Allowance | undefined {
  const plain = !isMatcherObject(expected);
  const absentWanted = !plain && Object.keys(expected as object)[0] === 'absent';
  const value = plain ? expected : (expected as Record<string, unknown>)['equals'];
  if (goZeroValues && actual === missing && (plain || 'equals' in (expected as object)) && isZeroValue(value) && value !== null) {
    return { rule: 'zero-value', message: `absent, read as its zero value ${show(value)} (Go leaves zero values out)` };
  }
  if (goZeroValues && absentWanted && actual !== missing && actual !== null && isZeroValue(actual)) {
    return { rule: 'zero-value', message: `${show(actual)}, its zero value, read as absent (Go leaves zero values out)` };
  }
  if ((plain || 'equals' in (expected as object)) && sameInstant(value, actual)) {
    return { rule: 'timestamp', message: `${show(actual)}, the same instant as ${show(value)}` };
  }
  return undefined;
}

function fieldCheck(kind: 'body' | 'header', path: string, expected: unknown, actual: unknown, ctx: AssertionContext, pointer: string): CheckResult[] {
  const resolved = ctx.resolve(expected);
  const outcome: MatchOutcome = match(resolved, actual);
  const label = kind === 'header' ? `headers.${path}` : path;
  const allowed = outcome.pass || kind === 'header' ? undefined : allowance(resolved, actual, traitsFor(ctx.scenario.api).goZeroValues);
  if (allowed) {
    const source = ctx.locate(pointer);
    const base = { check: kind, kind, path: label, expected: outcome.expectedValue, actual: actual === missing ? undefined : actual, source };
    return [
      { ...base, passed: true, severity: 'error', message: `${label}: ${outcome.expected} (${allowed.rule})` },
      { ...base, passed: false, severity: 'note', rule: allowed.rule, message: `${label}: ${allowed.message}` },
    ];
  }
  return [
    {
      check: kind,
      kind,
      path: label,
      expected: outcome.expectedValue,
      actual: actual === missing ? undefined : actual,
      passed: outcome.pass,
      severity: 'error',
      message: outcome.pass
        ? `${label}: ${outcome.expected}`
        : actual === missing && outcome.expected !== 'absent'
          ? `${label}: missing (expected ${outcome.expected})`
          : `${label}: expected ${outcome.expected}, got ${show(actual)}`,
      source: ctx.locate(pointer),
    },
  ];
}

export const bodyAssertion: Assertion = {
  ...bodyKind,
  check(expectation, exchange, ctx) {
    const res = exchange.response;
    const entries = Object.entries(expectation as Record<string, unknown>);
    if (!res || res.body === undefined) {
      return [notJson(exchange, ctx, '/body', `body: expected a JSON body to check ${entries.length} field(s)`)];
    }
    return entries.flatMap(([path, exp]) => {
      const segs = parseFieldPath(path);
      return fieldCheck('body', formatFieldPath(segs), exp, getField(res.body, segs), ctx, `/body/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    });
  },
};

export const headersAssertion: Assertion = {
  ...headersKind,
  check(expectation, exchange, ctx) {
    const headers = exchange.response?.headers ?? {};
    return Object.entries(expectation as Record<string, unknown>).flatMap(([name, exp]) => {
      const key = name.toLowerCase();
      const actual = Object.hasOwn(headers, key) ? headers[key] : missing;
      return fieldCheck('header', key, exp, actual, ctx, `/headers/${name}`);
    });
  },
};

export const jsonAssertion: Assertion = {
  ...jsonKind,
  check(expectation, exchange, ctx) {
    if (expectation !== true) return [];
    const ok = exchange.response?.body !== undefined;
    if (!ok) return [notJson(exchange, ctx, '/json', 'body: expected JSON')];
    return [
      {
        check: 'json',
        kind: 'body',
        path: 'body',
        expected: 'JSON',
        actual: 'JSON',
        passed: true,
        severity: 'error',
        message: 'body is JSON',
        source: ctx.locate('/json'),
      },
    ];
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
