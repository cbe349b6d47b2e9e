// The Pod kind: status reset on create (Pending, QoS class, SchedulingGated), the pod spec update rule
// (only images, activeDeadlineSeconds, added tolerations and a 1s grace period may change) and status fixes.

import { arrayAt, clone, deepEqual, ensureObject, isObject, numberAt, objectAt, stringAt, type Json, type JsonObject } from '../json.js';
import { admitPodSpec, defaultPodSpec, qosClass } from './defaults.js';
import { StatusError, type FieldError } from './errors.js';
import { enforceRestricted } from './pod-security.js';
import { defineKind, type StrategyContext } from './kinds.js';
import { pod } from './schema.js';
import { validateName, validatePodSpec } from './validation.js';

const ALLOWED_CHANGES =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const GO_NAMES: Record<string, string> = {
  dnsPolicy: 'DNSPolicy',
  hostIPC: 'HostIPC',
  hostPID: 'HostPID',
  setHostnameAsFQDN: 'SetHostnameAsFQDN',
  os: 'OS',
};

function goName(key: string): string {
  return GO_NAMES[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
}

/** A go-cmp-like diff of two specs (top-level fields only), as appended to the Forbidden message. */
function specDiff(old: JsonObject, updated: JsonObject): string {
  const lines = ['  core.PodSpec{'];
  const keys = [...new Set([...Object.keys(old), ...Object.keys(updated)])];
  for (const key of keys) {
    if (deepEqual(old[key], updated[key])) continue;
    if (old[key] !== undefined) lines.push(`- \t${goName(key)}: ${JSON.stringify(old[key])},`);
    if (updated[key] !== undefined) lines.push(`+ \t${goName(key)}: ${JSON.stringify(updated[key])},`);
  }
  lines.push('  }', '');
  return lines.join('\n');
}

function keepOldImages(munged: JsonObject, old: JsonObject, key: string): void {
  const now = arrayAt(munged, key) ?? [];
  const before = arrayAt(old, key) ?? [];
  if (now.length !== before.length) return;
  now.forEach((c, i) => {
    const was = before[i];
    if (isObject(c) && isObject(was) && was['image'] !== undefined) c['image'] = was['image'];
  });
}

function activeDeadlineErrors(spec: JsonObject, old: JsonObject): FieldError[] {
  const field = 'spec.activeDeadlineSeconds';
  const now = numberAt(spec, 'activeDeadlineSeconds');
  const before = numberAt(old, 'activeDeadlineSeconds');
  if (now === undefined) {
    return before === undefined ? [] : [{ type: 'Invalid', field, value: null, detail: 'must not update from a positive integer to nil value' }];
  }
  if (now < 0 || now > 2147483647) return [{ type: 'Invalid', field, value: now, detail: 'must be between 0 and 2147483647, inclusive' }];
  if (before !== undefined && before < now) return [{ type: 'Invalid', field, value: now, detail: 'must be less than or equal to previous value' }];
  return [];
}

function tolerationErrors(spec: JsonObject, old: JsonObject): FieldError[] {
  const now = arrayAt(spec, 'tolerations') ?? [];
  const kept = (arrayAt(old, 'tolerations') ?? []).every((t) => now.some((n) => deepEqual(n, t)));
  return kept ? [] : [{ type: 'Forbidden', field: 'spec.tolerations', detail: 'existing toleration can not be modified except its tolerationSeconds' }];
}

/**
 * ValidatePodUpdate's spec rule: anything but the allowed fields differing from the stored spec is Forbidden.
 * `mayChange` names top-level fields a (deviating) server lets change anyway; a real server has none.
 */
export function podSpecUpdateErrors(spec: JsonObject, old: JsonObject, mayChange: (field: string) => boolean = () => false): FieldError[] {
  const errors = [...activeDeadlineErrors(spec, old), ...(mayChange('tolerations') ? [] : tolerationErrors(spec, old))];
  const munged = clone(spec);
  for (const key of new Set([...Object.keys(spec), ...Object.keys(old)])) {
    if (!mayChange(key)) continue;
    if (old[key] === undefined) delete munged[key];
    else munged[key] = old[key]!;
  }
  keepOldImages(munged, old, 'containers');
  keepOldImages(munged, old, 'initContainers');
  for (const key of ['activeDeadlineSeconds', 'tolerations']) {
    if (old[key] === undefined) delete munged[key];
    else munged[key] = old[key]!;
  }
  const grace = numberAt(old, 'terminationGracePeriodSeconds');
  if (grace !== undefined && grace < 0 && munged['terminationGracePeriodSeconds'] === 1) munged['terminationGracePeriodSeconds'] = grace;
  if (!deepEqual(munged, old)) {
    errors.push({ type: 'Forbidden', field: 'spec', detail: `${ALLOWED_CHANGES}\n${specDiff(old, munged)}` });
  }
  return errors;
}

function schedulingGatedCondition(now: string): JsonObject {
  return {
    type: 'PodScheduled',
    status: 'False',
    lastProbeTime: null,
    lastTransitionTime: now,
    reason: 'SchedulingGated',
    message: 'Scheduling is blocked due to non-empty scheduling gates',
  };
}

/** v1 PodStatus conversion: podIP/hostIP imply podIPs/hostIPs. */
function fillIpLists(status: JsonObject): void {
  for (const [single, plural] of [
    ['podIP', 'podIPs'],
    ['hostIP', 'hostIPs'],
  ] as const) {
    const ip = stringAt(status, single);
    if (ip && !arrayAt(status, plural)?.length) status[plural] = [{ ip }];
  }
}

/** The ServiceAccount plugin refuses a pod whose account does not exist (yet): 403, as kube-apiserver words it. */
function requireServiceAccount(pod: JsonObject, ctx: StrategyContext): void {
  const account = stringAt(objectAt(pod, 'spec'), 'serviceAccountName') || 'default';
  if (ctx.exists('serviceaccounts', ctx.namespace, account)) return;
  const name = stringAt(objectAt(pod, 'metadata'), 'name') ?? '';
  const message = `pods "${name}" is forbidden: error looking up service account ${ctx.namespace}/${account}: serviceaccount "${account}" not found`;
  throw new StatusError(403, 'Forbidden', message, { name, kind: 'pods' });
}

export const pods = defineKind(
  { resource: 'pods', group: '', kind: 'Pod', version: 'v1', namespaced: true, shape: pod },
  {
    prepareCreate(object: JsonObject, ctx: StrategyContext): void {
      ensureObject(object, 'metadata')['generation'] = 1;
      ctx.hooks.webhook(ctx.route, object);
      const spec = ensureObject(object, 'spec');
      defaultPodSpec(spec);
      if (ctx.hooks.admits('ServiceAccount')) requireServiceAccount(object, ctx);
      if (ctx.hooks.admits('PodSecurityRestricted')) enforceRestricted(object);
      admitPodSpec(spec, (plugin) => ctx.hooks.admits(plugin));
      const status: JsonObject = { phase: 'Pending' };
      if (arrayAt(spec, 'schedulingGates')?.length) status['conditions'] = [schedulingGatedCondition(ctx.now)];
      status['qosClass'] = qosClass(spec);
      object['status'] = status;
    },
    validateCreate(object: JsonObject): FieldError[] {
      const name = stringAt(objectAt(object, 'metadata'), 'name') ?? '';
      return [...validateName(name, 'subdomain'), ...validatePodSpec(objectAt(object, 'spec'), 'spec')];
    },
    prepareUpdate(object: JsonObject, _old: JsonObject, ctx: StrategyContext): void {
      const spec = ensureObject(object, 'spec');
      defaultPodSpec(spec);
      // DefaultTolerationSeconds mutates updates too; ServiceAccount and Priority only set fields on create.
      admitPodSpec(spec, (plugin) => plugin === 'DefaultTolerationSeconds' && ctx.hooks.admits(plugin));
    },
    validateUpdate(object: JsonObject, old: JsonObject, ctx: StrategyContext): FieldError[] {
      const spec = objectAt(object, 'spec') ?? {};
      const errors = validatePodSpec(spec, 'spec');
      if (!ctx.hooks.enforcesPodImmutability(ctx.route)) return errors;
      return [...errors, ...podSpecUpdateErrors(spec, objectAt(old, 'spec') ?? {}, (field) => ctx.hooks.mayChangePodSpecField(ctx.route, field))];
    },
    prepareStatusUpdate(object: JsonObject, old: JsonObject): void {
      const status = ensureObject(object, 'status');
      const oldStatus = objectAt(old, 'status');
      if (!stringAt(status, 'qosClass') && oldStatus?.['qosClass'] !== undefined) status['qosClass'] = oldStatus['qosClass'] as Json;
      fillIpLists(status);
    },
    validateStatusUpdate(object: JsonObject, old: JsonObject): FieldError[] {
      const nodeName = (o: JsonObject): Json | undefined => objectAt(o, 'spec')?.['nodeName'];
      return deepEqual(nodeName(object), nodeName(old)) ? [] : [{ type: 'Forbidden', field: 'status.nodeName', detail: 'may not be changed directly' }];
    },
  },
);
