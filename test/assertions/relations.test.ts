// Relations between steps: patched (before + this step's patch = after), unchanged, and the template relations that
// go through the body matchers (`equals: ${steps.put.request.body.status}`, resourceVersion changed after a write).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { patchedAssertion, unchangedAssertion } from '../../src/assertions/relations.js';
import { bodyAssertion } from '../../src/assertions/fields.js';
import { checkExchange } from '../../src/assertions/registry.js';
import type { CheckResult, Exchange } from '../../src/model/types.js';
import { context, edit, exchange, fixture, locate } from './helpers.js';

const POD_PATH = '/api/v1/namespaces/vouch-r7k2p/pods/hello-world-r7k2p';
const before = exchange({ method: 'GET', path: POD_PATH, body: fixture('pod-status-put-response.json') });

function patch(contentType: string, requestBody: unknown, body: unknown): Exchange {
  return exchange({ method: 'PATCH', path: POD_PATH, contentType, requestBody, body });
}

const messages = (rs: CheckResult[]): string[] => rs.map((r) => `${r.passed ? 'pass' : 'FAIL'} ${r.message}`);

describe('patched: the object after a PATCH is the object before with the patch applied', () => {
  it('passes a JSON patch (doc 001) whose result differs only in server-managed fields', () => {
    const after = patch('application/json-patch+json', fixture('pod-image-patch.json'), fixture('pod-after-image-patch.json'));
    const rs = patchedAssertion.check({ before: 'get' }, after, context({ exchanges: { get: before } }));
    assert.deepEqual(messages(rs), [
      "pass body equals step 'get' with the JSON patch applied (not compared: metadata.resourceVersion, metadata.managedFields, metadata.generation)",
    ]);
    assert.deepEqual([rs[0]!.kind, rs[0]!.check, rs[0]!.source], ['relation', 'patched', locate('/patched')]);
  });

  it('reports each path where the server did something else than the patch', () => {
    const wrong = edit(fixture('pod-after-image-patch.json'), {
      'spec.containers[0].image': 'beego:v1',
      'metadata.labels.patched': 'yes',
      'spec.dnsPolicy': undefined,
    });
    const rs = patchedAssertion.check(
      { before: 'get' },
      patch('application/json-patch+json', fixture('pod-image-patch.json'), wrong),
      context({ exchanges: { get: before } }),
    );
    assert.deepEqual(messages(rs), [
      'FAIL metadata.labels.patched: unexpected "yes" (not in step \'get\' with the JSON patch applied)',
      'FAIL spec.dnsPolicy: missing (step \'get\' with the JSON patch applied has "ClusterFirst")',
      'FAIL spec.containers[0].image: expected "busybox:latest" (step \'get\' with the JSON patch applied), got "beego:v1"',
    ]);
    assert.deepEqual([rs[2]!.path, rs[2]!.expected, rs[2]!.actual], ['spec.containers[0].image', 'busybox:latest', 'beego:v1']);
  });

  it('applies merge patches, and strategic merge patches as merge patches, and honours ignore paths', () => {
    const labels = { metadata: { labels: { tier: 'web' } } };
    const after = edit(fixture('pod-status-put-response.json'), {
      'metadata.labels.tier': 'web',
      'metadata.resourceVersion': '481540',
      'metadata.annotations': { touched: 'by-webhook' },
    });
    const ctx = context({ exchanges: { get: before } });
    const merged = patchedAssertion.check({ before: 'get' }, patch('application/merge-patch+json', labels, after), ctx);
    assert.deepEqual(messages(merged), ['FAIL metadata.annotations: unexpected {"touched":"by-webhook"} (not in step \'get\' with the merge patch applied)']);
    const ignored = patchedAssertion.check({ before: 'get', ignore: ['metadata.annotations'] }, patch('application/merge-patch+json', labels, after), ctx);
    assert.equal(ignored[0]!.passed, true);
    assert.match(ignored[0]!.message, /not compared: metadata\.resourceVersion, metadata\.managedFields, metadata\.generation, metadata\.annotations\)$/);
    const strategic = patchedAssertion.check(
      { before: 'get', ignore: ['metadata.annotations'] },
      patch('application/strategic-merge-patch+json; charset=utf-8', labels, after),
      ctx,
    );
    assert.deepEqual(messages(strategic), [
      "pass body equals step 'get' with the strategic merge patch (applied as a merge patch) applied (not compared: metadata.resourceVersion, metadata.managedFields, metadata.generation, metadata.annotations)",
    ]);
  });

  it('fails, with the reason, when the patch cannot be applied or there is nothing to compare', () => {
    const ctx = context({ exchanges: { get: before } });
    const failing = [{ op: 'test', path: '/spec/nodeName', value: 'worker-2' }];
    assert.deepEqual(messages(patchedAssertion.check({ before: 'get' }, patch('application/json-patch+json', failing, {}), ctx)), [
      "FAIL patched: the JSON patch does not apply: Test operation failed to step 'get's body",
    ]);
    assert.deepEqual(messages(patchedAssertion.check({ before: 'nope' }, patch('application/json-patch+json', [], {}), ctx)), [
      "FAIL patched: no step 'nope' has run before this one",
    ]);
    assert.deepEqual(
      messages(patchedAssertion.check({ before: 'get' }, exchange({ method: 'PUT', contentType: 'application/json', requestBody: {}, body: {} }), ctx)),
      [
        "FAIL patched: cannot apply a request with Content-Type application/json; patched expects a json-patch, merge-patch or strategic-merge-patch request to step 'get's body",
      ],
    );
    assert.deepEqual(
      messages(
        patchedAssertion.check(
          { before: 'get' },
          exchange({ method: 'PATCH', contentType: 'application/merge-patch+json', requestBody: {}, bodyText: 'oops' }),
          ctx,
        ),
      ),
      ["FAIL patched: this step's response has no JSON body"],
    );
    assert.deepEqual(messages(patchedAssertion.check({ from: 'get' }, before, ctx)), ['FAIL patched: expected { before: STEP_ID, ignore: [paths] }']);
  });
});

