// PATCH: the four accepted patch media types (415 for others), decoding (400), applying (422 for a JSON patch
// that cannot apply), the apply-patch options rule, and handing the result to the shared update pipeline.

import jsonpatch from 'fast-json-patch';
import { parse as parseYaml } from 'yaml';
import { mediaType, type Incoming, type Reply } from '../http.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { badRequest, genericInvalid, invalidOptions, notFound, unsupportedMediaType } from './errors.js';
import { createFrom, requireNamespace } from './crud.js';
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

function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw badRequest((err as Error).message);
  }
}

function decodePatch(type: PatchType, text: string): Json {
  if (type === 'application/apply-patch+yaml') {
    try {
      const value = parseYaml(text) as Json;
      if (!isObject(value)) throw new Error(`error decoding YAML: expected an object, got ${Array.isArray(value) ? 'a list' : typeof value}`);
      return value;
    } catch (err) {
      throw badRequest((err as Error).message.split('\n')[0]!);
    }
  }
  const value = parseJson(text);
  if (type === 'application/json-patch+json') {
    if (!Array.isArray(value) || !value.every(isObject)) {
      throw badRequest(`json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type jsonpatch.Patch`);
    }
    return value;
  }
  if (!isObject(value)) throw badRequest(`json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`);
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

function checkOptions(incoming: Incoming, type: PatchType): void {
  const apply = type === 'application/apply-patch+yaml';
  if (apply && !incoming.query.get('fieldManager')) {
    throw invalidOptions('PatchOptions', [{ type: 'Required', field: 'fieldManager', detail: 'is required for apply patch' }]);
  }
  const force = incoming.query.get('force');
  if (!apply && force !== null) {
    throw invalidOptions('PatchOptions', [{ type: 'Forbidden', field: 'force', detail: 'may not be specified for non-apply patch' }]);
  }
}

export function patchObject(req: K8sRequest): Reply {
  const type = patchType(req.incoming);
  checkOptions(req.incoming, type);
  const opts = writeOptions(req.incoming, 'PatchOptions');
  const operation = type === 'application/apply-patch+yaml' ? 'Apply' : 'Update';
  const stored = req.store.get(req.kind.names.resource, req.namespace, req.name ?? '');
  if (!stored && (operation !== 'Apply' || req.subresource)) throw notFound(req.kind.names, req.name ?? '');
  const patch = decodePatch(type, req.incoming.body.toString('utf8'));
  if (!stored) {
    requireNamespace(req);
    return createFrom(req, decodeFor(req, patch, opts.validation), opts, 'Apply');
  }
  const result = applyPatch(type, stored, patch);
  return applyUpdate(req, decodeFor(req, isObject(result) ? result : stored, opts.validation), opts, operation);
}
