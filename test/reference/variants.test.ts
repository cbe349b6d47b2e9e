// Each faithful variant does what its --list-variants line says, and only on its API; variants compose.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listVariants, type ReferenceServer } from '../../src/reference/server.ts';
import { client, createJob, createPod, get, JOBS, metaOf, PODS, start, TOKENS, withStatus, type Client } from './helpers.ts';

const servers: ReferenceServer[] = [];
async function serverWith(variant?: string): Promise<Client> {
  const s = await start({ variant });
  servers.push(s);
  return client(s);
}
after(() => Promise.all(servers.map((s) => s.close())));

async function scStatus(call: Client): Promise<Record<string, unknown>> {
  const res = await call('POST', '/api/v2/status/', { token: TOKENS.owner, body: { action: null, text: 'hello', categories: [1] } });
  assert.equal(res.status, 201);
  return res.json as Record<string, unknown>;
}

describe('faithful variants of the reference server', () => {
  let plain: Client;
  before(async () => {
    plain = await serverWith();
  });

  it('are listed with their API, what they change and the source of that behaviour', () => {
    const variants = listVariants();
    assert.ok(variants.length >= 8, `${variants.length} variants`);
    for (const v of variants) {
      assert.match(v.name, /^(k8s|sc)-[a-z0-9-]+$/);
      assert.ok(v.description.length > 20 && v.source.length > 10, v.name);
      assert.equal(v.api, v.name.startsWith('k8s') ? 'kubernetes' : 'selfcommunity');
    }
  });

  it('k8s-no-admission: a pod gets no service account, priority or default tolerations', async () => {
    const call = await serverWith('k8s-no-admission');
    const pod = await createPod(call);
    assert.equal(get(pod, 'spec.priority'), undefined);
    assert.deepEqual(get(await createPod(plain), 'spec.priority'), 0);
    assert.ok(!JSON.stringify(get(pod, 'spec.tolerations') ?? []).includes('not-ready'));
  });

  it('k8s-go-omitempty: a counter at 0 is not sent, a pointer counter at 0 is', async () => {
    for (const [call, active] of [
      [await serverWith('k8s-go-omitempty'), undefined],
      [plain, 0],
    ] as const) {
      const job = await createJob(call);
      const res = await call('PUT', `${JOBS}/${metaOf(job).name}/status`, { body: withStatus(job, { active: 0, ready: 0 }) });
      assert.equal(res.status, 200);
      assert.equal(get(res.json, 'status.active'), active);
      assert.equal(get(res.json, 'status.ready'), 0);
    }
  });

  it('k8s-opaque-versions: resourceVersions are not numbers, and a stale one still conflicts', async () => {
    const call = await serverWith('k8s-opaque-versions');
    const pod = await createPod(call);
    assert.doesNotMatch(metaOf(pod).resourceVersion, /^\d+$/);
    await call('PUT', `${PODS}/${metaOf(pod).name}/status`, { body: withStatus(pod, { phase: 'Running' }) });
    assert.equal((await call('PUT', `${PODS}/${metaOf(pod).name}/status`, { body: withStatus(pod, { phase: 'Failed' }) })).status, 409);
  });

  it('k8s-sorted-pretty: its JSON Content-Type carries a charset parameter', async () => {
    const call = await serverWith('k8s-sorted-pretty');
    const { name } = metaOf(await createPod(call));
    assert.equal((await call('GET', `${PODS}/${name}`)).headers.get('content-type'), 'application/json;charset=utf-8');
    assert.equal((await plain('GET', `${PODS}/${name}-missing`)).headers.get('content-type'), 'application/json');
  });

  it('k8s-sorted-pretty: indented JSON with sorted keys; the same object', async () => {
    const call = await serverWith('k8s-sorted-pretty');
    const res = await call('GET', '/api/v1/namespaces/default');
    assert.match(res.text, /^\{\n {4}"apiVersion": "v1",\n {4}"kind": "Namespace",/);
  });

  it('k8s-anonymous-auth: a request without credentials is system:anonymous and gets 403; a wrong token still 401', async () => {
    const s = await start({ variant: 'k8s-anonymous-auth', k8sToken: 'k8s-variant-token-0009' });
    servers.push(s);
    const call = client(s);
    const anonymous = await call('PUT', `${PODS}/hello/status`, { body: { metadata: { name: 'hello' } } });
    assert.equal(anonymous.status, 403);
    assert.deepEqual(anonymous.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "hello" is forbidden: User "system:anonymous" cannot update resource "pods/status" in API group "" in the namespace "default"',
      reason: 'Forbidden',
      details: { name: 'hello', kind: 'pods' },
      code: 403,
    });
    const job = await call('GET', `${JOBS}/j1/status`);
    assert.equal(
      get(job.json, 'message'),
      'jobs.batch "j1" is forbidden: User "system:anonymous" cannot get resource "jobs/status" in API group "batch" in the namespace "default"',
    );
    const discovery = await call('GET', '/api');
    assert.equal(get(discovery.json, 'message'), 'forbidden: User "system:anonymous" cannot get path "/api"');
    const wrong = await call('GET', `${PODS}/hello`, { headers: { authorization: 'Bearer not-the-token' } });
    assert.equal(wrong.status, 401);
    const plainServer = await start({ k8sToken: 'k8s-variant-token-0009' });
    servers.push(plainServer);
    assert.equal((await client(plainServer)('PUT', `${PODS}/hello/status`, { body: {} })).status, 401);
  });

  it('k8s-webhook-newer adds its Warning to the ones the request collected (an unknown field keeps its own)', async () => {
    const call = await serverWith('k8s-webhook-newer');
    const { name } = metaOf(await createPod(call));
    const res = await call('PATCH', `${PODS}/${name}`, { body: { spec: { vouchUnknown: 1 } }, type: 'application/merge-patch+json' });
    assert.equal(res.status, 200);
    const warning = res.headers.get('warning') ?? '';
    assert.match(warning, /unknown field \\"spec\.vouchUnknown\\"/);
    assert.match(warning, /baseline Pod Security profile/);
  });

  it('sc-nulls, sc-preferences and sc-local-time shape Status objects; sc-errors-list the error bodies', async () => {
    const nulls = await scStatus(await serverWith('sc-nulls'));
    assert.equal(get(nulls, 'author.website'), null);
    assert.equal(get(nulls, 'categories.0.name_synonyms'), null);
    const prefs = await scStatus(await serverWith('sc-preferences'));
    assert.equal(get(prefs, 'author.followers_counter'), undefined);
    assert.equal(get(prefs, 'author.connections_counter'), 0);
    const local = await scStatus(await serverWith('sc-local-time'));
    assert.match(String(get(local, 'added_at')), /\+01:00$/);
    assert.equal(get(local, 'html'), '<p>hello</p>');
    assert.equal(get(local, 'id'), 5000);
    const errors = await (await serverWith('sc-errors-list'))('PUT', '/api/v2/status/1/', { body: {} });
    assert.deepEqual(errors.json, { errors: [{ code: 'not_authenticated', message: 'Authentication credentials were not provided.' }] });
  });

  it('sc-proxy-charset: SelfCommunity JSON says application/json; charset=utf-8, Kubernetes JSON is left alone', async () => {
    const call = await serverWith('sc-proxy-charset');
    const res = await call('POST', '/api/v2/status/', { token: TOKENS.owner, body: { action: null, text: 'hello', categories: [1] } });
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal((await call('GET', '/api/v2/status/999999/')).headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal((await call('GET', '/api/v1/namespaces/default')).headers.get('content-type'), 'application/json');
  });

  it('sc-nested-categories: a subcategory listed first; a status filed under it gets its parent, listed before it; elsewhere it does not exist', async () => {
    const call = await serverWith('sc-nested-categories');
    const list = await call('GET', '/api/v2/category/', { token: TOKENS.owner });
    const first = get(list.json, 'results.0') as Record<string, unknown>;
    assert.deepEqual([first['id'], first['parents']], [4, [3]]);
    const res = await call('POST', '/api/v2/status/', { token: TOKENS.owner, body: { action: null, text: 'hello', categories: [4] } });
    assert.equal(res.status, 201);
    assert.deepEqual(
      (get(res.json, 'categories') as { id: number }[]).map((c) => c.id),
      [3, 4],
    );
    const flat = await plain('POST', '/api/v2/status/', { token: TOKENS.owner, body: { action: null, text: 'hello', categories: [4] } });
    assert.equal(flat.status, 400);
    assert.equal((await plain('GET', '/api/v2/category/4/', { token: TOKENS.owner })).status, 404);
  });

  it('compose: one server configured several ways, each on its own API', async () => {
    const call = await serverWith('k8s-go-omitempty,sc-nulls,sc-local-time');
    const status = await scStatus(call);
    assert.equal(get(status, 'author.website'), null);
    assert.match(String(get(status, 'added_at')), /\+01:00$/);
    const job = await createJob(call);
    const res = await call('PUT', `${JOBS}/${metaOf(job).name}/status`, { body: withStatus(job, { active: 0 }) });
    assert.equal(get(res.json, 'status.active'), undefined);
    await assert.rejects(start({ variant: 'sc-nulls,nope' }), /unknown variant "nope"; valid variants: k8s-no-admission/);
  });
});
