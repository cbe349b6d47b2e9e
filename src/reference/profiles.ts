// Deviation profiles: the conformant behaviour as a set of small hooks, and a table of profiles that each
// replace one hook to break exactly one documented behaviour (how Vouch's own tests show a suite catches defects).

import type { Reply } from './http.js';
import { isObject, type Json, type JsonObject } from './json.js';
import type { AdmissionPlugin } from './k8s/defaults.js';
import { JOB_RULE_PROFILES } from './profiles-jobs.js';
import type { FieldValidation } from './k8s/request.js';
import { K8S_PROFILES } from './profiles-k8s.js';
import { SC_PROFILES } from './profiles-sc.js';
import { scStatusConformant, type ScStatusHooks } from './selfcommunity/status-hooks.js';

export type Api = 'kubernetes' | 'selfcommunity';
export type Verb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'other';

/** What a request addresses, as the hooks see it. */
export interface Route {
  api: Api;
  resource: string;
  subresource?: 'status';
  verb: Verb;
}

/** The decision points a profile may change. Each default below is what a real server does. */
export interface Hooks extends ScStatusHooks {
  /** Last look at a response before it is written. */
  respond(route: Route, reply: Reply): Reply;
  /** Whether a resourceVersion sent on an update matches the stored one (else 409). */
  versionMatches(route: Route, sent: string, stored: string): boolean;
  /** Whether an accepted write is stored. */
  persists(route: Route): boolean;
  /** The spec a write to the status subresource keeps (real servers: the stored one). */
  statusWriteSpec(route: Route, stored: Json | undefined, sent: Json | undefined): Json | undefined;
  /** The object a PATCH stores, given the stored object and the validated patch result. */
  patched(route: Route, stored: JsonObject, patched: JsonObject): JsonObject;
  /** Whether the pod spec immutability rule (422) is enforced. */
  enforcesPodImmutability(route: Route): boolean;
  /** What a GET returns, given the current object and the one before its last write. */
  read(route: Route, current: JsonObject, previous: JsonObject | undefined): JsonObject;
  /** Whether job status writes are validated (422 on negative counters etc.). */
  validatesJobStatus(route: Route): boolean;
  /** Whether one job status rule (its id, JS-01..JS-26, as in k8s/job-status.ts) is enforced. */
  enforcesJobStatusRule(route: Route, rule: string): boolean;
  /** Whether a write sent with ?dryRun=All is stored anyway (real servers never store it). */
  storesDryRun(route: Route): boolean;
  /** Whether a ?dryRun value is accepted (real servers: only `All`; anything else is 422). */
  acceptsDryRun(route: Route, value: string): boolean;
  /** The field validation applied when the request asks for `requested` (Warn when it asks for none). */
  fieldValidation(route: Route, requested: FieldValidation): FieldValidation;
  /** Whether ?fieldManager names the manager in managedFields (else the User-Agent does). */
  honoursFieldManager(route: Route): boolean;
  /** Whether a PatchOptions rule is enforced: fieldManager required for apply, force only for apply. */
  checksPatchOption(route: Route, option: 'fieldManager' | 'force'): boolean;
  /** Whether an update may change a top-level pod spec field outside the documented list (real servers: never). */
  mayChangePodSpecField(route: Route, field: string): boolean;
  /** Whether an update's body must name the object of the URL (400) and keep its uid (422 on a patch). */
  checksObjectIdentity(route: Route): boolean;
  /** The code and reason of the answer to a patch body that cannot be decoded (400 BadRequest). */
  undecodablePatch(route: Route): { code: number; reason: string };
  /** Whether a request about a missing object (or one in a missing namespace) answers 404 (else 200 and `{}`). */
  answersNotFound(route: Route, missing: 'object' | 'namespace'): boolean;
  /** Whether a Kubernetes request without credentials is served as system:anonymous (403 from RBAC, not 401). */
  anonymousAuth(): boolean;
  /** Whether a SelfCommunity user may change or delete a status. */
  mayModify(route: Route, userId: number, authorId: number): boolean;
  /** Whether a SelfCommunity write without credentials goes on as if sent by the creator. */
  acceptsAnonymous(route: Route): boolean;
  /** The text a status edit stores, given the stored text and the one sent. */
  editedText(route: Route, stored: string, sent: string): string;
  // The decision points a faithful variant (variants.ts) may change: still conformant, but not the default.
  /** Whether a Kubernetes admission plugin runs on pods. */
  admits(plugin: AdmissionPlugin): boolean;
  /** How the server renders its resourceVersion counter (opaque strings on real servers). */
  resourceVersion(counter: number): string;
  /** The reply as this server configuration shapes it, before a deviation profile's `respond`. */
  shape(route: Route, reply: Reply): Reply;
  /** The JSON text of a body, or undefined for the API's usual serialisation. */
  serialize(route: Route, body: Json, pretty: boolean): string | undefined;
  /** What a mutating admission webhook changes in an object being created. */
  webhook(route: Route, object: JsonObject): void;
  /** The id of the first SelfCommunity status (a database sequence need not start at 1). */
  firstStatusId(): number;
  /** Whether the community's categories nest: a subcategory listed first, its parent added to a status filed under it. */
  nestedCategories(route: Route): boolean;
  /** How long after a namespace the controller manager creates its `default` service account. */
  serviceAccountDelayMs(): number;
}

