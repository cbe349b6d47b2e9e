// PATCH: the four accepted patch media types (415 for others), decoding (400), applying (422 for a JSON patch
// that cannot apply), the apply-patch options rule, and handing the result to the shared update pipeline.

import jsonpatch from 'fast-json-patch';
import { parse as parseYaml } from 'yaml';
import { mediaType, type Incoming, type Reply } from '../http.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { genericInvalid, invalidOptions, invalidPatch, StatusError, unsupportedMediaType } from './errors.js';
import { createFrom, missingObject, requireNamespace } from './crud.js';
import { mergePatch, strategicMerge } from './merge.js';
import { decodeFor, writeOptions, type K8sRequest } from './request.js';
import { applyUpdate } from './update.js';

export const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
] as const;
type PatchType = (typeof PATCH_TYPES)[number];

function patchType(incoming: Incoming): PatchType {
  const type = mediaType(incoming);
  const known = PATCH_TYPES.find((t) => t === type);
  if (!known) throw unsupportedMediaType([...PATCH_TYPES]);
  return known;
}

/** A patch body that cannot be decoded: 400 BadRequest with the decoder's words (the hook may say otherwise). */
type Undecodable = (message: string) => StatusError;

function parseJson(text: string, undecodable: Undecodable): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw undecodable((err as Error).message);
  }
}

function decodePatch(type: PatchType, text: string, undecodable: Undecodable): Json {
  if (type === 'application/apply-patch+yaml') {
    try {
      const value = parseYaml(text) as Json;
      if (!isObject(value)) throw new Error(`error decoding YAML: expected an object, got ${Array.isArray(value) ? 'a list' : typeof value}`);
      return value;
    } catch (err) {
      throw undecodable((err as Error).message.split('\n')[0]!);
    }
  }
  const value = parseJson(text, undecodable);
  if (type === 'application/json-patch+json') {
    if (!Array.isArray(value) || !value.every(isObject)) {
      throw undecodable(`json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type jsonpatch.Patch`);
    }
    return value;
  }
  if (!isObject(value))
    throw undecodable(`json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`);
  return value;
}

function applyPatch(type: PatchType, stored: JsonObject, patch: Json): Json {
  if (type === 'application/json-patch+json') {
    try {
      const ops = patch as unknown as jsonpatch.Operation[];
      return jsonpatch.applyPatch(structuredClone(stored), ops, true, true).newDocument as Json;
    } catch {
      throw genericInvalid();
    }
  }
  if (type === 'application/merge-patch+json') return mergePatch(stored, patch);
  return strategicMerge(stored, patch);
}

function checkOptions(req: K8sRequest, type: PatchType): void {
  const { incoming, hooks, route } = req;
  const apply = type === 'application/apply-patch+yaml';
  if (apply && !incoming.query.get('fieldManager') && hooks.checksPatchOption(route, 'fieldManager')) {
    throw invalidOptions('PatchOptions', [{ type: 'Required', field: 'fieldManager', detail: 'is required for apply patch' }]);
  }
  const force = incoming.query.get('force');
  if (!apply && force !== null && hooks.checksPatchOption(route, 'force')) {
    throw invalidOptions('PatchOptions', [{ type: 'Forbidden', field: 'force', detail: 'may not be specified for non-apply patch' }]);
  }
}

export function patchObject(req: K8sRequest): Reply {
  const type = patchType(req.incoming);
  checkOptions(req, type);
  const opts = writeOptions(req, 'PatchOptions');
  const operation = type === 'application/apply-patch+yaml' ? 'Apply' : 'Update';
  const stored = req.store.get(req.kind.names.resource, req.namespace, req.name ?? '');
  if (!stored && (operation !== 'Apply' || req.subresource)) throw missingObject(req);
  const { code, reason } = req.hooks.undecodablePatch(req.route);
  const patch = decodePatch(type, req.incoming.body.toString('utf8'), (message) => new StatusError(code, reason, message));
  if (!stored) {
    requireNamespace(req);
    return createFrom(req, decodeFor(req, patch, opts.validation), opts, 'Apply');
  }
  const applied = applyPatch(type, stored, patch);
  const result = isObject(applied) ? applied : stored;
  // The strict decoder reads the patched object, and patch.go answers its refusal with 422 on `patch`, not 400.
  return applyUpdate(
    req,
    decodeFor(req, result, opts.validation, (detail) => invalidPatch(JSON.stringify(result), detail)),
    opts,
    operation,
  );
}
