// Each deviation profile changes only what it names: a set of probes (one observable behaviour each) runs on
// the conformant server and on a server per profile; a profile's own probes differ, every other probe is equal.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { listProfiles, startReferenceServer } from '../../src/reference/server.ts';
import { JOB_RULE_PROFILES } from '../../src/reference/profiles-jobs.ts';
import { client, createJob, createPod, get, JOBS, metaOf, PODS, start, TOKENS, unique, withStatus, type Client } from './helpers.ts';
import { K8S_BASELINE, K8S_PROBES, K8S_TARGETS } from './profiles-k8s-probes.ts';

type Probe = (call: Client) => Promise<unknown>;

const MERGE = 'application/merge-patch+json';

/** A write to the main resource (an unconditional PUT adding a label): makes the fixture's resourceVersion stale. */
async function touch(call: Client, pod: Record<string, unknown>): Promise<void> {
  const changed = structuredClone(pod);
  const meta = changed['metadata'] as Record<string, unknown>;
  delete meta['resourceVersion'];
  meta['labels'] = { touched: 'yes' };
  const res = await call('PUT', `${PODS}/${metaOf(pod).name}`, { body: changed });
  assert.equal(res.status, 200);
}

async function scStatus(call: Client): Promise<string> {
  const res = await call('POST', '/api/v2/status/', { token: TOKENS.owner, body: { action: null, text: '<p>before</p>', categories: [1] } });
  return String(get(res.json, 'id'));
}

/** A new status updated by its owner with a valid body changed by `change` (a key set to undefined is left out). */
async function scPut(call: Client, change: Record<string, unknown>) {
  const id = await scStatus(call);
  return call('PUT', `/api/v2/status/${id}/`, { token: TOKENS.owner, body: { action: 'edit', text: '<p>edited</p>', categories: [1], ...change } });
}