export const conformant: Hooks = {
  ...scStatusConformant,
  respond: (_route, reply) => reply,
  versionMatches: (_route, sent, stored) => sent === stored,
  persists: () => true,
  statusWriteSpec: (_route, stored) => stored,
  patched: (_route, _stored, patched) => patched,
  enforcesPodImmutability: () => true,
  read: (_route, current) => current,
  validatesJobStatus: () => true,
  enforcesJobStatusRule: () => true,
  mayModify: (_route, userId, authorId) => userId === authorId,
  acceptsAnonymous: () => false,
  editedText: (_route, _stored, sent) => sent,
  storesDryRun: () => false,
  acceptsDryRun: (_route, value) => value === 'All',
  fieldValidation: (_route, requested) => requested,
  honoursFieldManager: () => true,
  checksPatchOption: () => true,
  mayChangePodSpecField: () => false,
  checksObjectIdentity: () => true,
  undecodablePatch: () => ({ code: 400, reason: 'BadRequest' }),
  answersNotFound: () => true,
  anonymousAuth: () => false,
  admits: (plugin) => plugin !== 'PodSecurityRestricted',
  resourceVersion: (counter) => String(counter),
  shape: (_route, reply) => reply,
  serialize: () => undefined,
  webhook: () => undefined,
  firstStatusId: () => 1,
  nestedCategories: () => false,
  serviceAccountDelayMs: () => 150,
};

export interface Profile {
  name: string;
  operation: string;
  description: string;
  hooks: Partial<Hooks>;
}

function matches(route: Route, resource: string, verbs: Verb[], subresource?: 'status'): boolean {
  return route.resource === resource && route.subresource === subresource && verbs.includes(route.verb);
}

const POD_STATUS = 'PUT /api/v1/namespaces/{namespace}/pods/{name}/status';
const POD_PATCH = 'PATCH /api/v1/namespaces/{namespace}/pods/{name}';
const JOB_STATUS = 'GET/PUT/PATCH /apis/batch/v1/namespaces/{namespace}/jobs/{name}/status';
const SC_STATUS = 'PUT /api/v2/status/{id}/';

function withStatus(reply: Reply, status: number, reason?: string): Reply {
  const body = isObject(reply.body) && reason ? { ...reply.body, reason, code: status } : reply.body;
  return { ...reply, status, body };
}

