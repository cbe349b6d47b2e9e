// The conformant behaviour of the reference server as a set of small decision points (hooks). A deviation profile
// (profiles.ts) replaces one hook to break one documented behaviour; a faithful variant (variants.ts) replaces some
// to describe another real configuration.

import type { Reply } from './http.js';
import { isObject, type Json, type JsonObject } from './json.js';
import type { AdmissionPlugin } from './k8s/defaults.js';
import type { FieldValidation } from './k8s/request.js';
import { scStatusConformant, type ScStatusHooks } from './selfcommunity/status-hooks.js';

/** An API's name as the table of APIs (apis.ts) registers it: `kubernetes`, `selfcommunity`, or one added there. */
export type Api = string;
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
  /** Whether a write to the status subresource applies the metadata field it sends (real servers: all but
   *  ownerReferences, which the pods/status strategy keeps because old kubelets corrupted them). */
  statusWriteApplies(route: Route, metadataKey: string): boolean;
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
  statusWriteApplies: (_route, key) => key !== 'ownerReferences',
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

export function mapBody(reply: Reply, change: (body: JsonObject) => JsonObject): Reply {
  return isObject(reply.body) ? { ...reply, body: change(reply.body) } : reply;
}
