// Validating a status body the way the DRF serializer behind /api/v2/status/ does: required fields,
// list and primary-key checks, the nested location object, with DRF's own error messages. Which rules apply and
// which ids exist come from the caller.

import { isObject, type Json, type JsonObject } from '../json.js';
import type { StatusField, StatusRule } from './status-hooks.js';

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

/** What the serializer checks against: the rules it applies (deviation profiles may change them) and the ids that exist. */
export interface StatusValidation {
  rule(field: StatusField, rule: StatusRule, documented: boolean): boolean;
  exists: Record<'categories' | 'medias' | 'addressing', (id: number) => boolean>;
}

/** Seed 004's parameter table: action (string¦null) and categories required, categories non-empty, ids must exist. */
const DOCUMENTED: Record<StatusField, Record<StatusRule, boolean>> = {
  action: { required: true, nullable: true, 'non-empty': false, exists: false },
  text: { required: false, nullable: false, 'non-empty': false, exists: false },
  categories: { required: true, nullable: false, 'non-empty': true, exists: true },
  medias: { required: false, nullable: false, 'non-empty': false, exists: true },
  location: { required: false, nullable: true, 'non-empty': false, exists: false },
  addressing: { required: false, nullable: false, 'non-empty': false, exists: true },
};

type Check = (value: Json, is: (rule: StatusRule) => boolean, exists: (id: number) => boolean) => FieldResult<StatusInput[StatusField]>;

const CHECKS: Record<StatusField, Check> = {
  action: (v, is) => charField(v, is('nullable')),
  text: (v, is) => charField(v, is('nullable')),
  categories: (v, is, exists) => pkList(v, is('exists') ? exists : () => true, !is('non-empty')),
  medias: (v, is, exists) => pkList(v, is('exists') ? exists : () => true, !is('non-empty')),
  location: (v, is) => (v === null && !is('nullable') ? { error: NOT_NULL } : locationField(v)),
  addressing: (v, is, exists) => pkList(v, is('exists') ? exists : () => true, !is('non-empty')),
};

const NO_IDS = (): boolean => false;

/** The validated fields of a body, or DRF field errors. `partial` (PATCH) makes every field optional. */
export function validateStatus(body: Json, partial: boolean, ctx: StatusValidation): { value: Partial<StatusInput> } | { errors: JsonObject } {
  if (!isObject(body)) {
    return { errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`] } };
  }
  const value: Partial<Record<StatusField, unknown>> = {};
  const errors: JsonObject = {};
  for (const name of Object.keys(CHECKS) as StatusField[]) {
    const is = (rule: StatusRule): boolean => ctx.rule(name, rule, DOCUMENTED[name][rule]);
    const sent = body[name];
    if (sent === undefined) {
      if (is('required') && !partial) errors[name] = REQUIRED;
      continue;
    }
    const exists = name === 'categories' || name === 'medias' || name === 'addressing' ? ctx.exists[name] : NO_IDS;
    const result = CHECKS[name](sent, is, exists);
    if ('error' in result) errors[name] = result.error;
    else value[name] = result.ok;
  }
  return Object.keys(errors).length ? { errors } : { value: value as Partial<StatusInput> };
}