const PROBES: Record<string, Probe> = {
  ...K8S_PROBES,
  async podStatusCode(call) {
    const pod = await createPod(call);
    return (await call('PUT', `${PODS}/${metaOf(pod).name}/status`, { body: withStatus(pod, { phase: 'Running' }) })).status;
  },
  async podStatusStored(call) {
    const pod = await createPod(call);
    await call('PUT', `${PODS}/${metaOf(pod).name}/status`, { body: withStatus(pod, { phase: 'Running' }) });
    return get((await call('GET', `${PODS}/${metaOf(pod).name}`)).json, 'status.phase');
  },
  async podStatusSpec(call) {
    const pod = await createPod(call);
    const sent = withStatus(structuredClone(pod), { phase: 'Running' });
    (get(sent, 'spec.containers[0]') as Record<string, unknown>)['image'] = 'changed:v9';
    await call('PUT', `${PODS}/${metaOf(pod).name}/status`, { body: sent });
    return get((await call('GET', `${PODS}/${metaOf(pod).name}`)).json, 'spec.containers[0].image');
  },
  async podStatusLabels(call) {
    const pod = await createPod(call);
    const sent = withStatus({ ...pod, metadata: { ...metaOf(pod), labels: { written: 'on-status' } } }, { phase: 'Running' });
    await call('PUT', `${PODS}/${metaOf(pod).name}/status`, { body: sent });
    return get((await call('GET', `${PODS}/${metaOf(pod).name}`)).json, 'metadata.labels');
  },
  async podStatusConflict(call) {
    const pod = await createPod(call);
    await touch(call, pod);
    return (await call('PUT', `${PODS}/${metaOf(pod).name}/status`, { body: withStatus(pod, { phase: 'Running' }) })).status;
  },
  async podMainConflict(call) {
    const pod = await createPod(call);
    await touch(call, pod);
    return (await call('PUT', `${PODS}/${metaOf(pod).name}`, { body: pod })).status;
  },
  async podPatchApplied(call) {
    const { name } = metaOf(await createPod(call));
    const res = await call('PATCH', `${PODS}/${name}`, {
      body: [{ op: 'add', path: '/spec/containers/0/image', value: 'busybox:latest' }],
      type: 'application/json-patch+json',
    });
    return [res.status, get((await call('GET', `${PODS}/${name}`)).json, 'spec.containers[0].image')];
  },
  async podPatchImmutable(call) {
    const { name } = metaOf(await createPod(call));
    return (await call('PATCH', `${PODS}/${name}`, { body: { spec: { restartPolicy: 'Never' } }, type: MERGE })).status;
  },
  async podPatch415(call) {
    const { name } = metaOf(await createPod(call));
    return (await call('PATCH', `${PODS}/${name}`, { body: { spec: {} }, type: 'application/json' })).status;
  },
  async podStatusPatch(call) {
    const { name } = metaOf(await createPod(call));
    const res = await call('PATCH', `${PODS}/${name}/status`, { body: { status: { phase: 'Running' } }, type: MERGE });
    return [res.status, get(res.json, 'status.phase')];
  },
  async podKind(call) {
    const { name } = metaOf(await createPod(call));
    return get((await call('GET', `${PODS}/${name}`)).json, 'kind') ?? 'absent';
  },
  async pod404(call) {
    const res = await call('GET', `${PODS}/${unique('missing')}`);
    return [res.status, res.headers.get('content-type'), get(res.json, 'kind') ?? 'not a Status'];
  },
  async job404(call) {
    const res = await call('GET', `${JOBS}/${unique('missing')}/status`);
    return [res.status, get(res.json, 'reason') ?? 'not a Status'];
  },
  async jobStatusRead(call) {
    const job = await createJob(call);
    await call('PUT', `${JOBS}/${metaOf(job).name}/status`, { body: withStatus(job, { active: 1 }) });
    return String(get((await call('GET', `${JOBS}/${metaOf(job).name}/status`)).json, 'status.active'));
  },
  async jobStatusType(call) {
    const job = await createJob(call);
    const res = await call('PUT', `${JOBS}/${metaOf(job).name}/status`, { body: withStatus(job, { active: 1 }) });
    return typeof get(res.json, 'status.active');
  },
  async jobStatusValidation(call) {
    const job = await createJob(call);
    const negative = await call('PUT', `${JOBS}/${metaOf(job).name}/status`, { body: withStatus(job, { active: -1 }) });
    return negative.status;
  },
  async scUpdateByOther(call) {
    const id = await scStatus(call);
    return (await call('PUT', `/api/v2/status/${id}/`, { token: TOKENS.other, body: { action: null, text: 'x', categories: [1] } })).status;
  },
  async scDeleteByOther(call) {
    const id = await scStatus(call);
    return (await call('DELETE', `/api/v2/status/${id}/`, { token: TOKENS.other })).status;
  },
  async scUpdateAnon(call) {
    const id = await scStatus(call);
    return (await call('PUT', `/api/v2/status/${id}/`, { body: { action: null, text: 'x', categories: [1] } })).status;
  },
  async scUpdateHtml(call) {
    const id = await scStatus(call);
    const res = await call('PUT', `/api/v2/status/${id}/`, { token: TOKENS.owner, body: { action: null, text: '<p>after</p>', categories: [2] } });
    return [res.status, get((await call('GET', `/api/v2/status/${id}/`)).json, 'html')];
  },
  async scAuthor(call) {
    const id = await scStatus(call);
    return get((await call('GET', `/api/v2/status/${id}/`)).json, 'author.username') ?? 'absent';
  },
  async scIdType(call) {
    const id = await scStatus(call);
    return typeof get((await call('GET', `/api/v2/status/${id}/`)).json, 'id');
  },
  // The status body (seed 004's parameter table) and the objects it refers to.
  async scNullAction(call) {
    return (await scPut(call, { action: null })).status;
  },
  async scNoAction(call) {
    return (await scPut(call, { action: undefined })).status;
  },
  async scNoText(call) {
    return (await scPut(call, { text: undefined })).status;
  },
  async scEmptyCategories(call) {
    return (await scPut(call, { categories: [] })).status;
  },
  async scUnknownCategory(call) {
    return (await scPut(call, { categories: [2147483647] })).status;
  },
  async scCategoryChange(call) {
    const res = await scPut(call, { categories: [2] });
    const read = await call('GET', `/api/v2/status/${String(get(res.json, 'id'))}/`);
    return [get(res.json, 'categories[0].id'), get(read.json, 'categories[0].id')];
  },
  async scLocationStored(call) {
    const res = await scPut(call, { location: { location: 'Milan', lat: 45.46, lng: 9.19 } });
    const read = await call('GET', `/api/v2/status/${String(get(res.json, 'id'))}/`);
    return [get(res.json, 'location.location'), get(read.json, 'location.location') ?? null];
  },
  async scNullLocation(call) {
    return (await scPut(call, { location: null })).status;
  },
  async scEditedAtMoves(call) {
    const id = await scStatus(call);
    const edit = async () =>
      get(
        (await call('PUT', `/api/v2/status/${id}/`, { token: TOKENS.owner, body: { action: 'edit', text: '<p>edited</p>', categories: [1] } })).json,
        'last_edited_at',
      );
    const first = await edit();
    await new Promise((r) => setTimeout(r, 2));
    return first !== (await edit());
  },
  async scMediaObjects(call) {
    const media = await call('POST', '/api/v2/media/', { token: TOKENS.owner, body: { type: 'url', url: 'https://example.com/probe' } });
    const res = await scPut(call, { medias: [get(media.json, 'id')] });
    return typeof get(res.json, 'medias[0]');
  },
  async scAddressing(call) {
    const res = await scPut(call, { addressing: [1] });
    const read = await call('GET', `/api/v2/status/${String(get(res.json, 'id'))}/`);
    return [get(res.json, 'addressing[0].id') ?? 'absent', get(read.json, 'addressing[0].id') ?? 'absent'];
  },
  async scTagTypes(call) {
    const res = await call('GET', '/api/v2/user/tag/tags_to_address_a_contribution/', { token: TOKENS.owner });
    return typeof get(res.json, '[0].visible');
  },
  async scContentType(call) {
    const id = await scStatus(call);
    return (await call('GET', `/api/v2/status/${id}/`)).headers.get('content-type');
  },
};