describe('unchanged: the object is as an earlier step saw it', () => {
  it('passes an identical object (managedFields aside) and reports each changed path otherwise', () => {
    const ctx = context({ exchanges: { get: before } });
    const same = exchange({ method: 'GET', body: edit(fixture('pod-status-put-response.json'), { 'metadata.managedFields': [] }) });
    assert.deepEqual(messages(unchangedAssertion.check({ from: 'get' }, same, ctx)), [
      "pass body equals as in step 'get' (not compared: metadata.managedFields)",
    ]);
    const changed = exchange({
      method: 'GET',
      body: edit(fixture('pod-status-put-response.json'), { 'metadata.resourceVersion': '481999', 'spec.containers[0].image': 'busybox:latest' }),
    });
    assert.deepEqual(messages(unchangedAssertion.check({ from: 'get' }, changed, ctx)), [
      'FAIL metadata.resourceVersion: expected "481517" (as in step \'get\'), got "481999"',
      'FAIL spec.containers[0].image: expected "beego:v1" (as in step \'get\'), got "busybox:latest"',
    ]);
    assert.equal(unchangedAssertion.check({ from: 'get', ignore: ['metadata.resourceVersion', 'spec.containers[*].image'] }, changed, ctx)[0]!.passed, true);
  });
});

describe('relations through templates and the body matchers', () => {
  const put = exchange({
    method: 'PUT',
    path: `${POD_PATH}/status`,
    contentType: 'application/json',
    requestBody: fixture('pod-status-put-request.json'),
    body: fixture('pod-status-put-response.json'),
  });

  it('the GET after a PUT returns the status that was PUT', () => {
    const ctx = context({ exchanges: { before, put } });
    const expect = {
      'status.phase': { equals: '${steps.put.request.body.status.phase}' },
      'status.conditions': { equals: '${steps.put.request.body.status.conditions}' },
    };
    const get = exchange({ method: 'GET', path: POD_PATH, body: fixture('pod-status-put-response.json') });
    assert.deepEqual(messages(bodyAssertion.check(expect, get, ctx)), [
      'pass status.phase: "Running"',
      'pass status.conditions: [{"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2016-08-08T07:41:29Z"}]',
    ]);
    const reverted = exchange({
      method: 'GET',
      path: POD_PATH,
      body: edit(fixture('pod-status-put-response.json'), { 'status.phase': 'Pending', 'status.conditions[0].status': 'False' }),
    });
    assert.deepEqual(messages(bodyAssertion.check(expect, reverted, ctx)), [
      'FAIL status.phase: expected "Running", got "Pending"',
      'FAIL status.conditions: expected [{"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2016-08-08T07:41:29Z"}], got [{"type":"Ready","status":"False","lastProbeTime":null,"lastTransitionTime":"2016-08-08T07:41:29Z"}]',
    ]);
  });

  it('the resourceVersion changed after a write', () => {
    const expect = { 'metadata.resourceVersion': { not: '${steps.before.response.body.metadata.resourceVersion}' } };
    const ctx = context({ exchanges: { before: exchange({ method: 'GET', body: fixture('pod-status-put-response.json') }), put } });
    const written = exchange({ method: 'GET', body: fixture('pod-after-image-patch.json') });
    assert.deepEqual(messages(bodyAssertion.check(expect, written, ctx)), ['pass metadata.resourceVersion: not "481517"']);
    const stale = exchange({ method: 'GET', body: fixture('pod-status-put-response.json') });
    assert.deepEqual(messages(bodyAssertion.check(expect, stale, ctx)), ['FAIL metadata.resourceVersion: expected not "481517", got "481517"']);
  });

  it('the registry runs every new key, in its table order', () => {
    const after = patch('application/json-patch+json', fixture('pod-image-patch.json'), fixture('pod-after-image-patch.json'));
    const rs = checkExchange(
      { patched: { before: 'get' }, schema: 'kubernetes:Pod', unchanged: { from: 'get' } },
      after,
      context({ exchanges: { get: before } }),
    );
    assert.deepEqual(
      rs.map((r) => `${r.check} ${r.passed ? 'pass' : 'FAIL'} ${r.path}`),
      [
        'schema pass body',
        'patched pass body',
        'unchanged FAIL metadata.resourceVersion',
        'unchanged FAIL metadata.generation',
        'unchanged FAIL spec.containers[0].image',
      ],
    );
  });
});
