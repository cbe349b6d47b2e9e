// `indented` (the body text is pretty-printed JSON, Kubernetes ?pretty=true) and the `mediaType` matcher (a
// Content-Type by its media type, parameters allowed): what a faithful server may vary passes, the rest fails.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { indentedAssertion } from '../../src/assertions/layout.js';
import { headersAssertion } from '../../src/assertions/fields.js';
import { checkExchange } from '../../src/assertions/registry.js';
import type { CheckResult, Exchange } from '../../src/model/types.js';
import { context, exchange } from './helpers.js';

const messages = (rs: CheckResult[]): string[] => rs.map((r) => `${r.passed ? 'pass' : 'FAIL'} ${r.message}`);
const POD = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'hello-world' } };

function withContentType(e: Exchange, value: string): Exchange {
  return { ...e, response: { ...e.response!, headers: { 'content-type': value } } };
}

describe('indented: the body is pretty-printed JSON', () => {
  it('passes two-space (Go), four-space and tab indentation, in any key order', () => {
    for (const [text, indent] of [
      [JSON.stringify(POD, null, 2), '"  "'],
      [`${JSON.stringify(POD, null, 4)}\n`, '"    "'],
      [JSON.stringify({ metadata: POD.metadata, kind: 'Pod' }, null, '\t'), '"\\t"'],
    ] as const) {
      assert.deepEqual(messages(indentedAssertion.check(true, exchange({ body: POD, bodyText: text }), context())), [
        `pass body is indented JSON (members indented by ${indent})`,
      ]);
    }
    assert.equal(checkExchange({ indented: true }, exchange({ body: [1, 2], bodyText: '[\n  1,\n  2\n]' }), context())[0]?.passed, true);
  });

  it('fails compact JSON, an empty object and a body that is not JSON, saying which', () => {
    assert.deepEqual(messages(indentedAssertion.check(true, exchange({ body: POD }), context())), [
      'FAIL body: expected indented JSON, got compact JSON (first line "{\\"kind\\":\\"Pod\\",\\"apiVersion\\":\\"v1\\",\\"metadata\\":{\\"name\\":\\"hello...")',
    ]);
    assert.deepEqual(messages(indentedAssertion.check(true, exchange({ body: {}, bodyText: '{}\n' }), context())), [
      'FAIL body: expected indented JSON, got an empty object or array, which has no members to indent',
    ]);
    const text = exchange({ bodyText: '404 page not found\n' });
    assert.deepEqual(messages(indentedAssertion.check(true, text, context())), [
      'FAIL body: expected indented JSON, got a body that is not a JSON object or array',
    ]);
    assert.deepEqual(indentedAssertion.check(false, text, context()), [], 'indented: false checks nothing');
  });
});

describe('mediaType: a Content-Type by its media type', () => {
  const expect = { 'content-type': { mediaType: 'application/json' } };

  it('passes the media type with or without parameters, in any case', () => {
    for (const value of ['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'Application/JSON']) {
      assert.deepEqual(
        messages(headersAssertion.check(expect, withContentType(exchange({ body: POD }), value), context())),
        ['pass headers.content-type: media type application/json (parameters such as charset allowed)'],
        value,
      );
    }
  });

  it('fails another media type, a suffix or prefix of it, and a missing header', () => {
    for (const value of ['text/plain; charset=utf-8', 'application/json-patch+json', 'application/jsonx', 'xapplication/json']) {
      assert.equal(headersAssertion.check(expect, withContentType(exchange({ body: POD }), value), context())[0]?.passed, false, value);
    }
    const none: Exchange = { ...exchange({ body: POD }), response: { ...exchange({ body: POD }).response!, headers: {} } };
    assert.deepEqual(messages(headersAssertion.check(expect, none, context())), [
      'FAIL headers.content-type: missing (expected media type application/json (parameters such as charset allowed))',
    ]);
  });
});
