// Kubernetes `kind: Status` error bodies with the reasons, messages and details real API servers send
// (apimachinery's errors.go), and the field errors that make up a 422 Invalid.

import type { Reply } from '../http.js';
import type { Json, JsonObject } from '../json.js';

/** The resource a request is about, as errors name it: `pods`, or `jobs` in group `batch`. */
export interface ResourceName {
  resource: string;
  group: string;
  kind: string;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: JsonObject,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toReply(): Reply {
    const body: JsonObject = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message };
    if (this.reason) body['reason'] = this.reason;
    if (this.details) body['details'] = this.details;
    body['code'] = this.code;
    return { status: this.code, headers: { ...this.headers }, body };
  }
}

/** Not an error: a reply a handler deep in the call chain gives instead of going on (a deviation profile's answer). */
export class Answer extends Error {
  constructor(readonly reply: Reply) {
    super(`answered ${reply.status}`);
  }
}

function qualified(r: ResourceName): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

function details(name: string, r: ResourceName, kind = r.resource): JsonObject {
  const out: JsonObject = {};
  if (name) out['name'] = name;
  if (r.group) out['group'] = r.group;
  out['kind'] = kind;
  return out;
}

export function notFound(r: ResourceName, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualified(r)} "${name}" not found`, details(name, r));
}

export function alreadyExists(r: ResourceName, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, details(name, r));
}

export function conflict(r: ResourceName, name: string): StatusError {
  const message =
    `Operation cannot be fulfilled on ${qualified(r)} "${name}": the object has been modified; ` +
    'please apply your changes to the latest version and try again';
  return new StatusError(409, 'Conflict', message, details(name, r));
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function unauthorized(): StatusError {
  return new StatusError(401, 'Unauthorized', 'Unauthorized', undefined, { 'cache-control': 'no-cache, private' });
}

/** What RBAC denies the user an anonymous request is served as (anonymous auth on): a verb on a resource or a path. */
export interface Denied {
  verb: string;
  resource?: ResourceName;
  subresource?: string;
  namespace?: string;
  name?: string;
  path: string;
}

/** 403 for system:anonymous, in the authorization filter's words (responsewriters.Forbidden). */
export function anonymousForbidden(d: Denied): StatusError {
  const user = 'User "system:anonymous"';
  if (!d.resource) return new StatusError(403, 'Forbidden', `forbidden: ${user} cannot ${d.verb} path "${d.path}"`, {});
  const resource = d.subresource ? `${d.resource.resource}/${d.subresource}` : d.resource.resource;
  const where = d.namespace ? ` in the namespace "${d.namespace}"` : '';
  const reason = `${user} cannot ${d.verb} resource "${resource}" in API group "${d.resource.group}"${where}`;
  const subject = d.name ? `${qualified(d.resource)} "${d.name}"` : qualified(d.resource);
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${reason}`, details(d.name ?? '', d.resource));
}

export function unsupportedMediaType(accepted: string[]): StatusError {
  const message = `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
  return new StatusError(415, 'UnsupportedMediaType', message);
}

export function methodNotAllowed(): StatusError {
  return new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

export function resourceNotFound(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 422 from a JSON patch that decodes but cannot be applied: the json-patch error text is dropped. */
export function genericInvalid(): StatusError {
  return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

export type FieldErrorType = 'Invalid' | 'Required' | 'Forbidden' | 'NotSupported' | 'Duplicate';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The bad value; `omit` leaves it out of the message as field.OmitValueType does. */
  value?: Json | { time: string } | 'omit';
  detail?: string;
  supported?: string[];
}

const CAUSE_REASON: Record<FieldErrorType, string> = {
  Invalid: 'FieldValueInvalid',
  Required: 'FieldValueRequired',
  Forbidden: 'FieldValueForbidden',
  NotSupported: 'FieldValueNotSupported',
  Duplicate: 'FieldValueDuplicate',
};

const TYPE_TEXT: Record<FieldErrorType, string> = {
  Invalid: 'Invalid value',
  Required: 'Required value',
  Forbidden: 'Forbidden',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
};

/** Go's time.Time String() form, which apimachinery quotes for metav1.Time values. */
function goTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

function renderValue(value: FieldError['value']): string {
  if (value === 'omit') return '';
  if (value === undefined || value === null) return ': null';
  if (typeof value === 'string') return `: ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `: ${value}`;
  if (!Array.isArray(value) && typeof value['time'] === 'string' && Object.keys(value).length === 1) {
    return `: ${JSON.stringify(goTime(value['time']))}`;
  }
  return `: ${JSON.stringify(value)}`;
}

/** The error text without the field, as apimachinery's ErrorBody renders it. */
export function errorBody(e: FieldError): string {
  let text = TYPE_TEXT[e.type];
  if (e.type === 'Invalid' || e.type === 'NotSupported' || e.type === 'Duplicate') text += renderValue(e.value);
  if (e.type === 'NotSupported' && e.supported) {
    text += `: supported values: ${e.supported.map((s) => JSON.stringify(s)).join(', ')}`;
  }
  if (e.detail) text += `: ${e.detail}`;
  return text;
}

/** 422 Invalid: `<Kind[.group]> "<name>" is invalid: <errors>`, with one cause per field error. */
export function invalid(r: ResourceName, name: string, errors: FieldError[]): StatusError {
  const texts = errors.map((e) => `${e.field}: ${errorBody(e)}`);
  const joined = texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
  const kind = r.group ? `${r.kind}.${r.group}` : r.kind;
  const causes: Json[] = errors.map((e) => ({ reason: CAUSE_REASON[e.type], message: errorBody(e), field: e.field }));
  const d = details(name, r, r.kind);
  d['causes'] = causes;
  return new StatusError(422, 'Invalid', `${kind} "${name}" is invalid: ${joined}`, d);
}

/**
 * 422 for a patch whose result the strict decoder refuses: patch.go wraps the error in an Invalid on field `patch`
 * with an empty kind and name (`"" is invalid: patch: Invalid value: "<patched object>": strict decoding error: ...`).
 */
export function invalidPatch(patched: string, detail: string): StatusError {
  const error: FieldError = { type: 'Invalid', field: 'patch', value: patched, detail };
  const message = ` "" is invalid: patch: ${errorBody(error)}`;
  return new StatusError(422, 'Invalid', message, { causes: [{ reason: CAUSE_REASON.Invalid, message: errorBody(error), field: 'patch' }] });
}

/** 422 on the request options (`PatchOptions.meta.k8s.io "" is invalid: ...`). */
export function invalidOptions(optionsKind: string, errors: FieldError[]): StatusError {
  return invalid({ resource: '', group: 'meta.k8s.io', kind: optionsKind }, '', errors);
}
