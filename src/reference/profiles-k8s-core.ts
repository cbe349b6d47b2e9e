// The first deviation profiles of the Kubernetes API (issue 3): each replaces one hook (hooks.ts) so that exactly
// one documented behaviour of pod status, pod PATCH, job status, Pod objects or 404 errors breaks.

import { conformant, mapBody, type Profile, type Route, type Verb } from './hooks.js';
import type { Reply } from './http.js';
import { isObject, type JsonObject } from './json.js';

function matches(route: Route, resource: string, verbs: Verb[], subresource?: 'status'): boolean {
  return route.api === 'kubernetes' && route.resource === resource && route.subresource === subresource && verbs.includes(route.verb);
}

const POD_STATUS = 'PUT /api/v1/namespaces/{namespace}/pods/{name}/status';
const POD_PATCH = 'PATCH /api/v1/namespaces/{namespace}/pods/{name}';
const JOB_STATUS = 'GET/PUT/PATCH /apis/batch/v1/namespaces/{namespace}/jobs/{name}/status';

function withStatus(reply: Reply, status: number, reason?: string): Reply {
  const body = isObject(reply.body) && reason ? { ...reply.body, reason, code: status } : reply.body;
  return { ...reply, status, body };
}

function withoutKind(body: JsonObject): JsonObject {
  const { kind: _dropped, ...rest } = body;
  return rest;
}

function activeAsString(job: JsonObject): JsonObject {
  const status = job['status'];
  if (!isObject(status) || typeof status['active'] !== 'number') return job;
  return { ...job, status: { ...status, active: String(status['active']) } };
}

export const K8S_CORE_PROFILES: Profile[] = [
  {
    name: 'pod-status-wrong-code',
    operation: POD_STATUS,
    description: 'answers a successful replace of pod status with 201 Created instead of 200 OK',
    hooks: {
      respond: (r, reply) => (matches(r, 'pods', ['update'], 'status') && reply.status === 200 ? withStatus(reply, 201) : reply),
    },
  },
  {
    name: 'pod-status-not-stored',
    operation: POD_STATUS,
    description: 'returns the new pod status but does not store it: a later GET shows the old status',
    hooks: { persists: (r) => !matches(r, 'pods', ['update'], 'status') },
  },
  {
    name: 'pod-status-applies-spec',
    operation: POD_STATUS,
    description: 'applies spec changes sent to /status (a real server keeps the stored spec there)',
    hooks: {
      statusWriteSpec: (r, stored, sent) => (matches(r, 'pods', ['update'], 'status') && sent !== undefined ? sent : stored),
    },
  },
  {
    name: 'pod-status-drops-labels',
    operation: POD_STATUS,
    description: 'keeps the stored labels on a write to /status (a real server applies the labels and annotations sent there)',
    hooks: {
      statusWriteApplies: (r, key) => conformant.statusWriteApplies(r, key) && !(matches(r, 'pods', ['update'], 'status') && key === 'labels'),
    },
  },
  {
    name: 'pod-status-no-conflict',
    operation: POD_STATUS,
    description: 'accepts a stale metadata.resourceVersion on replace of pod status instead of 409 Conflict',
    hooks: { versionMatches: (r, sent, stored) => matches(r, 'pods', ['update'], 'status') || sent === stored },
  },
  {
    name: 'pod-patch-ignored',
    operation: POD_PATCH,
    description: 'acknowledges a pod PATCH with 200 and the unchanged pod: the patch is not applied',
    hooks: { patched: (r, stored, patched) => (matches(r, 'pods', ['patch']) ? stored : patched) },
  },
  {
    name: 'pod-patch-no-immutability',
    operation: POD_PATCH,
    description: 'accepts a PATCH that changes immutable pod spec fields instead of 422 Invalid',
    hooks: { enforcesPodImmutability: (r) => !matches(r, 'pods', ['patch']) },
  },
  {
    name: 'pod-patch-wrong-415',
    operation: POD_PATCH,
    description: 'answers a PATCH with an unsupported Content-Type with 400 BadRequest instead of 415',
    hooks: {
      respond: (r, reply) => (matches(r, 'pods', ['patch']) && reply.status === 415 ? withStatus(reply, 400, 'BadRequest') : reply),
    },
  },
  {
    name: 'job-status-stale-get',
    operation: JOB_STATUS,
    description: 'GET of job status returns the job as it was before its last write',
    hooks: { read: (r, current, previous) => (matches(r, 'jobs', ['get'], 'status') ? (previous ?? current) : current) },
  },
  {
    name: 'job-status-no-validation',
    operation: JOB_STATUS,
    description: 'stores invalid job status (negative counters, completionTime without Complete=True) instead of 422',
    hooks: { validatesJobStatus: () => false },
  },
  {
    name: 'job-status-wrong-type',
    operation: JOB_STATUS,
    description: 'serialises status.active as a string ("1") in responses of the job status endpoints',
    hooks: {
      respond: (r, reply) => (matches(r, 'jobs', ['get', 'update', 'patch'], 'status') && reply.status < 300 ? mapBody(reply, activeAsString) : reply),
    },
  },
  {
    name: 'pod-missing-kind',
    operation: 'every Pod response (GET, PUT, PATCH of pods and pods/status)',
    description: 'omits the required "kind" field from Pod objects in responses',
    hooks: {
      respond: (r, reply) =>
        r.api === 'kubernetes' && r.resource === 'pods' && isObject(reply.body) && reply.body['kind'] === 'Pod' ? mapBody(reply, withoutKind) : reply,
    },
  },
  {
    name: 'error-not-status',
    operation: 'Kubernetes errors: 404 Not Found',
    description: 'answers 404 with a plain-text body instead of a kind: Status object',
    hooks: {
      respond: (r, reply) =>
        r.api === 'kubernetes' && reply.status === 404
          ? { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, raw: '404 page not found\n' }
          : reply,
    },
  },
];