/** The probes each profile must change; all others must answer as on the conformant server. */
const TARGETS: Record<string, string[]> = {
  'pod-status-wrong-code': ['podStatusCode'],
  'pod-status-not-stored': ['podStatusStored', 'podStatusLabels'],
  'pod-status-applies-spec': ['podStatusSpec'],
  'pod-status-drops-labels': ['podStatusLabels'],
  'pod-status-no-conflict': ['podStatusConflict'],
  'pod-patch-ignored': ['podPatchApplied'],
  'pod-patch-no-immutability': ['podPatchImmutable'],
  'pod-patch-wrong-415': ['podPatch415'],
  'job-status-stale-get': ['jobStatusRead'],
  'job-status-no-validation': ['jobStatusValidation'],
  'job-status-wrong-type': ['jobStatusType'],
  'pod-missing-kind': ['podKind'],
  'error-not-status': ['pod404', 'job404'],
  'status-non-owner-allowed': ['scUpdateByOther'],
  'status-no-auth': ['scUpdateAnon'],
  'status-html-not-updated': ['scUpdateHtml'],
  'status-missing-field': ['scAuthor'],
  'status-bad-types': ['scIdType'],
  ...K8S_TARGETS,
  // scUpdateHtml edits with action null, which this profile refuses.
  'status-null-action-refused': ['scNullAction', 'scUpdateHtml'],
  'status-action-optional': ['scNoAction'],
  'status-text-required': ['scNoText'],
  'status-empty-categories-accepted': ['scEmptyCategories'],
  'status-unknown-category-accepted': ['scUnknownCategory'],
  'status-categories-ignored': ['scCategoryChange'],
  'status-location-not-stored': ['scLocationStored'],
  'status-null-location-refused': ['scNullLocation'],
  'status-edited-at-frozen': ['scEditedAtMoves'],
  'status-medias-as-ids': ['scMediaObjects'],
  'status-addressing-ignored': ['scAddressing'],
  'tag-booleans-as-strings': ['scTagTypes'],
  'sc-json-as-html': ['scContentType'],
};

