// Validating a status body the way the DRF serializer behind /api/v2/status/ does: required fields,
// list and primary-key checks, the nested location object, with DRF's own error messages.

import { isObject, type Json, type JsonObject } from '../json.js';
import { categoryIds } from './categories.js';

export interface Location {
  location: string | null;
  lat: number | null;
  lng: number | null;
}

export interface StatusInput {
  action: string | null;
  text: string;
  categories: number[];
  medias: number[];
  location: Location | null;
  addressing: number[];
}

type FieldResult<T> = { ok: T } | { error: Json };

const REQUIRED = ['This field is required.'];
const NOT_NULL = ['This field may not be null.'];

function pythonType(value: Json): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (isObject(value)) return 'dict';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'str';
}

function charField(value: Json, nullable: boolean): FieldResult<string | null> {
  if (value === null) return nullable ? { ok: null } : { error: NOT_NULL };
  if (typeof value === 'string') return { ok: value };
  if (typeof value === 'number') return { ok: String(value) };
  return { error: ['Not a valid string.'] };
}

function pkList(value: Json, exists: (id: number) => boolean, allowEmpty: boolean): FieldResult<number[]> {
  if (value === null) return { error: NOT_NULL };
  if (!Array.isArray(value)) return { error: [`Expected a list of items but got type "${pythonType(value)}".`] };
  if (!allowEmpty && value.length === 0) return { error: ['This list may not be empty.'] };
  const ids: number[] = [];
  for (const item of value) {
    const id = typeof item === 'number' ? item : typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : NaN;
    if (!Number.isInteger(id)) return { error: [`Incorrect type. Expected pk value, received ${pythonType(item)}.`] };
    if (!exists(id)) return { error: [`Invalid pk "${String(item)}" - object does not exist.`] };
    ids.push(id);
  }
  return { ok: ids };
}

function numberOrNull(value: Json | undefined): FieldResult<number | null> {
  if (value === undefined) return { error: REQUIRED };
  if (value === null) return { ok: null };
  if (typeof value === 'number') return { ok: value };
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return { ok: Number(value) };
  return { error: ['A valid number is required.'] };
}

function locationField(value: Json): FieldResult<Location | null> {
  if (value === null) return { ok: null };
  if (!isObject(value)) return { error: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(value)}.`] } };
  const errors: JsonObject = {};
  const place = value['location'] === undefined ? { error: REQUIRED } : charField(value['location'], true);
  const lat = numberOrNull(value['lat']);
  const lng = numberOrNull(value['lng']);
  if ('error' in place) errors['location'] = place.error;
  if ('error' in lat) errors['lat'] = lat.error;
  if ('error' in lng) errors['lng'] = lng.error;
  if ('error' in place || 'error' in lat || 'error' in lng) return { error: errors };
  return { ok: { location: place.ok, lat: lat.ok, lng: lng.ok } };
}

const knownCategory = (id: number): boolean => categoryIds().includes(id);

const FIELDS: { [K in keyof StatusInput]: { required: boolean; check: (v: Json) => FieldResult<StatusInput[K]> } } = {
  action: { required: true, check: (v) => charField(v, true) },
  text: { required: false, check: (v) => charField(v, false) as FieldResult<string> },
  categories: { required: true, check: (v) => pkList(v, knownCategory, false) },
  medias: { required: false, check: (v) => pkList(v, () => false, true) },
  location: { required: false, check: locationField },
  addressing: { required: false, check: (v) => pkList(v, () => true, true) },
};

/** How the community is configured: `categoriesRequired` is its "category required" preference (reference/options.ts). */
export interface StatusSettings {
  categoriesRequired: boolean;
}

/** The validated fields of a body, or DRF field errors. `partial` (PATCH) makes every field optional. */
export function validateStatus(body: Json, partial: boolean, settings: StatusSettings = { categoriesRequired: true }): { value: Partial<StatusInput> } | { errors: JsonObject } {
  if (!isObject(body)) {
    return { errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`] } };
  }
  const value: Partial<Record<keyof StatusInput, unknown>> = {};
  const errors: JsonObject = {};
  for (const [name, field] of Object.entries(FIELDS) as [keyof StatusInput, (typeof FIELDS)[keyof StatusInput]][]) {
    const sent = body[name];
    const optional = name === 'categories' && !settings.categoriesRequired;
    if (sent === undefined) {
      if (field.required && !partial && !optional) errors[name] = REQUIRED;
      continue;
    }
    const result = optional ? pkList(sent, knownCategory, true) : field.check(sent);
    if ('error' in result) errors[name] = result.error;
    else value[name] = result.ok;
  }
  return Object.keys(errors).length ? { errors } : { value: value as Partial<StatusInput> };
}
