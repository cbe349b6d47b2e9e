// The Kubernetes side of the server: bearer-token check, path parsing into kind/namespace/name/subresource,
// dispatch to the handlers, StatusError to `kind: Status` replies, and JSON output (pretty when asked).

import { bearerToken, header, type Incoming, type Reply } from '../http.js';
import type { Hooks, Route, Verb } from '../hooks.js';
import { createObject, deleteObject, getObject, listObjects } from './crud.js';
import { discovery } from './discovery.js';
import { Answer, anonymousForbidden, methodNotAllowed, resourceNotFound, StatusError, unauthorized } from './errors.js';
import { jobs } from './jobs.js';
import type { KindSpec } from './kinds.js';
import { namespaces } from './namespaces.js';
import { patchObject } from './patch.js';
import { pods } from './pods.js';
import { serviceaccounts } from './serviceaccounts.js';
import type { K8sRequest } from './request.js';
import type { Store } from './store.js';
import { replaceObject } from './update.js';

export interface K8sContext {
  store: Store;
  hooks: Hooks;
  token?: string;
}

interface Target {
  kind: KindSpec;
  namespace: string;
  name?: string;
  subresource?: 'status';
  allNamespaces: boolean;
}

const GROUPS: Record<string, KindSpec[]> = { '/api/v1': [pods, namespaces, serviceaccounts], '/apis/batch/v1': [jobs] };

/** Parses `<group prefix>/[namespaces/<ns>/]<resource>[/<name>[/status]]`. */
function parseTarget(path: string): Target | undefined {
  const prefix = Object.keys(GROUPS).find((p) => path.startsWith(`${p}/`));
  if (!prefix) return undefined;
  const parts = path
    .slice(prefix.length + 1)
    .split('/')
    .map(decodeURIComponent);
  if (parts.at(-1) === '') parts.pop();
  const kinds = GROUPS[prefix]!;
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length >= 3) {
    namespace = parts[1]!;
    parts.splice(0, 2);
  }
  const kind = kinds.find((k) => k.names.resource === parts[0]);
  if (!kind || parts.length > 3) return undefined;
  if (kind.namespaced ? namespace === '' && parts.length !== 1 : namespace !== '') return undefined;
  if (parts.length === 3 && parts[2] !== 'status') return undefined;
  const allNamespaces = kind.namespaced && namespace === '';
  return { kind, namespace, name: parts[1], subresource: parts[2] === 'status' ? 'status' : undefined, allNamespaces };
}

function verbOf(method: string, target: Target): Verb {
  const item = target.name !== undefined;
  if (method === 'GET') return item ? 'get' : 'list';
  if (method === 'POST' && !item) return 'create';
  if (method === 'PUT' && item) return 'update';
  if (method === 'PATCH' && item) return 'patch';
  if (method === 'DELETE' && item) return 'delete';
  return 'other';
}

function allowed(target: Target, verb: Verb): boolean {
  if (verb === 'other') return false;
  if (target.subresource) return target.kind !== namespaces && ['get', 'update', 'patch'].includes(verb);
  if (target.allNamespaces) return verb === 'list';
  if (target.kind === namespaces || target.kind === serviceaccounts) return ['get', 'list', 'create', 'delete'].includes(verb);
  return true;
}

const HANDLERS: Record<Exclude<Verb, 'other'>, (req: K8sRequest, target: Target) => Reply> = {
  get: (req) => getObject(req),
  list: (req, target) => listObjects(req, target.allNamespaces),
  create: (req) => createObject(req),
  update: (req) => replaceObject(req),
  patch: (req) => patchObject(req),
  delete: (req) => deleteObject(req),
};

function dispatch(incoming: Incoming, ctx: K8sContext, route: Route, target: Target): Reply {
  const verb = route.verb;
  if (verb === 'other' || !allowed(target, verb)) throw methodNotAllowed();
  const req: K8sRequest = {
    incoming,
    kind: target.kind,
    namespace: target.namespace,
    name: target.name,
    subresource: target.subresource,
    route,
    hooks: ctx.hooks,
    store: ctx.store,
    warnings: [],
  };
  return HANDLERS[verb](req, target);
}

export function isKubernetesPath(path: string): boolean {
  return path === '/version' || path === '/api' || path.startsWith('/api/v1') || path === '/apis' || path.startsWith('/apis/');
}

/** The bearer token check: 401 without the server's token, or 403 for system:anonymous where anonymous auth is on. */
function authenticate(incoming: Incoming, ctx: K8sContext, route: Route, target: Target | undefined): void {
  if (ctx.token === undefined || incoming.path === '/version') return;
  const bearer = bearerToken(incoming);
  if (!bearer.present && ctx.hooks.anonymousAuth()) {
    throw anonymousForbidden({
      verb: route.verb === 'other' ? incoming.method.toLowerCase() : route.verb,
      resource: target?.kind.names,
      subresource: target?.subresource,
      namespace: target?.namespace || undefined,
      name: target?.name,
      path: incoming.path,
    });
  }
  if (bearer.token !== ctx.token) throw unauthorized();
}

/** Handles one Kubernetes request; never throws (errors become Status replies). */
export function handleKubernetes(incoming: Incoming, ctx: K8sContext): { route: Route; reply: Reply } {
  const target = parseTarget(incoming.path);
  const route: Route = target
    ? { api: 'kubernetes', resource: target.kind.names.resource, subresource: target.subresource, verb: verbOf(incoming.method, target) }
    : { api: 'kubernetes', resource: 'discovery', verb: incoming.method === 'GET' ? 'get' : 'other' };
  try {
    authenticate(incoming, ctx, route, target);
    if (!target) {
      const doc = incoming.method === 'GET' ? discovery(incoming.path, header(incoming, 'host') ?? '') : undefined;
      if (!doc) throw resourceNotFound();
      return { route, reply: { status: 200, headers: {}, body: doc } };
    }
    return { route, reply: dispatch(incoming, ctx, route, target) };
  } catch (err) {
    if (err instanceof Answer) return { route, reply: err.reply };
    const status = err instanceof StatusError ? err : new StatusError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`);
    return { route, reply: status.toReply() };
  }
}

const PRETTY_AGENTS = /^(curl|Wget|Mozilla\/5\.0)/;
const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];

/** `pretty` as strconv.ParseBool reads it wins; otherwise curl, Wget and browsers get indented output. */
export function wantsPretty(incoming: Incoming): boolean {
  const pretty = incoming.query.get('pretty');
  if (pretty) return TRUE.includes(pretty);
  return PRETTY_AGENTS.test(header(incoming, 'user-agent') ?? '');
}

export function serializeKubernetes(incoming: Incoming, reply: Reply): string {
  return `${JSON.stringify(reply.body, null, wantsPretty(incoming) ? 2 : undefined)}\n`;
}