/** The Kubernetes token of the probe servers: every Kubernetes probe sends it unless it asks for none (`token: ''`). */
const K8S_TOKEN = 'k8s-probe-token-0007';

function withK8sToken(call: Client): Client {
  return (method, path, opts = {}) => call(method, path, path.startsWith('/api/v2/') || opts.token !== undefined ? opts : { ...opts, token: K8S_TOKEN });
}

async function runProbes(profile?: string): Promise<Record<string, unknown>> {
  const server = await start({ profile, k8sToken: K8S_TOKEN });
  try {
    const call = withK8sToken(client(server));
    // Probes use fixtures of their own, so they can run side by side.
    const results = await Promise.all(Object.entries(PROBES).map(async ([name, probe]) => [name, await probe(call)] as const));
    return Object.fromEntries(results);
  } finally {
    await server.close();
  }
}

let baseline: Record<string, unknown>;

before(async () => {
  baseline = await runProbes();
});

describe('deviation profiles', () => {
  it('the conformant baseline answers as a real server', () => {
    assert.deepEqual(baseline, {
      podStatusCode: 200,
      podStatusStored: 'Running',
      podStatusSpec: 'beego:v1',
      podStatusLabels: { written: 'on-status' },
      podStatusConflict: 409,
      podMainConflict: 409,
      podPatchApplied: [200, 'busybox:latest'],
      podPatchImmutable: 422,
      podPatch415: 415,
      podStatusPatch: [200, 'Running'],
      podKind: 'Pod',
      pod404: [404, 'application/json', 'Status'],
      job404: [404, 'NotFound'],
      jobStatusRead: '1',
      jobStatusType: 'number',
      jobStatusValidation: 422,
      scUpdateByOther: 403,
      scDeleteByOther: 403,
      scUpdateAnon: 401,
      scUpdateHtml: [200, '<p>after</p>'],
      scAuthor: 'owner',
      scIdType: 'number',
      ...K8S_BASELINE,
      scNullAction: 200,
      scNoAction: 400,
      scNoText: 200,
      scEmptyCategories: 400,
      scUnknownCategory: 400,
      scCategoryChange: [2, 2],
      scLocationStored: ['Milan', 'Milan'],
      scNullLocation: 200,
      scEditedAtMoves: true,
      scMediaObjects: 'object',
      scAddressing: [1, 1],
      scTagTypes: 'boolean',
      scContentType: 'application/json',
    });
  });

  it('are at least 12, spread over the four documented operations and the error paths', () => {
    const profiles = listProfiles();
    assert.ok(profiles.length >= 12);
    // The JobStatus rule profiles have their own probes (job-rule-profiles.test.ts): one write per rule.
    const ruleProfiles = new Set(JOB_RULE_PROFILES.map((p) => p.name));
    assert.deepEqual(
      Object.keys(TARGETS).sort(),
      profiles
        .map((p) => p.name)
        .filter((n) => !ruleProfiles.has(n))
        .sort(),
      'every profile has its probes here',
    );
    const operations = profiles.map((p) => p.operation).join('\n');
    for (const op of ['/pods/{name}/status', 'PATCH /api/v1/namespaces/{namespace}/pods/{name}', '/jobs/{name}/status', 'PUT /api/v2/status/{id}/', 'errors']) {
      assert.ok(operations.includes(op), op);
    }
    for (const p of profiles) assert.ok(p.description.length > 20, p.name);
  });

  it('an unknown profile is refused with the list of valid names', async () => {
    await assert.rejects(startReferenceServer({ profile: 'no-such-profile' }), (err: Error) => {
      assert.match(err.message, /^unknown profile "no-such-profile"; valid profiles: pod-status-wrong-code, /);
      return true;
    });
  });

  for (const [profile, targets] of Object.entries(TARGETS)) {
    it(`${profile} changes only ${targets.join(', ')}`, async () => {
      const observed = await runProbes(profile);
      for (const name of Object.keys(PROBES)) {
        if (targets.includes(name)) assert.notDeepEqual(observed[name], baseline[name], `${profile} must change ${name}`);
        else assert.deepEqual(observed[name], baseline[name], `${profile} must not change ${name}`);
      }
    });
  }
});
