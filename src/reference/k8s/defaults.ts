// Defaults a modern API server fills in (SetDefaults_* for pod specs, containers and job specs) and what the
// default admission plugins add to pods (ServiceAccount, Priority, DefaultTolerationSeconds), each plugin on or off.

import { randomBytes } from 'node:crypto';
import { arrayAt, ensureObject, isObject, objectAt, stringAt, type Json, type JsonObject } from '../json.js';

/** Admission plugins that change or refuse pods; PodSecurityRestricted is Pod Security admission enforcing `restricted`. */
export type AdmissionPlugin = 'ServiceAccount' | 'Priority' | 'DefaultTolerationSeconds' | 'PodSecurityRestricted';

function setIfAbsent(object: JsonObject, key: string, value: Json): void {
  if (object[key] === undefined) object[key] = value;
}

/** `Always` for `:latest` or untagged images, `IfNotPresent` otherwise (digests count as tags). */
export function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(container: Json): void {
  if (!isObject(container)) return;
  setIfAbsent(container, 'resources', {});
  setIfAbsent(container, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(container, 'terminationMessagePolicy', 'File');
  setIfAbsent(container, 'imagePullPolicy', defaultPullPolicy(stringAt(container, 'image') ?? ''));
  for (const port of arrayAt(container, 'ports') ?? []) {
    if (isObject(port)) setIfAbsent(port, 'protocol', 'TCP');
  }
}

const DEFAULT_TOLERATIONS: JsonObject[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function addDefaultTolerations(spec: JsonObject): void {
  const tolerations = arrayAt(spec, 'tolerations') ?? [];
  const has = (key: string): boolean => tolerations.some((t) => isObject(t) && t['key'] === key);
  const missing = DEFAULT_TOLERATIONS.filter((t) => !has(String(t['key'])));
  if (missing.length) spec['tolerations'] = [...tolerations, ...missing];
}

/** Pod spec defaults (SetDefaults_PodSpec), for pods and pod templates alike. */
export function defaultPodSpec(spec: JsonObject): void {
  for (const list of ['containers', 'initContainers']) {
    for (const c of arrayAt(spec, list) ?? []) defaultContainer(c);
  }
  setIfAbsent(spec, 'restartPolicy', 'Always');
  setIfAbsent(spec, 'terminationGracePeriodSeconds', 30);
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'securityContext', {});
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  setIfAbsent(spec, 'enableServiceLinks', true);
  setIfAbsent(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  // The deprecated alias is copied from serviceAccountName on output (Convert_core_PodSpec_To_v1_PodSpec).
  if (stringAt(spec, 'serviceAccountName')) spec['serviceAccount'] = stringAt(spec, 'serviceAccountName')!;
}

const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The ServiceAccount plugin: the `default` account, and a projected token volume unless one is mounted already. */
function admitServiceAccount(spec: JsonObject): void {
  setIfAbsent(spec, 'serviceAccountName', 'default');
  spec['serviceAccount'] = stringAt(spec, 'serviceAccountName')!;
  if (spec['automountServiceAccountToken'] === false) return;
  const containers = (arrayAt(spec, 'containers') ?? []).filter(isObject);
  const mounted = containers.some((c) => (arrayAt(c, 'volumeMounts') ?? []).some((m) => isObject(m) && m['mountPath'] === TOKEN_PATH));
  if (mounted) return;
  const name = `kube-api-access-${randomBytes(3).toString('hex').slice(0, 5)}`;
  spec['volumes'] = [
    ...(arrayAt(spec, 'volumes') ?? []),
    { name, projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } },
  ];
  for (const c of containers) c['volumeMounts'] = [...(arrayAt(c, 'volumeMounts') ?? []), { name, readOnly: true, mountPath: TOKEN_PATH }];
}

/** What the enabled admission plugins add to a pod on create. */
export function admitPodSpec(spec: JsonObject, admits: (plugin: AdmissionPlugin) => boolean): void {
  if (admits('ServiceAccount')) admitServiceAccount(spec);
  if (admits('Priority')) setIfAbsent(spec, 'priority', 0);
  if (admits('DefaultTolerationSeconds')) addDefaultTolerations(spec);
}

function resourcesOf(container: Json): { requests: JsonObject; limits: JsonObject } {
  const resources = isObject(container) ? objectAt(container, 'resources') : undefined;
  return { requests: objectAt(resources, 'requests') ?? {}, limits: objectAt(resources, 'limits') ?? {} };
}

/** The pod's QoS class from its containers' cpu and memory requests and limits. */
export function qosClass(spec: JsonObject): string {
  const containers = [...(arrayAt(spec, 'containers') ?? []), ...(arrayAt(spec, 'initContainers') ?? [])];
  const all = containers.map(resourcesOf);
  const names = ['cpu', 'memory'];
  const any = all.some((r) => names.some((n) => r.requests[n] !== undefined || r.limits[n] !== undefined));
  if (!any) return 'BestEffort';
  const guaranteed = all.every((r) =>
    names.every((n) => r.limits[n] !== undefined && (r.requests[n] === undefined || String(r.requests[n]) === String(r.limits[n]))),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Job defaults (SetDefaults_Job) and the labels and selector the server generates from the job's uid. */
export function defaultJob(job: JsonObject, uid: string, name: string): void {
  const spec = ensureObject(job, 'spec');
  if (spec['completions'] === undefined && spec['parallelism'] === undefined) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  setIfAbsent(spec, 'parallelism', 1);
  setIfAbsent(spec, 'backoffLimit', spec['backoffLimitPerIndex'] === undefined ? 6 : 2147483647);
  setIfAbsent(spec, 'completionMode', 'NonIndexed');
  setIfAbsent(spec, 'suspend', false);
  if (spec['podFailurePolicy'] === undefined) setIfAbsent(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
  const generated = { 'batch.kubernetes.io/controller-uid': uid };
  if (spec['manualSelector'] !== true) spec['selector'] = { matchLabels: generated };
  const template = ensureObject(spec, 'template');
  const meta = ensureObject(template, 'metadata');
  setIfAbsent(meta, 'creationTimestamp', null);
  if (spec['manualSelector'] !== true) {
    meta['labels'] = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
      ...(objectAt(meta, 'labels') ?? {}),
    };
  }
  defaultPodSpec(ensureObject(template, 'spec'));
}
