// Validation rules shared by the kinds: object names, container lists, non-negative counters, immutable fields.
// Messages follow apimachinery's field errors so a client sees what a real server would say.

import { arrayAt, deepEqual, isObject, stringAt, type Json, type JsonObject } from '../json.js';
import type { FieldError } from './errors.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_TEXT =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start " +
  "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_TEXT =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end " +
  "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

export function validateName(name: string, form: 'subdomain' | 'label', field = 'metadata.name'): FieldError[] {
  if (!name) return [{ type: 'Required', field, detail: 'name or generateName is required' }];
  const max = form === 'subdomain' ? 253 : 63;
  if (name.length > max) return [{ type: 'Invalid', field, value: name, detail: `must be no more than ${max} characters` }];
  const ok = form === 'subdomain' ? SUBDOMAIN.test(name) : LABEL.test(name);
  return ok ? [] : [{ type: 'Invalid', field, value: name, detail: form === 'subdomain' ? SUBDOMAIN_TEXT : LABEL_TEXT }];
}

export function nonNegative(value: Json | undefined, field: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [{ type: 'Invalid', field, value, detail: 'must be greater than or equal to 0' }] : [];
}

function validateContainerList(spec: JsonObject, key: string, path: string, required: boolean): FieldError[] {
  const list = arrayAt(spec, key) ?? [];
  if (list.length === 0) return required ? [{ type: 'Required', field: `${path}.${key}` }] : [];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((c, i) => {
    const at = `${path}.${key}[${i}]`;
    const name = isObject(c) ? (stringAt(c, 'name') ?? '') : '';
    if (!name) errors.push({ type: 'Required', field: `${at}.name` });
    else if (seen.has(name)) errors.push({ type: 'Duplicate', field: `${at}.name`, value: name });
    else errors.push(...validateName(name, 'label', `${at}.name`).filter((e) => e.type !== 'Required'));
    seen.add(name);
    if (!(isObject(c) && stringAt(c, 'image'))) errors.push({ type: 'Required', field: `${at}.image` });
  });
  return errors;
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

/** The parts of ValidatePodSpec a client is likely to meet: containers, names, images, restartPolicy. */
export function validatePodSpec(spec: JsonObject | undefined, path: string): FieldError[] {
  const s = spec ?? {};
  const errors = [...validateContainerList(s, 'initContainers', path, false), ...validateContainerList(s, 'containers', path, true)];
  const policy = stringAt(s, 'restartPolicy');
  if (policy !== undefined && !RESTART_POLICIES.includes(policy)) {
    errors.push({ type: 'NotSupported', field: `${path}.restartPolicy`, value: policy, supported: RESTART_POLICIES });
  }
  errors.push(...nonNegative(s['terminationGracePeriodSeconds'], `${path}.terminationGracePeriodSeconds`));
  return errors;
}

export function immutable(after: Json | undefined, before: Json | undefined, field: string): FieldError[] {
  return deepEqual(after, before) ? [] : [{ type: 'Invalid', field, value: after ?? null, detail: 'field is immutable' }];
}
