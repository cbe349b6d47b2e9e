// Probes for the deviation profiles of src/reference/profiles-k8s.ts (query parameters, headers, identity,
// not-found): one observable behaviour each, what the conformant server answers, and which probes each profile changes.
import { createJob, createPod, get, JOBS, metaOf, PODS, unique, withStatus, type Client } from './helpers.ts';

type Probe = (call: Client) => Promise<unknown>;

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

async function podName(call: Client): Promise<string> {
  return metaOf(await createPod(call)).name;
}

function managers(value: unknown): string[] {
  return ((get(value, 'metadata.managedFields') as unknown[] | undefined) ?? []).map((m) => String(get(m, 'manager')));
}

export const K8S_PROBES: Record<string, Probe> = {
  async prettyIndented(call) {
    const pod = await createPod(call);
    const res = await call('PUT', `${PODS}/${metaOf(pod).name}/status?pretty=true`, { body: withStatus(pod, { phase: 'Running' }) });
    return res.text.startsWith('{\n');
  },
  async dryRunStored(call) {
    const pod = await createPod(call);
    const res = await call('PUT', `${PODS}/${metaOf(pod).name}/status?dryRun=All`, { body: withStatus(pod, { phase: 'Running' }) });
    return [get(res.json, 'status.phase'), get((await call('GET', `${PODS}/${metaOf(pod).name}`)).json, 'status.phase')];
  },
  async dryRunBadValue(call) {
    const pod = await createPod(call);
    return (await call('PUT', `${PODS}/${metaOf(pod).name}/status?dryRun=Yes`, { body: withStatus(pod, { phase: 'Running' }) })).status;
  },
  async unknownFieldStrict(call) {
    const name = await podName(call);
    return (await call('PATCH', `${PODS}/${name}?fieldValidation=Strict`, { body: { spec: { vouchUnknown: 1 } }, type: MERGE })).status;
  },
  async unknownFieldWarning(call) {
    const name = await podName(call);
    return (await call('PATCH', `${PODS}/${name}`, { body: { spec: { vouchUnknown: 1 } }, type: MERGE })).headers.get('warning');
  },
  async fieldManagerNamed(call) {
    const pod = await createPod(call, unique('fm'));
    const res = await call('POST', `${PODS}?fieldManager=probe-manager`, { body: { ...pod, metadata: { name: unique('fm') } } });
    return managers(res.json).includes('probe-manager');
  },
  async applyWithoutManager(call) {
    const name = await podName(call);
    return (await call('PATCH', `${PODS}/${name}`, { body: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n`, type: 'application/apply-patch+yaml' }))
      .status;
  },
  async forceOnMergePatch(call) {
    const name = await podName(call);
    return (await call('PATCH', `${PODS}/${name}?force=true`, { body: { metadata: { labels: { f: 'x' } } }, type: MERGE })).status;
  },
  async jobStatusSpec(call) {
    const job = await createJob(call);
    const sent = withStatus(structuredClone(job), { active: 1 });
    (sent['spec'] as Record<string, unknown>)['parallelism'] = 3;
    await call('PUT', `${JOBS}/${metaOf(job).name}/status`, { body: sent });
    return get((await call('GET', `${JOBS}/${metaOf(job).name}/status`)).json, 'spec.parallelism');
  },
  async jobStatusConflict(call) {
    const job = await createJob(call);
    await call('PUT', `${JOBS}/${metaOf(job).name}/status`, { body: withStatus(job, { active: 1 }) });
    return (await call('PUT', `${JOBS}/${metaOf(job).name}/status`, { body: withStatus(job, { active: 2 }) })).status;
  },
  async podContainerRenamed(call) {
    const pod = await createPod(call);
    const sent = structuredClone(pod);
    (get(sent, 'spec.containers[0]') as Record<string, unknown>)['name'] = 'renamed';
    return (await call('PUT', `${PODS}/${metaOf(pod).name}`, { body: sent })).status;
  },
  async podPatchIdentity(call) {
    const name = await podName(call);
    const renamed = await call('PATCH', `${PODS}/${name}`, { body: [{ op: 'replace', path: '/metadata/name', value: `${name}-x` }], type: JSON_PATCH });
    const reuid = await call('PATCH', `${PODS}/${name}`, {
      body: [{ op: 'replace', path: '/metadata/uid', value: '0b1c2d3e-0000-4000-8000-00000000abcd' }],
      type: JSON_PATCH,
    });
    return [renamed.status, reuid.status];
  },
  async podStatusNameMismatch(call) {
    const pod = await createPod(call);
    const sent = withStatus(structuredClone(pod), { phase: 'Running' });
    (sent['metadata'] as Record<string, unknown>)['name'] = unique('other');
    return (await call('PUT', `${PODS}/${metaOf(pod).name}/status`, { body: sent })).status;
  },
  async malformedJsonPatch(call) {
    const name = await podName(call);
    return (await call('PATCH', `${PODS}/${name}`, { body: '[{"op": "replace", "path": ', type: JSON_PATCH })).status;
  },
  async missingPodPatch(call) {
    return (await call('PATCH', `${PODS}/${unique('missing')}`, { body: { metadata: { labels: { a: 'b' } } }, type: MERGE })).status;
  },
  async missingNamespaceStatus(call) {
    const path = `/api/v1/namespaces/${unique('no-ns')}/pods/p1/status`;
    return (await call('PUT', path, { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1' }, status: { phase: 'Running' } } })).status;
  },
  async podContentType(call) {
    const name = await podName(call);
    return (await call('GET', `${PODS}/${name}`)).headers.get('content-type');
  },
  async anonymous(call) {
    const res = await call('GET', `${PODS}/${unique('anon')}`, { token: '' });
    return [res.status, res.headers.get('content-type'), get(res.json, 'kind') ?? 'not a Status'];
  },
};

/** What the conformant server answers to each probe (as a real API server would). */
export const K8S_BASELINE: Record<string, unknown> = {
  prettyIndented: true,
  dryRunStored: ['Running', 'Pending'],
  dryRunBadValue: 422,
  unknownFieldStrict: 422,
  unknownFieldWarning: '299 - "unknown field \\"spec.vouchUnknown\\""',
  fieldManagerNamed: true,
  applyWithoutManager: 422,
  forceOnMergePatch: 422,
  jobStatusSpec: 1,
  jobStatusConflict: 409,
  podContainerRenamed: 422,
  podPatchIdentity: [400, 422],
  podStatusNameMismatch: 400,
  malformedJsonPatch: 400,
  missingPodPatch: 404,
  missingNamespaceStatus: 404,
  podContentType: 'application/json',
  anonymous: [401, 'application/json', 'Status'],
};

/** The probes each profile of profiles-k8s.ts must change (probes of profiles.test.ts included); all others stay. */
export const K8S_TARGETS: Record<string, string[]> = {
  'pretty-ignored': ['prettyIndented'],
  'dry-run-stored': ['dryRunStored'],
  'dry-run-any-value': ['dryRunBadValue'],
  'field-validation-strict-ignored': ['unknownFieldStrict'],
  'unknown-field-no-warning': ['unknownFieldWarning'],
  'field-manager-ignored': ['fieldManagerNamed'],
  'apply-without-field-manager': ['applyWithoutManager'],
  'force-outside-apply': ['forceOnMergePatch'],
  'job-status-applies-spec': ['jobStatusSpec'],
  'job-status-no-conflict': ['jobStatusConflict'],
  'pod-immutability-restart-policy-only': ['podContainerRenamed'],
  'pod-patch-identity-changed': ['podPatchIdentity'],
  'name-mismatch-accepted': ['podStatusNameMismatch'],
  'malformed-patch-500': ['malformedJsonPatch'],
  'missing-object-empty': ['missingPodPatch', 'missingNamespaceStatus', 'job404'],
  'content-type-not-json': ['podContentType', 'pod404', 'anonymous'],
  'unauthorized-not-status': ['anonymous'],
};
