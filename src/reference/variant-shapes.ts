// The reply transformations the faithful variants use: how a differently configured real server shapes the same
// objects (Go's omitempty, other error texts, nulls, hidden counters, another time zone, more fields).

import type { Reply } from './http.js';
import { isObject, type Json, type JsonObject } from './json.js';
import { mapBody, type Route } from './hooks.js';

/** Applies `change` to every Kubernetes object of a reply: the body, or each item of a list. */
export function mapK8sObjects(route: Route, reply: Reply, change: (object: JsonObject) => JsonObject): Reply {
  if (route.api !== 'kubernetes' || reply.body === undefined) return reply;
  return mapBody(reply, (body) => {
    const items = body['items'];
    if (Array.isArray(items)) return { ...body, items: items.map((i) => (isObject(i) ? change(i) : i)) };
    return change(body);
  });
}

/**
 * Go pointer fields (kept when 0 or false) and plain fields without omitempty (always sent), by key, for the
 * Pod, Job and Status types the server serves. Every other zero scalar is left out, as encoding/json does.
 */
const KEEP_ZERO = new Set([
  'ready',
  'terminating',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'parallelism',
  'completions',
  'backoffLimit',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'ttlSecondsAfterFinished',
  'suspend',
  'manualSelector',
  'priority',
  'enableServiceLinks',
  'automountServiceAccountToken',
  'tolerationSeconds',
  'defaultMode',
  'expirationSeconds',
  'deletionGracePeriodSeconds',
  'runAsNonRoot',
  'runAsUser',
  'runAsGroup',
  'privileged',
  'allowPrivilegeEscalation',
  'readOnlyRootFilesystem',
  'restartCount',
  'exitCode',
  'containerPort',
  'status',
  'type',
]);

/** encoding/json with omitempty: zero scalars (0, "", false) of non-pointer fields are not sent. */
export function omitEmpty(value: Json): Json {
  if (Array.isArray(value)) return value.map(omitEmpty);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if ((v === 0 || v === '' || v === false) && !KEEP_ZERO.has(k)) continue;
    out[k] = omitEmpty(v);
  }
  return out;
}

/** Serialises with every object's keys in alphabetical order, indented: a non-Go server's writer. */
export function sortedJson(body: Json, indent: number): string {
  const sort = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(sort);
    if (!isObject(v)) return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sort(v[k]!)]),
    );
  };
  return JSON.stringify(sort(body), null, indent);
}

const OLD_IMMUTABLE =
  'pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, ' +
  '`spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or ' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** Error texts as a server of another minor version words them (the machine-readable fields are the same). */
export function olderErrorTexts(body: JsonObject): JsonObject {
  if (body['kind'] !== 'Status') return body;
  const reword = (text: Json | undefined): Json | undefined => {
    if (typeof text !== 'string') return text;
    return text
      .replace(/pod updates may not change fields other than [^\n]*/, OLD_IMMUTABLE)
      .replace(/accepted media types include: (.*)$/, (_m, list: string) => `accepted media types include: ${list.split(', ').reverse().join(', ')}`);
  };
  const out: JsonObject = { ...body, message: reword(body['message']) ?? '' };
  const details = body['details'];
  if (isObject(details) && Array.isArray(details['causes'])) {
    out['details'] = { ...details, causes: details['causes'].map((c) => (isObject(c) ? { ...c, message: reword(c['message']) ?? '' } : c)) };
  }
  return out;
}

/** Applies `change` to every SelfCommunity object of a reply that has the given key (statuses, lists of them). */
export function mapScObjects(route: Route, reply: Reply, change: (object: JsonObject) => JsonObject): Reply {
  if (route.api !== 'selfcommunity' || reply.status >= 300) return reply;
  return mapBody(reply, (body) => {
    const results = body['results'];
    if (Array.isArray(results)) return { ...body, results: results.map((s) => (isObject(s) ? change(s) : s)) };
    return change(body);
  });
}

/** Runs `change` on the author and each category of a Status, or on a Category or User object itself. */
export function mapNested(object: JsonObject, change: { user?: (u: JsonObject) => JsonObject; category?: (c: JsonObject) => JsonObject }): JsonObject {
  const out: JsonObject = { ...object };
  if (isObject(out['author']) && change.user) out['author'] = change.user(out['author']);
  if (Array.isArray(out['categories']) && change.category)
    out['categories'] = out['categories'].map((c) => (isObject(c) && change.category ? change.category(c) : c));
  if (out['type'] === undefined && 'slug' in out && 'auto_follow' in out && change.category) return change.category(out);
  if ('username' in out && change.user) return change.user(out);
  return out;
}

export function withNulls(object: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = { ...object };
  for (const k of keys) if (k in out) out[k] = null;
  return out;
}

/** DRF with TIME_ZONE set and USE_TZ on renders local time with its offset: the same instant, another text. */
export function inTimeZone(value: Json, offsetHours: number): Json {
  if (Array.isArray(value)) return value.map((v) => inTimeZone(v, offsetHours));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inTimeZone(v, offsetHours)]));
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) return value;
  const fraction = /\.(\d+)Z$/.exec(value)?.[1];
  const local = new Date(Date.parse(value) + offsetHours * 3_600_000).toISOString().slice(0, 19);
  const sign = offsetHours >= 0 ? '+' : '-';
  return `${local}${fraction ? `.${fraction}` : ''}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
}

const DRF_CODES: Record<number, string> = {
  400: 'invalid',
  401: 'not_authenticated',
  403: 'permission_denied',
  404: 'not_found',
  405: 'method_not_allowed',
  415: 'unsupported_media_type',
};

/** SelfCommunity's own error format (`{"errors": [...]}`, as its SDK reads it) instead of DRF's default. */
export function errorsList(route: Route, reply: Reply): Reply {
  if (route.api !== 'selfcommunity' || reply.status < 400 || !isObject(reply.body)) return reply;
  const body = reply.body;
  if (typeof body['detail'] === 'string') return { ...reply, body: { errors: [{ code: DRF_CODES[reply.status] ?? 'error', message: body['detail'] }] } };
  const fields = Object.entries(body).map(([field, messages]) => ({
    field,
    messages: (Array.isArray(messages) ? messages : [messages]).map((m) => ({ code: 'invalid', message: String(m) })),
  }));
  return { ...reply, body: { errors: fields } };
}
