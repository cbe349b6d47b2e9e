// One Kubernetes request as the handlers see it, the write options read from its query (fieldManager,
// fieldValidation, dryRun), and turning its body into a decoded object with Warning headers or a 400.

import { parse as parseYaml } from 'yaml';
import { header, mediaType, type Incoming } from '../http.js';
import type { Json, JsonObject } from '../json.js';
import type { Hooks, Route } from '../hooks.js';
import { badRequest, invalidOptions, unsupportedMediaType, type FieldError } from './errors.js';
import { decodeObject, DecodeError } from './decode.js';
import type { KindSpec } from './kinds.js';
import type { Store } from './store.js';

export interface K8sRequest {
  incoming: Incoming;
  kind: KindSpec;
  /** '' for cluster-scoped kinds. */
  namespace: string;
  name?: string;
  subresource?: 'status';
  route: Route;
  hooks: Hooks;
  store: Store;
  /** Warning header values collected while handling the request. */
  warnings: string[];
}

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export interface WriteOptions {
  manager: string;
  validation: FieldValidation;
  dryRun: boolean;
}

const VALIDATIONS: FieldValidation[] = ['Ignore', 'Warn', 'Strict'];

function managerFromUserAgent(incoming: Incoming): string {
  const agent = (header(incoming, 'user-agent') ?? '')
    .split('/')[0]!
    .replace(/[^\x20-\x7e]/g, '')
    .slice(0, 128);
  return agent || 'unknown';
}

/**
 * The write options of a request; `optionsKind` names the options type in 422s (CreateOptions, PatchOptions...).
 * The server's hooks decide which dryRun values it takes, which validation it applies and whose manager it records.
 */
export function writeOptions(req: K8sRequest, optionsKind: string): WriteOptions {
  const { incoming, hooks, route } = req;
  const errors: FieldError[] = [];
  const manager = incoming.query.get('fieldManager');
  if (manager !== null && manager.length > 128) {
    errors.push({ type: 'Invalid', field: 'fieldManager', value: manager, detail: 'must be less than 128 characters' });
  }
  const validation = incoming.query.get('fieldValidation') ?? 'Warn';
  if (!VALIDATIONS.includes(validation as FieldValidation)) {
    errors.push({ type: 'NotSupported', field: 'fieldValidation', value: validation, supported: VALIDATIONS });
  }
  const dryRun = incoming.query.getAll('dryRun');
  const refused = dryRun.find((d) => !hooks.acceptsDryRun(route, d));
  if (refused !== undefined) errors.push({ type: 'NotSupported', field: 'dryRun', value: refused, supported: ['All'] });
  if (errors.length) throw invalidOptions(optionsKind, errors);
  const named = manager && hooks.honoursFieldManager(route) ? manager : undefined;
  return {
    manager: named ?? managerFromUserAgent(incoming),
    validation: hooks.fieldValidation(route, validation as FieldValidation),
    dryRun: dryRun.length > 0 && !hooks.storesDryRun(route),
  };
}

const BODY_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** The body of a create or replace, parsed as JSON or YAML by its Content-Type. */
export function parseObjectBody(incoming: Incoming): Json {
  const type = mediaType(incoming);
  const text = incoming.body.toString('utf8');
  if (type === 'application/yaml') {
    try {
      return parseYaml(text) as Json;
    } catch (err) {
      throw badRequest(`error converting YAML to JSON: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  // Protobuf is a type real servers accept but this one cannot read: say so rather than list it as accepted.
  if (type === BODY_TYPES[2]) throw unsupportedMediaType(BODY_TYPES.slice(0, 2));
  if (type !== '' && type !== 'application/json') throw unsupportedMediaType(BODY_TYPES);
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

function cannotHandle(kind: KindSpec, detail: string): Error {
  const version = kind.apiVersion.split('/').pop();
  return badRequest(`${kind.names.kind} in version "${version}" cannot be handled as a ${kind.names.kind}: ${detail}`);
}

function checkTypeMeta(value: Json, kind: KindSpec): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const apiVersion = value['apiVersion'];
  if (typeof apiVersion === 'string' && apiVersion !== '' && apiVersion !== kind.apiVersion) {
    throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${kind.apiVersion})`);
  }
  const sent = value['kind'];
  if (typeof sent === 'string' && sent !== '' && sent !== kind.names.kind) {
    throw badRequest(`the kind in the data (${sent}) does not match the expected kind (${kind.names.kind})`);
  }
}

/** How a strict decoding error is answered: 400 for a body (the default), 422 on `patch` for a patch result. */
export type StrictRefusal = (detail: string) => Error;

/** Decodes a full object for the request's kind: unknown fields become warnings, or a 400 under Strict. */
export function decodeFor(req: K8sRequest, value: Json, validation: FieldValidation, strict?: StrictRefusal): JsonObject {
  checkTypeMeta(value, req.kind);
  let decoded: ReturnType<typeof decodeObject>;
  try {
    decoded = decodeObject(value, req.kind.shape);
  } catch (err) {
    if (err instanceof DecodeError) throw cannotHandle(req.kind, err.message);
    throw err;
  }
  const problems = decoded.unknown.map((path) => `unknown field "${path}"`);
  if (problems.length && validation === 'Strict') {
    const detail = `strict decoding error: ${problems.join(', ')}`;
    throw strict ? strict(detail) : cannotHandle(req.kind, detail);
  }
  if (validation === 'Warn') req.warnings.push(...problems);
  decoded.object['kind'] = req.kind.names.kind;
  decoded.object['apiVersion'] = req.kind.apiVersion;
  return decoded.object;
}

/** Re-decodes a server-built object to put its keys back in API order (no warnings). */
export function canonical(kind: KindSpec, object: JsonObject): JsonObject {
  return decodeObject(object, kind.shape).object;
}
