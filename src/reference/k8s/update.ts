// The update pipeline PUT and PATCH share, for the main resource and for /status: URL checks (400),
// resourceVersion preconditions (409), the strategy's resets and validation (422), generation and no-op detection.

import type { Reply } from '../http.js';
import { clone, deepEqual, ensureObject, objectAt, stringAt, type JsonObject } from '../json.js';
import { badRequest, conflict, invalid, type FieldError } from './errors.js';
import { strategyContext, load } from './crud.js';
import type { StrategyContext } from './kinds.js';
import { managedFieldsOnUpdate, type Manager } from './managed-fields.js';
import { objectReply } from './replies.js';
import { canonical, decodeFor, parseObjectBody, writeOptions, type K8sRequest, type WriteOptions } from './request.js';

/** Metadata a client may change with an update; everything else is kept from the stored object. */
const CLIENT_META = ['generateName', 'labels', 'annotations', 'finalizers', 'ownerReferences'];

function checkUrlIdentity(req: K8sRequest, meta: JsonObject): void {
  const name = stringAt(meta, 'name') ?? '';
  if (name !== req.name && req.hooks.checksObjectIdentity(req.route)) {
    throw badRequest(`the name of the object (${name}) does not match the name on the URL (${req.name ?? ''})`);
  }
  if (!req.kind.namespaced) return;
  const namespace = stringAt(meta, 'namespace');
  if (namespace && namespace !== req.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

/**
 * A patch result with another uid: rest.BeforeUpdate's common metadata validation refuses it (422, field is
 * immutable). (A PUT carrying another uid fails its UID precondition first, with 409; not modelled here.)
 */
function uidErrors(req: K8sRequest, sent: JsonObject, stored: JsonObject): FieldError[] {
  if (req.route.verb !== 'patch' || !req.hooks.checksObjectIdentity(req.route)) return [];
  const uid = stringAt(sent, 'uid');
  const before = stringAt(stored, 'uid');
  return uid && uid !== before ? [{ type: 'Invalid', field: 'metadata.uid', value: uid, detail: 'field is immutable' }] : [];
}

function mergedMeta(sent: JsonObject, stored: JsonObject, applies: (key: string) => boolean): JsonObject {
  const meta = clone(stored);
  for (const key of CLIENT_META) {
    if (!applies(key)) continue;
    if (sent[key] !== undefined) meta[key] = sent[key]!;
    else delete meta[key];
  }
  return meta;
}

/** The object the write would store, before validation: status or spec reset as the strategy does. */
function nextObject(req: K8sRequest, sent: JsonObject, stored: JsonObject, ctx: StrategyContext): JsonObject {
  const status = req.subresource === 'status';
  const next: JsonObject = {
    kind: req.kind.names.kind,
    apiVersion: req.kind.apiVersion,
    metadata: mergedMeta(objectAt(sent, 'metadata') ?? {}, objectAt(stored, 'metadata') ?? {}, (key) =>
      status ? req.hooks.statusWriteApplies(req.route, key) : true,
    ),
  };
  if (status) {
    const spec = req.hooks.statusWriteSpec(req.route, stored['spec'], sent['spec']);
    if (spec !== undefined) next['spec'] = spec;
    next['status'] = objectAt(sent, 'status') ?? {};
    req.kind.prepareStatusUpdate(next, stored);
  } else {
    next['spec'] = objectAt(sent, 'spec') ?? {};
    if (stored['status'] !== undefined) next['status'] = stored['status'];
    req.kind.prepareUpdate(next, stored, ctx);
  }
  return canonical(req.kind, next);
}

function withoutVersionInfo(object: JsonObject): JsonObject {
  const copy = clone(object);
  const meta = ensureObject(copy, 'metadata');
  delete meta['resourceVersion'];
  delete meta['managedFields'];
  return copy;
}

/** Applies a decoded full object as an update of the stored one and answers as the API server does. */
export function applyUpdate(req: K8sRequest, sent: JsonObject, opts: WriteOptions, operation: Manager['operation']): Reply {
  const sentMeta = ensureObject(sent, 'metadata');
  checkUrlIdentity(req, sentMeta);
  const stored = load(req);
  const storedMeta = objectAt(stored, 'metadata') ?? {};
  const storedVersion = stringAt(storedMeta, 'resourceVersion') ?? '';
  const sentVersion = stringAt(sentMeta, 'resourceVersion');
  if (sentVersion && !req.hooks.versionMatches(req.route, sentVersion, storedVersion)) {
    throw conflict(req.kind.names, req.name ?? '');
  }
  const ctx = strategyContext(req);
  const validated = nextObject(req, sent, stored, ctx);
  const errors = [
    ...uidErrors(req, sentMeta, storedMeta),
    ...(req.subresource === 'status' ? req.kind.validateStatusUpdate(validated, stored, ctx) : req.kind.validateUpdate(validated, stored, ctx)),
  ];
  if (errors.length) throw invalid(req.kind.names, req.name ?? '', errors);
  const next = req.route.verb === 'patch' ? clone(req.hooks.patched(req.route, stored, validated)) : validated;
  const meta = ensureObject(next, 'metadata');
  if (typeof storedMeta['generation'] === 'number' && !deepEqual(next['spec'], stored['spec'])) {
    meta['generation'] = storedMeta['generation'] + 1;
  }
  if (deepEqual(withoutVersionInfo(next), withoutVersionInfo(stored))) return objectReply(req, 200, stored);
  const manager: Manager = { manager: opts.manager, operation, apiVersion: req.kind.apiVersion, time: ctx.now };
  if (req.subresource) manager.subresource = req.subresource;
  meta['managedFields'] = managedFieldsOnUpdate(Array.isArray(storedMeta['managedFields']) ? storedMeta['managedFields'] : [], stored, next, manager);
  meta['resourceVersion'] = opts.dryRun ? storedVersion : req.store.nextVersion();
  const result = canonical(req.kind, next);
  if (!opts.dryRun && req.hooks.persists(req.route)) req.store.put(req.kind.names.resource, req.namespace, req.name ?? '', result);
  return objectReply(req, 200, result);
}

export function replaceObject(req: K8sRequest): Reply {
  const opts = writeOptions(req, 'UpdateOptions');
  const sent = decodeFor(req, parseObjectBody(req.incoming), opts.validation);
  return applyUpdate(req, sent, opts, 'Update');
}
