// The reference server's pods over HTTP: create/get/list/delete, server-set fields and defaults, decoding
// warnings, PUT of the pod and of /status, and every error path a real API server has for them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReferenceServer } from '../../src/reference/server.ts';
import { client, createPod, get, metaOf, PODS, podBody, start, unique, withStatus, type Client } from './helpers.ts';

let server: ReferenceServer;
let call: Client;

before(async () => {
  server = await start();
  call = client(server);
});
after(() => server.close());

describe('pod create', () => {
  it('answers 201 with server-set metadata, defaults and a Pending status', async () => {
    const res = await call('POST', PODS, { body: podBody('hello-world-1') });
    assert.equal(res.status, 201);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(get(res.json, 'kind'), 'Pod');
    assert.equal(get(res.json, 'apiVersion'), 'v1');
    assert.match(String(get(res.json, 'metadata.uid')), /^[0-9a-f-]{36}$/);
    assert.match(String(get(res.json, 'metadata.resourceVersion')), /^\d+$/);
    assert.match(String(get(res.json, 'metadata.creationTimestamp')), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(get(res.json, 'metadata.generation'), 1);
    assert.equal(get(res.json, 'metadata.namespace'), 'default');
    assert.equal(get(res.json, 'metadata.selfLink'), undefined);
    assert.equal(get(res.json, 'metadata.managedFields[0].fieldsType'), 'FieldsV1');
    assert.equal(get(res.json, 'metadata.managedFields[0].operation'), 'Update');
    const spec = (path: string): unknown => get(res.json, `spec.${path}`);
    assert.equal(spec('restartPolicy'), 'Always');
    assert.equal(spec('terminationGracePeriodSeconds'), 30);
    assert.equal(spec('dnsPolicy'), 'ClusterFirst');
    assert.equal(spec('schedulerName'), 'default-scheduler');
    assert.deepEqual(spec('securityContext'), {});
    assert.equal(spec('enableServiceLinks'), true);
    assert.equal(spec('preemptionPolicy'), 'PreemptLowerPriority');
    assert.equal(spec('priority'), 0);
    assert.equal(spec('serviceAccountName'), 'default');
    assert.equal(spec('serviceAccount'), 'default');
    assert.equal(spec('containers[0].terminationMessagePath'), '/dev/termination-log');
    assert.equal(spec('containers[0].terminationMessagePolicy'), 'File');
    assert.equal(spec('containers[0].imagePullPolicy'), 'IfNotPresent');
    assert.deepEqual(spec('containers[0].resources'), {});
    assert.equal(get(res.json, 'status.phase'), 'Pending');
    assert.equal(get(res.json, 'status.qosClass'), 'BestEffort');
    assert.equal(get(res.json, 'status.conditions[0].type'), 'PodScheduled');
    assert.equal(get(res.json, 'status.conditions[0].status'), 'False');
    assert.equal(get(res.json, 'status.conditions[0].reason'), 'SchedulingGated');
  });

  it('pulls :latest and untagged images Always', async () => {
    const res = await call('POST', PODS, {
      body: podBody(unique('pull'), {
        spec: {
          containers: [
            { name: 'a', image: 'busybox:latest' },
            { name: 'b', image: 'nginx' },
          ],
        },
      }),
    });
    assert.equal(get(res.json, 'spec.containers[0].imagePullPolicy'), 'Always');
    assert.equal(get(res.json, 'spec.containers[1].imagePullPolicy'), 'Always');
    assert.equal(get(res.json, 'status.conditions'), undefined, 'no scheduling gates, no SchedulingGated condition');
  });

  it('takes the field manager from ?fieldManager, else from the User-Agent', async () => {
    const named = await call('POST', `${PODS}?fieldManager=vouch-test`, { body: podBody(unique('fm')) });
    assert.equal(get(named.json, 'metadata.managedFields[0].manager'), 'vouch-test');
    const agent = await call('POST', PODS, { body: podBody(unique('ua')), headers: { 'user-agent': 'kubectl/v1.33.0 (linux/amd64)' } });
    assert.equal(get(agent.json, 'metadata.managedFields[0].manager'), 'kubectl');
  });

  it('drops unknown fields with one Warning header each; Strict makes them a 400', async () => {
    const body = podBody(unique('warn'));
    (body['metadata'] as Record<string, unknown>)['enable'] = true;
    (body['metadata'] as Record<string, unknown>)['clusterName'] = 'c1';
    (body['metadata'] as Record<string, unknown>)['selfLink'] = '/api/v1/namespaces/default/pods/x';
    const res = await call('POST', PODS, { body });
    assert.equal(res.status, 201);
    assert.deepEqual((res.headers.get('warning') ?? '').split(', ').sort(), [
      '299 - "unknown field \\"metadata.clusterName\\""',
      '299 - "unknown field \\"metadata.enable\\""',
    ]);
    assert.equal(get(res.json, 'metadata.enable'), undefined);
    assert.equal(get(res.json, 'metadata.clusterName'), undefined);
    assert.equal(get(res.json, 'metadata.selfLink'), undefined);
    const strictBody = podBody(unique('strict'));
    (strictBody['metadata'] as Record<string, unknown>)['enable'] = true;
    const strict = await call('POST', `${PODS}?fieldValidation=Strict`, { body: strictBody });
    assert.equal(strict.status, 400);
    assert.equal(get(strict.json, 'reason'), 'BadRequest');
    assert.equal(get(strict.json, 'message'), 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.enable"');
    const ignore = await call('POST', `${PODS}?fieldValidation=Ignore`, { body: { ...strictBody, metadata: { name: unique('ign'), enable: true } } });
    assert.equal(ignore.status, 201);
    assert.equal(ignore.headers.get('warning'), null);
  });

  it('answers a wrongly typed field with 400 in every mode', async () => {
    const res = await call('POST', PODS, {
      body: podBody(unique('type'), { spec: { containers: [{ name: 'c', image: 'x' }], terminationGracePeriodSeconds: 'thirty' } }),
    });
    assert.equal(res.status, 400);
    assert.match(String(get(res.json, 'message')), /^Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field/);
  });

  it('indents 2 spaces with ?pretty=true (and for curl), compact otherwise', async () => {
    const { name } = metaOf(await createPod(call));
    const compact = await call('GET', `${PODS}/${name}`);
    assert.ok(compact.text.startsWith('{"kind":"Pod"'));
    const pretty = await call('GET', `${PODS}/${name}?pretty=true`);
    assert.ok(pretty.text.startsWith('{\n  "kind": "Pod",\n  "apiVersion": "v1",'));
    const curl = await call('GET', `${PODS}/${name}`, { headers: { 'user-agent': 'curl/8.5.0' } });
    assert.ok(curl.text.startsWith('{\n  "kind"'));
    const off = await call('GET', `${PODS}/${name}?pretty=false`, { headers: { 'user-agent': 'curl/8.5.0' } });
    assert.ok(off.text.startsWith('{"kind"'));
  });

  it('refuses a name already taken with 409 AlreadyExists', async () => {
    const { name } = metaOf(await createPod(call));
    const res = await call('POST', PODS, { body: podBody(name) });
    assert.equal(res.status, 409);
    assert.deepEqual(res.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `pods "${name}" already exists`,
      reason: 'AlreadyExists',
      details: { name, kind: 'pods' },
      code: 409,
    });
  });

  it('answers 404 for a namespace that does not exist', async () => {
    const res = await call('POST', '/api/v1/namespaces/nowhere/pods', { body: podBody('x') });
    assert.equal(res.status, 404);
    assert.equal(get(res.json, 'message'), 'namespaces "nowhere" not found');
    assert.deepEqual(get(res.json, 'details'), { name: 'nowhere', kind: 'namespaces' });
  });

  it('answers 422 for a pod without containers or name, 400 for a namespace mismatch, 415 for a wrong body type', async () => {
    const noContainers = await call('POST', PODS, { body: { metadata: { name: unique('empty') }, spec: {} } });
    assert.equal(noContainers.status, 422);
    assert.equal(get(noContainers.json, 'details.causes[0].field'), 'spec.containers');
    const noName = await call('POST', PODS, { body: { metadata: {}, spec: { containers: [{ name: 'c', image: 'x' }] } } });
    assert.equal(get(noName.json, 'message'), 'Pod "" is invalid: metadata.name: Required value: name or generateName is required');
    const generated = await call('POST', PODS, { body: { metadata: { generateName: 'gen-' }, spec: { containers: [{ name: 'c', image: 'x' }] } } });
    assert.equal(generated.status, 201);
    assert.match(String(get(generated.json, 'metadata.name')), /^gen-[a-z0-9]{5}$/);
    const mismatch = await call('POST', PODS, { body: { metadata: { name: 'x', namespace: 'kube-system' }, spec: {} } });
    assert.equal(mismatch.status, 400);
    assert.equal(get(mismatch.json, 'message'), 'the namespace of the provided object does not match the namespace sent on the request');
    const wrongType = await call('POST', PODS, { body: 'a=b', type: 'application/x-www-form-urlencoded' });
    assert.equal(wrongType.status, 415);
    assert.equal(
      get(wrongType.json, 'message'),
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
    const broken = await call('POST', PODS, { body: '{"metadata":', type: 'application/json' });
    assert.equal(broken.status, 400);
  });
});

describe('pod get, list and delete', () => {
  it('gets, lists (items without kind) with a label selector, deletes, then 404s', async () => {
    const pod = await createPod(call, unique('life'), { metadata: { name: unique('life'), labels: { tier: 'web' } } });
    const { name } = metaOf(pod);
    const got = await call('GET', `${PODS}/${name}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, pod);
    const list = await call('GET', `${PODS}?labelSelector=tier%3Dweb`);
    assert.equal(get(list.json, 'kind'), 'PodList');
    assert.match(String(get(list.json, 'metadata.resourceVersion')), /^\d+$/);
    const items = get(list.json, 'items') as unknown[];
    assert.deepEqual(
      items.map((i) => get(i, 'metadata.name')),
      [name],
    );
    assert.equal(get(items[0], 'kind'), undefined);
    const all = await call('GET', '/api/v1/pods');
    assert.ok((get(all.json, 'items') as unknown[]).length >= 1);
    const deleted = await call('DELETE', `${PODS}/${name}`);
    assert.equal(deleted.status, 200);
    assert.equal(get(deleted.json, 'metadata.name'), name);
    const gone = await call('GET', `${PODS}/${name}`);
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `pods "${name}" not found`,
      reason: 'NotFound',
      details: { name, kind: 'pods' },
      code: 404,
    });
    assert.equal((await call('DELETE', `${PODS}/${name}`)).status, 404);
  });
});

describe('PUT /pods/{name}/status', () => {
  it('stores the status, ignores spec, honours labels and changes resourceVersion', async () => {
    const pod = await createPod(call);
    const { name, resourceVersion } = metaOf(pod);
    const sent = withStatus(pod, {
      phase: 'Running',
      hostIP: '127.0.0.1',
      podIP: '172.16.0.4',
      startTime: '2016-08-08T07:41:29Z',
      conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2016-08-08T07:41:29Z' }],
    });
    (sent['spec'] as Record<string, unknown>)['restartPolicy'] = 'Never';
    (sent['metadata'] as Record<string, unknown>)['labels'] = { name: 'brace', extra: 'yes' };
    const res = await call('PUT', `${PODS}/${name}/status`, { body: sent });
    assert.equal(res.status, 200);
    assert.equal(get(res.json, 'status.phase'), 'Running');
    assert.equal(get(res.json, 'status.podIP'), '172.16.0.4');
    assert.deepEqual(get(res.json, 'status.podIPs'), [{ ip: '172.16.0.4' }]);
    assert.equal(get(res.json, 'status.qosClass'), 'BestEffort', 'qosClass kept when the request has none');
    assert.equal(get(res.json, 'spec.restartPolicy'), 'Always', 'spec is ignored on /status');
    assert.equal(get(res.json, 'metadata.labels.extra'), 'yes', 'labels are honoured on /status');
    assert.notEqual(get(res.json, 'metadata.resourceVersion'), resourceVersion);
    assert.equal(get(res.json, 'metadata.generation'), 1);
    assert.equal(get(res.json, 'metadata.managedFields[1].subresource'), 'status');
    const again = await call('GET', `${PODS}/${name}`);
    assert.deepEqual(again.json, res.json);
  });

  it('does an unconditional update without resourceVersion, 409 on a stale one, 404 when missing, 400 on a name mismatch', async () => {
    const pod = await createPod(call);
    const { name } = metaOf(pod);
    const noVersion = structuredClone(pod);
    delete (noVersion['metadata'] as Record<string, unknown>)['resourceVersion'];
    const ok = await call('PUT', `${PODS}/${name}/status`, { body: withStatus(noVersion, { phase: 'Running' }) });
    assert.equal(ok.status, 200);
    const stale = await call('PUT', `${PODS}/${name}/status`, { body: withStatus(pod, { phase: 'Failed' }) });
    assert.equal(stale.status, 409);
    assert.deepEqual(stale.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Operation cannot be fulfilled on pods "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      reason: 'Conflict',
      details: { name, kind: 'pods' },
      code: 409,
    });
    const missing = await call('PUT', `${PODS}/nope-${name}/status`, { body: withStatus({ ...noVersion, metadata: { name: `nope-${name}` } }, {}) });
    assert.equal(missing.status, 404);
    const wrongName = await call('PUT', `${PODS}/${name}/status`, { body: { ...noVersion, metadata: { name: 'other' } } });
    assert.equal(wrongName.status, 400);
    assert.equal(get(wrongName.json, 'message'), `the name of the object (other) does not match the name on the URL (${name})`);
  });

  it('keeps uid and creationTimestamp when a client sends others', async () => {
    const pod = await createPod(call);
    const sent = structuredClone(pod);
    Object.assign(sent['metadata'] as Record<string, unknown>, { uid: '84973056-5d3b-11e6-aeb9-286ed488fafe', creationTimestamp: '2016-08-08T07:41:29Z' });
    const res = await call('PUT', `${PODS}/${metaOf(pod).name}/status`, { body: withStatus(sent, { phase: 'Running' }) });
    assert.equal(get(res.json, 'metadata.uid'), metaOf(pod).uid);
    assert.equal(get(res.json, 'metadata.creationTimestamp'), get(pod, 'metadata.creationTimestamp'));
  });
});

describe('PUT /pods/{name}', () => {
  it('ignores status, allows an image change, and refuses other spec changes with the real 422', async () => {
    const pod = await createPod(call);
    const { name } = metaOf(pod);
    const sent = withStatus(structuredClone(pod), { phase: 'Succeeded' });
    (get(sent, 'spec.containers[0]') as Record<string, unknown>)['image'] = 'beego:v2';
    const res = await call('PUT', `${PODS}/${name}`, { body: sent });
    assert.equal(res.status, 200);
    assert.equal(get(res.json, 'spec.containers[0].image'), 'beego:v2');
    assert.equal(get(res.json, 'status.phase'), 'Pending', 'status is ignored on the main resource');
    assert.equal(get(res.json, 'metadata.generation'), 2);
    const forbidden = structuredClone(res.json) as Record<string, unknown>;
    (forbidden['spec'] as Record<string, unknown>)['dnsPolicy'] = 'Default';
    const refused = await call('PUT', `${PODS}/${name}`, { body: forbidden });
    assert.equal(refused.status, 422);
    assert.equal(get(refused.json, 'reason'), 'Invalid');
    assert.match(
      String(get(refused.json, 'message')),
      new RegExp(
        `^Pod "${name}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers\\[\\*\\].image\`,\`spec.initContainers\\[\\*\\].image\`,\`spec.activeDeadlineSeconds\`,\`spec.tolerations\` \\(only additions to existing tolerations\\),\`spec.terminationGracePeriodSeconds\` \\(allow it to be set to 1 if it was previously negative\\)\n`,
      ),
    );
    assert.deepEqual(get(refused.json, 'details.name'), name);
    assert.deepEqual(get(refused.json, 'details.kind'), 'Pod');
    assert.equal(get(refused.json, 'details.causes[0].reason'), 'FieldValueForbidden');
    assert.equal(get(refused.json, 'details.causes[0].field'), 'spec');
  });

  it('is a no-op (same resourceVersion) when nothing changes', async () => {
    const pod = await createPod(call);
    const res = await call('PUT', `${PODS}/${metaOf(pod).name}`, { body: pod });
    assert.equal(res.status, 200);
    assert.equal(get(res.json, 'metadata.resourceVersion'), metaOf(pod).resourceVersion);
  });
});
