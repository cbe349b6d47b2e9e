// Kubernetes rules (Go leaves zero values out; kind and apiVersion carry fixed values; a write changes resourceVersion,
// managedFields and generation on its own) apply to scenarios of the `kubernetes` API only: on any other API the same
// difference is a deviation, never a note.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleAssertion } from '../../src/assertions/example-diff.js';
import { bodyAssertion } from '../../src/assertions/fields.js';
import { patchedAssertion } from '../../src/assertions/relations.js';
import type { CheckResult } from '../../src/model/types.js';
import { context, exchange } from './helpers.js';

const EXAMPLE = { file: 'counter-example.json', values: ['count'] };
const failures = (rs: CheckResult[]): string[] => rs.filter((r) => !r.passed && r.severity === 'error' && r.check !== 'example').map((r) => r.message);
const rules = (rs: CheckResult[]): (string | undefined)[] => rs.filter((r) => r.severity === 'note').map((r) => r.rule);

describe('Kubernetes rules apply to the kubernetes API only', () => {
  for (const api of ['selfcommunity', 'todos']) {
    it(`an example's "count": 0 absent from the response is a deviation on ${api}, a zero value on kubernetes`, () => {
      const body = { kind: 'Counter', name: 'home' };
      const other = exampleAssertion.check(EXAMPLE, exchange({ body }), context({ api }));
      assert.deepEqual(failures(other), ['count: missing']);
      assert.equal(other.at(-1)!.passed, false);
      const k8s = exampleAssertion.check(EXAMPLE, exchange({ body }), context({ api: 'kubernetes' }));
      assert.deepEqual(failures(k8s), []);
      assert.deepEqual(rules(k8s), ['zero-value']);
      assert.equal(k8s.at(-1)!.passed, true);
    });
  }

  it('a body field expected to be 0 and absent fails outside kubernetes', () => {
    const expect = { count: 0 };
    assert.equal(
      bodyAssertion.check(expect, exchange({ body: {} }), context({ api: 'selfcommunity' })).every((r) => r.passed),
      false,
    );
    assert.equal(
      bodyAssertion.check(expect, exchange({ body: {} }), context({ api: 'kubernetes' })).every((r) => r.passed || r.severity === 'note'),
      true,
    );
  });

  it("kind's documented value is fixed on kubernetes only; elsewhere it is a sample of its type", () => {
    const body = { kind: 'Tally', name: 'home', count: 0 };
    assert.deepEqual(failures(exampleAssertion.check(EXAMPLE, exchange({ body }), context({ api: 'kubernetes' }))), ['kind: expected "Counter", got "Tally"']);
    assert.deepEqual(failures(exampleAssertion.check(EXAMPLE, exchange({ body }), context({ api: 'selfcommunity' }))), []);
  });

  it('patched leaves out metadata.resourceVersion on kubernetes only', () => {
    const before = exchange({ method: 'GET', body: { metadata: { name: 'a', resourceVersion: '1' }, spec: { size: 1 } } });
    const after = exchange({
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      requestBody: { spec: { size: 2 } },
      body: { metadata: { name: 'a', resourceVersion: '2' }, spec: { size: 2 } },
    });
    const k8s = patchedAssertion.check({ before: 'get' }, after, context({ api: 'kubernetes', exchanges: { get: before } }));
    assert.deepEqual(
      k8s.map((r) => r.passed),
      [true],
    );
    assert.match(k8s[0]!.message, /not compared: metadata\.resourceVersion/);
    const other = patchedAssertion.check({ before: 'get' }, after, context({ api: 'selfcommunity', exchanges: { get: before } }));
    assert.deepEqual(failures(other), ['metadata.resourceVersion: expected "1" (step \'get\' with the merge patch applied), got "2"']);
  });
});
