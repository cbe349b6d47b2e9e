// Deviation profiles for the Kubernetes query parameters, headers, identity and not-found rules (issue 18): each
// replaces one hook of the conformant server (hooks.ts) so that exactly one documented behaviour breaks.

import type { Reply } from './http.js';
import { isObject } from './json.js';
import type { Profile, Route } from './hooks.js';

const POD_STATUS = 'PUT /api/v1/namespaces/{namespace}/pods/{name}/status';
const POD_PATCH = 'PATCH /api/v1/namespaces/{namespace}/pods/{name}';
const JOB_STATUS = 'GET/PUT/PATCH /apis/batch/v1/namespaces/{namespace}/jobs/{name}/status';
const WRITES = 'every documented write (PUT pod status, PATCH pod, PUT/PATCH job status)';

function isPodPatch(route: Route): boolean {
  return route.resource === 'pods' && route.subresource === undefined && route.verb === 'patch';
}

function isJobStatusWrite(route: Route): boolean {
  return route.resource === 'jobs' && route.subresource === 'status' && route.verb === 'update';
}

/** Where `missing-object-empty` answers 200: the documented operations but the one 404 the suites checked before. */
function emptyWhenMissing(route: Route, missing: 'object' | 'namespace'): boolean {
  if (route.resource === 'jobs') return route.subresource === 'status';
  if (route.resource !== 'pods') return false;
  if (route.subresource === 'status') return route.verb === 'update' && missing === 'namespace';
  return route.verb === 'patch';
}

function compact(route: Route, body: unknown): string | undefined {
  return route.api === 'kubernetes' ? `${JSON.stringify(body)}\n` : undefined;
}

function plainTextContentType(route: Route, reply: Reply): Reply {
  if (route.api !== 'kubernetes' || reply.body === undefined) return reply;
  return { ...reply, headers: { ...reply.headers, 'content-type': 'text/plain; charset=utf-8' } };
}

function unauthorizedAsText(route: Route, reply: Reply): Reply {
  if (route.api !== 'kubernetes' || reply.status !== 401 || !isObject(reply.body)) return reply;
  return { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' }, raw: 'Unauthorized\n' };
}

export const K8S_PROFILES: Profile[] = [
  {
    name: 'pretty-ignored',
    operation: 'every Kubernetes answer (?pretty=true on pods, pods/status and jobs/status)',
    description: 'ignores ?pretty=true: every Kubernetes answer is compact JSON on one line',
    hooks: { serialize: (route, body) => compact(route, body) },
  },
  {
    name: 'dry-run-stored',
    operation: WRITES,
    description: 'stores a write sent with ?dryRun=All as if it were a normal write',
    hooks: { storesDryRun: () => true },
  },
  {
    name: 'dry-run-any-value',
    operation: WRITES,
    description: 'accepts any ?dryRun value (a dry run) instead of answering 422 to a value other than All',
    hooks: { acceptsDryRun: () => true },
  },
  {
    name: 'field-validation-strict-ignored',
    operation: POD_PATCH,
    description: 'treats ?fieldValidation=Strict as Warn: an unknown field is dropped with a warning instead of refused',
    hooks: { fieldValidation: (_route, requested) => (requested === 'Strict' ? 'Warn' : requested) },
  },
  {
    name: 'unknown-field-no-warning',
    operation: POD_PATCH,
    description: 'drops unknown fields silently under the default fieldValidation (Warn): no Warning header',
    hooks: { fieldValidation: (_route, requested) => (requested === 'Warn' ? 'Ignore' : requested) },
  },
  {
    name: 'field-manager-ignored',
    operation: POD_PATCH,
    description: "ignores ?fieldManager: managedFields name the client's User-Agent instead of the manager asked for",
    hooks: { honoursFieldManager: () => false },
  },
  {
    name: 'apply-without-field-manager',
    operation: POD_PATCH,
    description: 'accepts an apply patch without ?fieldManager instead of 422 (fieldManager is required for apply)',
    hooks: { checksPatchOption: (_route, option) => option !== 'fieldManager' },
  },
  {
    name: 'force-outside-apply',
    operation: POD_PATCH,
    description: 'accepts ?force on a patch that is not an apply patch instead of 422',
    hooks: { checksPatchOption: (_route, option) => option !== 'force' },
  },
  {
    name: 'job-status-applies-spec',
    operation: JOB_STATUS,
    description: 'applies spec changes sent to the job /status subresource (a real server keeps the stored spec there)',
    hooks: { statusWriteSpec: (route, stored, sent) => (route.resource === 'jobs' && sent !== undefined ? sent : stored) },
  },
  {
    name: 'job-status-no-conflict',
    operation: JOB_STATUS,
    description: 'accepts a stale metadata.resourceVersion on a replace of job status instead of 409 Conflict',
    hooks: { versionMatches: (route, sent, stored) => isJobStatusWrite(route) || sent === stored },
  },
  {
    name: 'pod-immutability-restart-policy-only',
    operation: POD_PATCH,
    description: 'enforces pod spec immutability for spec.restartPolicy only: container name and env, volumes and removed tolerations are accepted',
    hooks: { mayChangePodSpecField: (_route, field) => field !== 'restartPolicy' },
  },
  {
    name: 'pod-patch-identity-changed',
    operation: POD_PATCH,
    description: 'answers 200 to a patch that changes metadata.name or metadata.uid, keeping the stored ones, instead of 400 and 422',
    hooks: { checksObjectIdentity: (route) => !isPodPatch(route) },
  },
  {
    name: 'name-mismatch-accepted',
    operation: POD_STATUS,
    description: 'accepts a replace whose body names another object than the URL (the URL wins) instead of 400 BadRequest',
    hooks: { checksObjectIdentity: (route) => route.verb !== 'update' },
  },
  {
    name: 'malformed-patch-500',
    operation: POD_PATCH,
    description: 'answers a JSON patch that cannot be decoded with 500 InternalError, as servers before 2018 did, instead of 400',
    hooks: { undecodablePatch: () => ({ code: 500, reason: 'InternalError' }) },
  },
  {
    name: 'missing-object-empty',
    operation: `${POD_PATCH}; ${JOB_STATUS}; ${POD_STATUS} in a missing namespace`,
    description: 'answers 200 with an empty object for a missing pod or job, except on a replace of pod status in an existing namespace (404 only there)',
    hooks: { answersNotFound: (route, missing) => !emptyWhenMissing(route, missing) },
  },
  {
    name: 'content-type-not-json',
    operation: 'every Kubernetes JSON answer',
    description: 'labels its Kubernetes JSON answers Content-Type: text/plain; charset=utf-8',
    hooks: { respond: plainTextContentType },
  },
  {
    name: 'unauthorized-not-status',
    operation: 'Kubernetes errors: 401 Unauthorized',
    description: 'answers a request without credentials 401 with a plain-text body instead of a kind: Status object',
    hooks: { respond: unauthorizedAsText },
  },
];
