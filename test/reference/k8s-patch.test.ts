// PATCH of pods and pods/status on the reference server: the four patch media types, 415 for others, 400 for
// an undecodable patch, 422 for a JSON patch that cannot apply, apply-patch options, and pod spec immutability.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReferenceServer } from '../../src/reference/server.ts';
import { client, createPod, get, metaOf, PODS, start, unique, type Client } from './helpers.ts';

let server: ReferenceServer;
let call: Client;

before(async () => {
  server = await start();
  call = client(server);
});
after(() => server.close());

const JSON_PATCH = 'application/json-patch+json';
const MERGE = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

describe('PATCH /pods/{name}', () => {
  it('applies the documented JSON patch (add /spec/containers/0/image) and answers the whole pod', async () => {
    const pod = await createPod(call);
    const { name, resourceVersion } = metaOf(pod);
    const res = await call('PATCH', `${PODS}/${name}`, {
      body: [{ op: 'add', path: '/spec/containers/0/image', value: 'busybox:latest' }],
      type: JSON_PATCH,
    });
    assert.equal(res.status, 200);
    assert.equal(get(res.json, 'kind'), 'Pod');
    assert.equal(get(res.json, 'spec.containers[0].image'), 'busybox:latest');
    assert.notEqual(get(res.json, 'metadata.resourceVersion'), resourceVersion);
    assert.equal(get(res.json, 'status.phase'), 'Pending');
    const after = await call('GET', `${PODS}/${name}`);
    assert.equal(get(after.json, 'spec.containers[0].image'), 'busybox:latest');
  });

  it('accepts merge, strategic merge (containers by name) and apply patches; strips ; charset=', async () => {
    const { name } = metaOf(await createPod(call));
    const merge = await call('PATCH', `${PODS}/${name}`, { body: { metadata: { labels: { merged: 'yes' } } }, type: `${MERGE}; charset=utf-8` });
    assert.equal(merge.status, 200);
    assert.equal(get(merge.json, 'metadata.labels.merged'), 'yes');
    assert.equal(get(merge.json, 'metadata.labels.name'), 'brace');
    const strategic = await call('PATCH', `${PODS}/${name}`, { body: { spec: { containers: [{ name: 'hello-world', image: 'beego:v3' }] } }, type: STRATEGIC });
    assert.equal(strategic.status, 200);
    assert.equal(get(strategic.json, 'spec.containers[0].image'), 'beego:v3');
    assert.equal(get(strategic.json, 'spec.containers[0].terminationMessagePolicy'), 'File', 'strategic merge keeps the rest of the container');
    const apply = await call('PATCH', `${PODS}/${name}?fieldManager=vouch-apply`, {
      body: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  annotations:\n    applied: "true"\n`,
      type: APPLY,
    });
    assert.equal(apply.status, 200);
    assert.equal(get(apply.json, 'metadata.annotations.applied'), 'true');
    const managers = (get(apply.json, 'metadata.managedFields') as unknown[]).map((m) => `${get(m, 'manager')}/${get(m, 'operation')}`);
    assert.ok(managers.includes('vouch-apply/Apply'));
  });

  it('answers 415 UnsupportedMediaType listing the accepted patch types', async () => {
    const { name } = metaOf(await createPod(call));
    const res = await call('PATCH', `${PODS}/${name}`, { body: { spec: {} }, type: 'application/json' });
    assert.equal(res.status, 415);
    assert.deepEqual(res.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json',
      reason: 'UnsupportedMediaType',
      code: 415,
    });
  });

  it('answers 400 for an undecodable patch', async () => {
    const { name } = metaOf(await createPod(call));
    const notJson = await call('PATCH', `${PODS}/${name}`, { body: '[{"op":', type: JSON_PATCH });
    assert.equal(notJson.status, 400);
    assert.equal(get(notJson.json, 'reason'), 'BadRequest');
    const notList = await call('PATCH', `${PODS}/${name}`, { body: { op: 'add' }, type: JSON_PATCH });
    assert.equal(notList.status, 400);
    assert.equal(get(notList.json, 'message'), 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    const badMerge = await call('PATCH', `${PODS}/${name}`, { body: '{"spec":', type: MERGE });
    assert.equal(badMerge.status, 400);
  });

  it('answers 422 with the generic message and empty details when a JSON patch cannot apply', async () => {
    const { name } = metaOf(await createPod(call));
    const expected = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    };
    const test = await call('PATCH', `${PODS}/${name}`, { body: [{ op: 'test', path: '/spec/restartPolicy', value: 'Never' }], type: JSON_PATCH });
    assert.equal(test.status, 422);
    assert.deepEqual(test.json, expected);
    const missing = await call('PATCH', `${PODS}/${name}`, { body: [{ op: 'replace', path: '/spec/nothing/here', value: 1 }], type: JSON_PATCH });
    assert.deepEqual(missing.json, expected);
  });

  it('requires ?fieldManager for apply patches (422 on PatchOptions)', async () => {
    const { name } = metaOf(await createPod(call));
    const res = await call('PATCH', `${PODS}/${name}`, { body: `metadata:\n  name: ${name}\n`, type: APPLY });
    assert.equal(res.status, 422);
    assert.deepEqual(res.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      reason: 'Invalid',
      details: {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
      },
      code: 422,
    });
  });

  it('refuses forbidden spec changes (422) but allows images, tolerations additions and a lower activeDeadlineSeconds', async () => {
    const { name } = metaOf(await createPod(call));
    const forbidden = await call('PATCH', `${PODS}/${name}`, { body: { spec: { restartPolicy: 'Never' } }, type: MERGE });
    assert.equal(forbidden.status, 422);
    assert.equal(get(forbidden.json, 'details.causes[0].reason'), 'FieldValueForbidden');
    const deadline = await call('PATCH', `${PODS}/${name}`, { body: { spec: { activeDeadlineSeconds: 600 } }, type: MERGE });
    assert.equal(deadline.status, 200);
    const higher = await call('PATCH', `${PODS}/${name}`, { body: { spec: { activeDeadlineSeconds: 900 } }, type: MERGE });
    assert.equal(higher.status, 422);
    assert.equal(get(higher.json, 'details.causes[0].message'), 'Invalid value: 900: must be less than or equal to previous value');
    const toleration = await call('PATCH', `${PODS}/${name}`, {
      body: [{ op: 'add', path: '/spec/tolerations/-', value: { key: 'k', operator: 'Exists', effect: 'NoSchedule' } }],
      type: JSON_PATCH,
    });
    assert.equal(toleration.status, 200);
    const removed = await call('PATCH', `${PODS}/${name}`, { body: [{ op: 'remove', path: '/spec/tolerations/2' }], type: JSON_PATCH });
    assert.equal(removed.status, 422);
  });

  it('answers 404 for a missing pod and 409 for a stale resourceVersion in the patch', async () => {
    const missing = await call('PATCH', `${PODS}/${unique('none')}`, { body: { metadata: { labels: { a: 'b' } } }, type: MERGE });
    assert.equal(missing.status, 404);
    const pod = await createPod(call);
    await call('PATCH', `${PODS}/${metaOf(pod).name}`, { body: { metadata: { labels: { a: 'b' } } }, type: MERGE });
    const stale = await call('PATCH', `${PODS}/${metaOf(pod).name}`, {
      body: { metadata: { resourceVersion: metaOf(pod).resourceVersion, labels: { a: 'c' } } },
      type: MERGE,
    });
    assert.equal(stale.status, 409);
    assert.equal(get(stale.json, 'reason'), 'Conflict');
  });
});

describe('PATCH /pods/{name}/status', () => {
  it('patches the status (merge and strategic: conditions by type) and ignores spec', async () => {
    const { name } = metaOf(await createPod(call));
    const merge = await call('PATCH', `${PODS}/${name}/status`, { body: { status: { phase: 'Running' }, spec: { restartPolicy: 'Never' } }, type: MERGE });
    assert.equal(merge.status, 200);
    assert.equal(get(merge.json, 'status.phase'), 'Running');
    assert.equal(get(merge.json, 'spec.restartPolicy'), 'Always');
    const strategic = await call('PATCH', `${PODS}/${name}/status`, {
      body: { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      type: STRATEGIC,
    });
    assert.equal(strategic.status, 200);
    const types = (get(strategic.json, 'status.conditions') as unknown[]).map((c) => get(c, 'type'));
    assert.deepEqual(types, ['PodScheduled', 'Ready']);
    assert.equal(get(strategic.json, 'status.conditions[1].lastProbeTime'), null);
  });
});

describe('PATCH /pods/{name}: what patch.go and rest.BeforeUpdate refuse', () => {
  it('warns about an unknown field by default, and under Strict answers 422 Invalid on field patch (not 400)', async () => {
    const { name } = metaOf(await createPod(call));
    const warned = await call('PATCH', `${PODS}/${name}`, { body: { metadata: { labels: { warned: 'yes' } }, spec: { vouchUnknown: 1 } }, type: MERGE });
    assert.equal(warned.status, 200);
    assert.equal(warned.headers.get('warning'), '299 - "unknown field \\"spec.vouchUnknown\\""');
    assert.equal(get(warned.json, 'spec.vouchUnknown'), undefined);
    const strict = await call('PATCH', `${PODS}/${name}?fieldValidation=Strict`, {
      body: { metadata: { labels: { strict: 'yes' } }, spec: { vouchUnknown: 1 } },
      type: MERGE,
    });
    assert.equal(strict.status, 422);
    assert.equal(get(strict.json, 'reason'), 'Invalid');
    assert.match(
      String(get(strict.json, 'message')),
      /^ "" is invalid: patch: Invalid value: "\{.*\}": strict decoding error: unknown field "spec\.vouchUnknown"$/,
    );
    assert.deepEqual(get(strict.json, 'details.causes[0].field'), 'patch');
    assert.equal(get(strict.json, 'details.kind'), undefined);
    assert.equal(get((await call('GET', `${PODS}/${name}`)).json, 'metadata.labels.strict'), undefined);
  });

  it('answers 400 to a patch that renames the pod and 422 (field is immutable) to one that changes its uid', async () => {
    const { name, uid } = metaOf(await createPod(call));
    const renamed = await call('PATCH', `${PODS}/${name}`, { body: [{ op: 'replace', path: '/metadata/name', value: `${name}-x` }], type: JSON_PATCH });
    assert.equal(renamed.status, 400);
    assert.equal(get(renamed.json, 'message'), `the name of the object (${name}-x) does not match the name on the URL (${name})`);
    const other = '0b1c2d3e-0000-4000-8000-00000000abcd';
    const reuid = await call('PATCH', `${PODS}/${name}`, { body: [{ op: 'replace', path: '/metadata/uid', value: other }], type: JSON_PATCH });
    assert.equal(reuid.status, 422);
    assert.equal(get(reuid.json, 'message'), `Pod "${name}" is invalid: metadata.uid: Invalid value: "${other}": field is immutable`);
    assert.deepEqual(get(reuid.json, 'details.causes'), [
      { reason: 'FieldValueInvalid', message: `Invalid value: "${other}": field is immutable`, field: 'metadata.uid' },
    ]);
    assert.equal(get((await call('GET', `${PODS}/${name}`)).json, 'metadata.uid'), uid);
  });
});
