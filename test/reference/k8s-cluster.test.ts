// Cluster-level behaviour of the reference server's Kubernetes side: discovery, namespaces, the bearer-token
// requirement (401), unknown paths and methods.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReferenceServer } from '../../src/reference/server.ts';
import { client, createPod, get, metaOf, PODS, podBody, start, unique, type Client } from './helpers.ts';

let server: ReferenceServer;
let call: Client;

before(async () => {
  server = await start();
  call = client(server);
});
after(() => server.close());

describe('discovery', () => {
  it('serves /version, /api, /api/v1, /apis (batch only), /apis/batch and /apis/batch/v1', async () => {
    const version = await call('GET', '/version');
    assert.equal(get(version.json, 'major'), '1');
    assert.equal(get(version.json, 'minor'), '33');
    const api = await call('GET', '/api');
    assert.equal(get(api.json, 'kind'), 'APIVersions');
    assert.deepEqual(get(api.json, 'versions'), ['v1']);
    const v1 = await call('GET', '/api/v1');
    const names = (get(v1.json, 'resources') as unknown[]).map((r) => get(r, 'name'));
    assert.deepEqual(names, ['namespaces', 'pods', 'pods/status', 'serviceaccounts']);
    const apis = await call('GET', '/apis');
    assert.deepEqual(
      (get(apis.json, 'groups') as unknown[]).map((g) => get(g, 'name')),
      ['batch'],
    );
    assert.equal(get((await call('GET', '/apis/batch')).json, 'preferredVersion.groupVersion'), 'batch/v1');
    const batch = await call('GET', '/apis/batch/v1');
    assert.deepEqual(
      (get(batch.json, 'resources') as unknown[]).map((r) => get(r, 'name')),
      ['jobs', 'jobs/status'],
    );
  });

  it('answers 404 Status for an unknown API path, 405 for an unsupported method, plain 404 elsewhere', async () => {
    const unknown = await call('GET', '/apis/apps/v1/namespaces/default/deployments');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
    const { name } = metaOf(await createPod(call));
    const post = await call('POST', `${PODS}/${name}`, { body: {} });
    assert.equal(post.status, 405);
    assert.equal(get(post.json, 'reason'), 'MethodNotAllowed');
    const root = await call('GET', '/nothing');
    assert.equal(root.status, 404);
    assert.equal(root.text, '404 page not found\n');
    assert.equal((await call('GET', '/healthz')).text, 'ok');
  });
});

describe('namespaces', () => {
  it('lists the namespaces of a fresh cluster', async () => {
    const res = await call('GET', '/api/v1/namespaces');
    assert.equal(get(res.json, 'kind'), 'NamespaceList');
    const names = (get(res.json, 'items') as unknown[]).map((n) => get(n, 'metadata.name'));
    for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) assert.ok(names.includes(name), name);
  });

  it('has default, kube-system and kube-public', async () => {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const res = await call('GET', `/api/v1/namespaces/${name}`);
      assert.equal(res.status, 200);
      assert.equal(get(res.json, 'status.phase'), 'Active');
    }
  });

  it('creates, gets and deletes a namespace with its contents', async () => {
    const name = unique('ns');
    const created = await call('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
    assert.equal(created.status, 201);
    assert.equal((get(created.json, 'metadata.labels') as Record<string, string>)['kubernetes.io/metadata.name'], name);
    assert.deepEqual(get(created.json, 'spec'), { finalizers: ['kubernetes'] });
    // The controller creates the namespace's default service account a moment later; pods wait for it.
    await new Promise((r) => setTimeout(r, 300));
    const pod = await call('POST', `/api/v1/namespaces/${name}/pods`, { body: podBody('inside') });
    assert.equal(pod.status, 201);
    const deleted = await call('DELETE', `/api/v1/namespaces/${name}`);
    assert.equal(deleted.status, 200);
    assert.equal(get(deleted.json, 'status.phase'), 'Terminating');
    assert.equal((await call('GET', `/api/v1/namespaces/${name}`)).status, 404);
    assert.equal((await call('GET', `/api/v1/namespaces/${name}/pods/inside`)).status, 404);
  });

  it('refuses a bad name (422), a duplicate (409) and deleting default (403)', async () => {
    const bad = await call('POST', '/api/v1/namespaces', { body: { metadata: { name: 'Not_Valid' } } });
    assert.equal(bad.status, 422);
    assert.match(String(get(bad.json, 'message')), /^Namespace "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid": a lowercase RFC 1123 label/);
    const dup = await call('POST', '/api/v1/namespaces', { body: { metadata: { name: 'default' } } });
    assert.equal(dup.status, 409);
    assert.equal(get(dup.json, 'message'), 'namespaces "default" already exists');
    const protectedNs = await call('DELETE', '/api/v1/namespaces/default');
    assert.equal(protectedNs.status, 403);
  });
});

describe('request options', () => {
  it('lists an empty namespace that does not exist (200), as real servers do', async () => {
    const res = await call('GET', '/api/v1/namespaces/nowhere/pods');
    assert.equal(res.status, 200);
    assert.deepEqual(get(res.json, 'items'), []);
  });

  it('runs dryRun=All without storing, and refuses other dryRun and fieldValidation values with 422', async () => {
    const name = unique('dry');
    const dry = await call('POST', `${PODS}?dryRun=All`, { body: podBody(name) });
    assert.equal(dry.status, 201);
    assert.equal((await call('GET', `${PODS}/${name}`)).status, 404);
    const badDry = await call('POST', `${PODS}?dryRun=Yes`, { body: podBody(name) });
    assert.equal(badDry.status, 422);
    assert.equal(get(badDry.json, 'message'), 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: "Yes": supported values: "All"');
    const badValidation = await call('POST', `${PODS}?fieldValidation=Loose`, { body: podBody(name) });
    assert.equal(badValidation.status, 422);
  });

  it('says it cannot read protobuf instead of listing it as accepted', async () => {
    const res = await call('POST', PODS, { body: 'x', type: 'application/vnd.kubernetes.protobuf' });
    assert.equal(res.status, 415);
    assert.equal(
      get(res.json, 'message'),
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    );
  });

  it('reads a YAML body', async () => {
    const name = unique('yaml');
    const res = await call('POST', PODS, {
      body: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n`,
      type: 'application/yaml',
    });
    assert.equal(res.status, 201);
    assert.equal(get(res.json, 'spec.containers[0].imagePullPolicy'), 'IfNotPresent');
  });
});

describe('bearer token', () => {
  it('requires the configured token on /api and /apis (401 Unauthorized Status otherwise)', async () => {
    const guarded = await start({ k8sToken: 'k8s-secret' });
    const guardedCall = client(guarded);
    try {
      const none = await guardedCall('GET', PODS);
      assert.equal(none.status, 401);
      assert.deepEqual(none.json, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
      assert.equal(none.headers.get('cache-control'), 'no-cache, private');
      assert.equal((await guardedCall('GET', '/apis', { token: 'wrong' })).status, 401);
      assert.equal((await guardedCall('GET', PODS, { token: 'k8s-secret' })).status, 200);
      assert.equal((await guardedCall('POST', PODS, { token: 'k8s-secret', body: podBody('authed') })).status, 201);
    } finally {
      await guarded.close();
    }
  });

  it('needs no token when none is configured', async () => {
    assert.equal((await call('GET', PODS)).status, 200);
  });
});
