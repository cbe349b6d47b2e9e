// metadata.managedFields: which manager set which fields (FieldsV1 sets, keyed list items as `k:{...}`).
// An approximation of server-side field tracking: a manager owns what it sent on create and what it changed since.

import { deepEqual, isObject, type Json, type JsonObject } from '../json.js';
import { POD_LIST_KEYS } from './list-keys.js';

/** The list fields whose items a managed-fields set keys as `k:{...}`: the shared ones and the container statuses. */
const LIST_KEYS: Record<string, string> = { ...POD_LIST_KEYS, containerStatuses: 'name', initContainerStatuses: 'name' };
const MAP_FIELDS = new Set(['labels', 'annotations', 'matchLabels', 'nodeSelector', 'limits', 'requests']);
const OWNED_METADATA = ['generateName', 'labels', 'annotations', 'ownerReferences', 'finalizers'];

function sorted(set: JsonObject): JsonObject {
  const keys = Object.keys(set).sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, set[k]!]));
}

function fieldsOf(key: string, value: Json): JsonObject {
  if (isObject(value)) return fieldSet(value, MAP_FIELDS.has(key));
  const listKey = LIST_KEYS[key];
  if (!Array.isArray(value) || !listKey) return {};
  const out: JsonObject = {};
  for (const item of value) {
    if (!isObject(item) || item[listKey] === undefined) continue;
    out[`k:${JSON.stringify({ [listKey]: item[listKey] })}`] = sorted({ '.': {}, ...fieldSet(item, false) });
  }
  return sorted(out);
}

/** The FieldsV1 set of an object: `f:<field>` per field, `.` for maps and list items. */
export function fieldSet(value: JsonObject, isMap: boolean): JsonObject {
  const out: JsonObject = isMap ? { '.': {} } : {};
  for (const [key, item] of Object.entries(value)) out[`f:${key}`] = fieldsOf(key, item);
  return sorted(out);
}

function mergeSets(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    out[key] = isObject(existing) && isObject(value) ? mergeSets(existing, value) : value;
  }
  return sorted(out);
}

function changedItems(before: Json | undefined, after: Json[], listKey: string): Json[] | undefined {
  const earlier = Array.isArray(before) ? before : [];
  const parts: Json[] = [];
  for (const item of after) {
    if (!isObject(item)) return after;
    const match = earlier.find((b) => isObject(b) && b[listKey] === item[listKey]);
    const part = changedPart(match, item);
    if (part !== undefined) parts.push(isObject(part) ? { ...part, [listKey]: item[listKey]! } : part);
  }
  return parts.length ? parts : undefined;
}

/** The part of `after` that differs from `before` (added or changed fields, keyed list items one by one). */
function changedPart(before: Json | undefined, after: Json | undefined, key = ''): Json | undefined {
  if (deepEqual(before, after)) return undefined;
  const listKey = LIST_KEYS[key];
  if (Array.isArray(after) && listKey) return changedItems(before, after, listKey);
  if (!isObject(before) || !isObject(after)) return after;
  const out: JsonObject = {};
  for (const [k, value] of Object.entries(after)) {
    const part = changedPart(before[k], value, k);
    if (part !== undefined) out[k] = part;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The fields of `set` that still exist in `actual` (a manager cannot own a field that is gone). */
function intersect(set: JsonObject, actual: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(set)) {
    const there = actual[key];
    if (there === undefined) continue;
    out[key] = isObject(value) && isObject(there) && Object.keys(value).length ? intersect(value, there) : value;
  }
  return out;
}

/** What a manager can own of an object: its content less kind, apiVersion and server-set metadata. */
function ownable(object: JsonObject, scope: 'main' | 'status' | 'create'): JsonObject {
  const out: JsonObject = {};
  const meta = isObject(object['metadata']) ? object['metadata'] : {};
  const ownedMeta = Object.fromEntries(OWNED_METADATA.filter((k) => k in meta).map((k) => [k, meta[k]!]));
  if (Object.keys(ownedMeta).length) out['metadata'] = ownedMeta;
  if (scope !== 'status' && object['spec'] !== undefined) out['spec'] = object['spec'];
  if (scope === 'status' && object['status'] !== undefined) out['status'] = object['status'];
  return out;
}

export interface Manager {
  manager: string;
  operation: 'Update' | 'Apply';
  apiVersion: string;
  subresource?: 'status';
  time: string;
}

function entry(m: Manager, fields: JsonObject): JsonObject {
  const out: JsonObject = {
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    time: m.time,
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
  };
  if (m.subresource) out['subresource'] = m.subresource;
  return out;
}

/** managedFields for a new object: the creating manager owns every field it sent. */
export function managedFieldsOnCreate(request: JsonObject, m: Manager): Json[] {
  const fields = fieldSet(ownable(request, 'create'), false);
  return Object.keys(fields).length ? [entry(m, fields)] : [];
}

/** managedFields after an update: the manager's entry gains the fields it changed. */
export function managedFieldsOnUpdate(existing: Json[], before: JsonObject, after: JsonObject, m: Manager): Json[] {
  const scope = m.subresource === 'status' ? 'status' : 'main';
  const changed = changedPart(ownable(before, scope), ownable(after, scope));
  const fields = isObject(changed) ? fieldSet(changed, false) : {};
  const actual = fieldSet(ownable(after, 'create'), false);
  if (isObject(after['status'])) actual['f:status'] = fieldSet(after['status'], false);
  const same = (e: Json): boolean => isObject(e) && e['manager'] === m.manager && e['operation'] === m.operation && e['subresource'] === m.subresource;
  const kept = existing.map((e) => {
    if (!isObject(e) || !isObject(e['fieldsV1'])) return e;
    const base = same(e) ? mergeSets(e['fieldsV1'], fields) : e['fieldsV1'];
    return { ...e, fieldsV1: intersect(base, actual), ...(same(e) ? { time: m.time } : {}) };
  });
  const result = kept.some(same) || !Object.keys(fields).length ? kept : [...kept, entry(m, fields)];
  return result.filter((e) => !isObject(e) || !isObject(e['fieldsV1']) || Object.keys(e['fieldsV1']).length > 0);
}