export function mapBody(reply: Reply, change: (body: JsonObject) => JsonObject): Reply {
  return isObject(reply.body) ? { ...reply, body: change(reply.body) } : reply;
}

function withoutKey(body: JsonObject, key: string): JsonObject {
  const { [key]: _dropped, ...rest } = body;
  return rest;
}

const CORE_PROFILES: Profile[] = [
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
      respond: (r, reply) =>
        matches(r, 'jobs', ['get', 'update', 'patch'], 'status') && reply.status < 300 ? mapBody(reply, activeAsString) : reply,
    },
  },
  {
    name: 'pod-missing-kind',
    operation: 'every Pod response (GET, PUT, PATCH of pods and pods/status)',
    description: 'omits the required "kind" field from Pod objects in responses',
    hooks: {
      respond: (r, reply) =>
        r.api === 'kubernetes' && r.resource === 'pods' && isObject(reply.body) && reply.body['kind'] === 'Pod'
          ? mapBody(reply, (b) => withoutKey(b, 'kind'))
          : reply,
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
  {
    name: 'status-non-owner-allowed',
    operation: SC_STATUS,
    description: 'lets a user who is not the creator update a status (200 instead of 403)',
    hooks: { mayModify: (r, userId, authorId) => r.verb === 'update' || userId === authorId },
  },
  {
    name: 'status-no-auth',
    operation: SC_STATUS,
    description: 'accepts a status update sent without credentials (200 instead of 401)',
    hooks: { acceptsAnonymous: (r) => r.verb === 'update' },
  },
  {
    name: 'status-html-not-updated',
    operation: SC_STATUS,
    description: 'answers a status update with 200 but keeps the old text (html and summary unchanged)',
    hooks: { editedText: (_r, stored) => stored },
  },
  {
    name: 'status-missing-field',
    operation: 'every SelfCommunity Status response (POST, GET, PUT)',
    description: 'omits the documented "author" field from Status objects',
    hooks: { respond: (r, reply) => mapStatusObjects(r, reply, (s) => withoutKey(s, 'author')) },
  },
  {
    name: 'status-bad-types',
    operation: 'every SelfCommunity Status response (POST, GET, PUT)',
    description: 'serialises the Status "id" as a string instead of an integer',
    hooks: { respond: (r, reply) => mapStatusObjects(r, reply, (s) => ({ ...s, id: String(s['id']) })) },
  },
  ...K8S_PROFILES,
  ...SC_PROFILES,
];

export const PROFILES: Profile[] = [...CORE_PROFILES, ...JOB_RULE_PROFILES];

function activeAsString(job: JsonObject): JsonObject {
  const status = job['status'];
  if (!isObject(status) || typeof status['active'] !== 'number') return job;
  return { ...job, status: { ...status, active: String(status['active']) } };
}

export function mapStatusObjects(route: Route, reply: Reply, change: (status: JsonObject) => JsonObject): Reply {
  if (route.api !== 'selfcommunity' || route.resource !== 'status' || reply.status >= 300) return reply;
  return mapBody(reply, (body) => {
    const results = body['results'];
    if (Array.isArray(results)) return { ...body, results: results.map((s) => (isObject(s) ? change(s) : s)) };
    return body['type'] === 'status' ? change(body) : body;
  });
}

export interface ResolvedProfile {
  name?: string;
  /** Only the hooks the profile breaks; the rest come from the server configuration (variants.ts). */
  hooks: Partial<Hooks>;
}

/** The hooks of a named profile (none when no name). Throws on an unknown name, listing the valid ones. */
export function resolveProfile(name?: string): ResolvedProfile {
  if (name === undefined || name === '' || name === 'conformant') return { hooks: {} };
  const profile = PROFILES.find((p) => p.name === name);
  if (!profile) {
    throw new Error(`unknown profile "${name}"; valid profiles: ${PROFILES.map((p) => p.name).join(', ')}`);
  }
  return { name: profile.name, hooks: profile.hooks };
}
