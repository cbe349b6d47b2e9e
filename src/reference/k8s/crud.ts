// Create, get, list and delete for any kind: the server-set metadata on create (uid, resourceVersion,
// creationTimestamp, managedFields), 404/409 answers, label selectors on lists, and namespace deletion.

import { randomBytes, randomUUID } from 'node:crypto';
import type { Reply } from '../http.js';
import { clone, ensureObject, isObject, objectAt, stringAt, type Json, type JsonObject } from '../json.js';
import { alreadyExists, Answer, badRequest, invalid, notFound, StatusError } from './errors.js';
import type { StrategyContext } from './kinds.js';
import { managedFieldsOnCreate, type Manager } from './managed-fields.js';
import { namespaces } from './namespaces.js';
import { createDefaultAccount } from './serviceaccounts.js';
import { objectReply } from './replies.js';
import { canonical, decodeFor, parseObjectBody, writeOptions, type K8sRequest, type WriteOptions } from './request.js';

export function nowRfc3339(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

export function strategyContext(req: K8sRequest): StrategyContext {
  return {
    hooks: req.hooks,
    route: req.route,
    now: nowRfc3339(),
    namespace: req.namespace,
    exists: (resource, namespace, name) => req.store.get(resource, namespace, name) !== undefined,
  };
}

/** 404 `namespaces "x" not found` when a namespaced request names a namespace that does not exist. */
export function requireNamespace(req: K8sRequest): void {
  if (!req.kind.namespaced) return;
  if (!req.store.get('namespaces', '', req.namespace)) throw notFound(namespaces.names, req.namespace);
}

const SUFFIX_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function generatedName(prefix: string): string {
  const bytes = randomBytes(5);
  return prefix + [...bytes].map((b) => SUFFIX_CHARS[b % SUFFIX_CHARS.length]).join('');
}

function placeInNamespace(req: K8sRequest, meta: JsonObject): void {
  if (!req.kind.namespaced) {
    delete meta['namespace'];
    return;
  }
  const sent = stringAt(meta, 'namespace');
  if (sent && sent !== req.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  meta['namespace'] = req.namespace;
}

/** Metadata a client may not set on create: the server fills or clears it. */
function resetServerMeta(meta: JsonObject, now: string): void {
  for (const key of ['selfLink', 'resourceVersion', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields']) {
    delete meta[key];
  }
  meta['uid'] = randomUUID();
  meta['creationTimestamp'] = now;
}

/** Creates an object from a decoded body (POST, or an apply patch on a missing object). */
export function createFrom(req: K8sRequest, object: JsonObject, opts: WriteOptions, operation: Manager['operation']): Reply {
  const ctx = strategyContext(req);
  const request = clone(object);
  const meta = ensureObject(object, 'metadata');
  placeInNamespace(req, meta);
  if (!stringAt(meta, 'name') && stringAt(meta, 'generateName')) meta['name'] = generatedName(stringAt(meta, 'generateName')!);
  const name = stringAt(meta, 'name') ?? '';
  resetServerMeta(meta, ctx.now);
  req.kind.prepareCreate(object, ctx);
  const errors = req.kind.validateCreate(object);
  if (errors.length) throw invalid(req.kind.names, name, errors);
  if (req.store.get(req.kind.names.resource, req.namespace, name)) throw alreadyExists(req.kind.names, name);
  meta['resourceVersion'] = opts.dryRun ? req.store.currentVersion() : req.store.nextVersion();
  const manager: Manager = { manager: opts.manager, operation, apiVersion: req.kind.apiVersion, time: ctx.now };
  meta['managedFields'] = managedFieldsOnCreate(request, manager);
  const stored = canonical(req.kind, object);
  if (!opts.dryRun && req.hooks.persists(req.route)) {
    req.store.put(req.kind.names.resource, req.namespace, name, stored);
    if (req.kind === namespaces) createDefaultAccount(req.store, name, req.hooks.serviceAccountDelayMs());
  }
  return objectReply(req, 201, stored);
}

export function createObject(req: K8sRequest): Reply {
  const opts = writeOptions(req, 'CreateOptions');
  requireNamespace(req);
  const object = decodeFor(req, parseObjectBody(req.incoming), opts.validation);
  return createFrom(req, object, opts, 'Update');
}

/**
 * 404 in the real server's words for an object that does not exist: the object's own NotFound, also when its
 * namespace is missing (storage finds no object before admission looks at the namespace).
 */
export function missingObject(req: K8sRequest): Error {
  const namespaceMissing = req.kind.namespaced && !req.store.get('namespaces', '', req.namespace);
  if (!req.hooks.answersNotFound(req.route, namespaceMissing ? 'namespace' : 'object')) return new Answer({ status: 200, headers: {}, body: {} });
  return notFound(req.kind.names, req.name ?? '');
}

/** The stored object, or 404 in the real server's words. */
export function load(req: K8sRequest): JsonObject {
  const found = req.store.get(req.kind.names.resource, req.namespace, req.name ?? '');
  if (!found) throw missingObject(req);
  return found;
}

export function getObject(req: K8sRequest): Reply {
  const current = load(req);
  const previous = req.store.previous(req.kind.names.resource, req.namespace, req.name ?? '');
  return objectReply(req, 200, req.hooks.read(req.route, current, previous));
}

type Requirement = (labels: JsonObject) => boolean;

function parseSelector(selector: string): Requirement[] {
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((term): Requirement => {
      const neq = /^([^!=]+)!=(.*)$/.exec(term);
      if (neq) return (l) => l[neq[1]!.trim()] !== neq[2]!.trim();
      const eq = /^([^!=]+)==?(.*)$/.exec(term);
      if (eq) return (l) => l[eq[1]!.trim()] === eq[2]!.trim();
      if (term.startsWith('!')) return (l) => !(term.slice(1).trim() in l);
      return (l) => term in l;
    });
}

/** Lists do not check the namespace: a real server answers an empty list for one that does not exist. */
export function listObjects(req: K8sRequest, allNamespaces: boolean): Reply {
  const requirements = parseSelector(req.incoming.query.get('labelSelector') ?? '');
  const items = req.store
    .list(req.kind.names.resource, allNamespaces ? undefined : req.namespace)
    .filter((o) => requirements.every((r) => r(objectAt(objectAt(o, 'metadata'), 'labels') ?? {})))
    .map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest as JsonObject);
  const body: JsonObject = {
    kind: req.kind.listKind,
    apiVersion: req.kind.apiVersion,
    metadata: { resourceVersion: req.store.currentVersion() },
    items: items as Json[],
  };
  return objectReply(req, 200, body);
}

function deleteOptionsBody(req: K8sRequest): JsonObject | undefined {
  try {
    const parsed: Json = req.incoming.body.length ? JSON.parse(req.incoming.body.toString('utf8')) : null;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    throw badRequest('the body of the request could not be decoded as DeleteOptions');
  }
}

function deleteNamespace(req: K8sRequest, object: JsonObject): JsonObject {
  const name = req.name ?? '';
  if (['default', 'kube-system', 'kube-public'].includes(name)) {
    const message = `namespaces "${name}" is forbidden: this namespace may not be deleted`;
    throw new StatusError(403, 'Forbidden', message, { name, kind: 'namespaces' });
  }
  const meta = ensureObject(object, 'metadata');
  meta['deletionTimestamp'] = nowRfc3339();
  meta['resourceVersion'] = req.store.nextVersion();
  object['status'] = { phase: 'Terminating' };
  req.store.deleteNamespaceContents(name);
  return object;
}

export function deleteObject(req: K8sRequest): Reply {
  const opts = writeOptions(req, 'DeleteOptions');
  const body = deleteOptionsBody(req);
  let object = load(req);
  req.warnings.push(...(req.kind.deleteWarnings?.(req.incoming.query, body) ?? []));
  if (req.kind === namespaces) object = deleteNamespace(req, object);
  if (!opts.dryRun && req.hooks.persists(req.route)) req.store.delete(req.kind.names.resource, req.namespace, req.name ?? '');
  return objectReply(req, 200, object);
}
