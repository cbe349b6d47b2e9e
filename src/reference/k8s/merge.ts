// JSON merge patch (RFC 7386) and a strategic merge patch: like a merge patch, but lists with a merge key
// (containers and volumes by name, conditions by type, ...) are merged item by item, with `$patch` directives.

import { clone, isObject, type Json, type JsonObject } from '../json.js';
import { POD_LIST_KEYS } from './list-keys.js';

/** patchMergeKey of the list fields of Pod and Job (from the Go struct tags). */
const MERGE_KEYS: Record<string, string> = { ...POD_LIST_KEYS, resourceClaims: 'name', hostAliases: 'ip', topologySpreadConstraints: 'topologyKey' };

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function isDirective(key: string): boolean {
  return key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/') || key.startsWith('$deleteFromPrimitiveList/');
}

function withoutDirectives(value: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !isDirective(k)));
}

function mergeList(target: Json | undefined, patch: Json[], mergeKey: string): Json[] {
  const out: Json[] = Array.isArray(target) ? clone(target) : [];
  for (const item of patch) {
    if (!isObject(item)) {
      out.push(clone(item));
      continue;
    }
    const index = out.findIndex((t) => isObject(t) && t[mergeKey] === item[mergeKey]);
    if (item['$patch'] === 'delete') {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) {
      out[index] = strategicMerge(out[index], item);
    } else {
      out.push(withoutDirectives(item));
    }
  }
  return out;
}

function deleteFromPrimitiveLists(out: JsonObject, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith('$deleteFromPrimitiveList/') || !Array.isArray(value)) continue;
    const field = key.slice('$deleteFromPrimitiveList/'.length);
    const list = out[field];
    if (Array.isArray(list)) out[field] = list.filter((v) => !value.includes(v));
  }
}

export function strategicMerge(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  if (patch['$patch'] === 'replace') return withoutDirectives(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (isDirective(key)) continue;
    const mergeKey = MERGE_KEYS[key];
    if (value === null) delete out[key];
    else if (isObject(value) && value['$patch'] === 'delete') delete out[key];
    else if (Array.isArray(value) && mergeKey) out[key] = mergeList(out[key], value, mergeKey);
    else if (isObject(value)) out[key] = strategicMerge(out[key], value);
    else out[key] = clone(value);
  }
  deleteFromPrimitiveLists(out, patch);
  return out;
}
