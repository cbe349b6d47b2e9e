// What a real cluster's admission does to pods in a new namespace: the ServiceAccount plugin refuses pods until the
// controller manager has created the namespace's `default` account, and Pod Security at the restricted level
// refuses pods that do not set the restricted security context.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ReferenceServer } from '../../src/reference/server.ts';
import { client, get, podBody, start, unique, type Client } from './helpers.ts';

const servers: ReferenceServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
async function serverWith(variant?: string): Promise<Client> {
  const s = await start({ variant });
  servers.push(s);
  return client(s);
}

async function namespace(call: Client): Promise<string> {
  const name = unique('ns');
  const res = await call('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  assert.equal(res.status, 201);
  return name;
}

const RESTRICTED = { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } };

function restrictedPod(name: string): Record<string, unknown> {
  const body = podBody(name, {}) as { spec: { containers: Record<string, unknown>[] } & Record<string, unknown> };
  Object.assign(body.spec, RESTRICTED);
  for (const c of body.spec.containers) c['securityContext'] = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  return body;
}

describe('pod admission in a new namespace', () => {
  it('refuses pods until the default service account exists, which the controller creates a moment after the namespace', async () => {
    const call = await serverWith();
    const ns = await namespace(call);
    const early = await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: podBody('p1', {}) });
    assert.equal(early.status, 403);
    assert.equal(get(early.json, 'message'), `pods "p1" is forbidden: error looking up service account ${ns}/default: serviceaccount "default" not found`);
    assert.equal((await call('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status, 404);
    await new Promise((r) => setTimeout(r, 400));
    const account = await call('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`);
    assert.equal(account.status, 200);
    assert.equal(get(account.json, 'kind'), 'ServiceAccount');
    assert.equal((await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: podBody('p1', {}) })).status, 201);
  });

  it('k8s-restricted-slow enforces the restricted Pod Security level, and the account comes later', async () => {
    const call = await serverWith('k8s-restricted-slow');
    const ns = await namespace(call);
    await new Promise((r) => setTimeout(r, 700));
    assert.equal((await call('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status, 404, 'not yet after 0.7 s');
    await new Promise((r) => setTimeout(r, 1100));
    const plain = await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: podBody('plain', {}) });
    assert.equal(plain.status, 403);
    assert.match(
      String(get(plain.json, 'message')),
      /^pods "plain" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false \(container "hello-world" must set securityContext\.allowPrivilegeEscalation=false\), unrestricted capabilities .*runAsNonRoot != true .*seccompProfile/,
    );
    assert.equal((await call('POST', `/api/v1/namespaces/${ns}/pods`, { body: restrictedPod('ok') })).status, 201);
  });
});
