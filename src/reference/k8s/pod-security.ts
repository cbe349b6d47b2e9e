// Pod Security admission at the `restricted` level (what a namespace labelled
// pod-security.kubernetes.io/enforce=restricted, or a cluster enforcing it by default, admits): the checks of the
// Pod Security Standards a pod spec can fail, worded as kube-apiserver words the 403.

import { arrayAt, isObject, objectAt, stringAt, type Json, type JsonObject } from '../json.js';
import { StatusError } from './errors.js';

const VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

function containers(spec: JsonObject): JsonObject[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((k) => (arrayAt(spec, k) ?? []).filter(isObject));
}

const sc = (o: JsonObject | undefined): JsonObject | undefined => objectAt(o, 'securityContext');
const names = (cs: JsonObject[]): string => cs.map((c) => `"${stringAt(c, 'name') ?? ''}"`).join(', ');
const them = (cs: JsonObject[], what: string): string => `${cs.length > 1 ? 'containers' : 'container'} ${names(cs)} must ${what}`;

/** The restricted-level violations of a pod spec, each `check (what to set)`, in the order kube-apiserver lists them. */
export function restrictedViolations(spec: JsonObject): string[] {
  const all = containers(spec);
  const out: string[] = [];
  const escalating = all.filter((c) => sc(c)?.['allowPrivilegeEscalation'] !== false);
  if (escalating.length) out.push(`allowPrivilegeEscalation != false (${them(escalating, 'set securityContext.allowPrivilegeEscalation=false')})`);
  const caps = all.filter((c) => !(arrayAt(objectAt(sc(c), 'capabilities'), 'drop') ?? []).includes('ALL'));
  if (caps.length) out.push(`unrestricted capabilities (${them(caps, 'set securityContext.capabilities.drop=["ALL"]')})`);
  const bad = (arrayAt(spec, 'volumes') ?? []).filter(
    (v): v is JsonObject => isObject(v) && !Object.keys(v).some((k) => k === 'name' || VOLUME_TYPES.includes(k)),
  );
  if (bad.length) out.push(`restricted volume types (volume ${bad.map((v) => `"${stringAt(v, 'name') ?? ''}"`).join(', ')} uses a restricted volume type)`);
  const podNonRoot = sc(spec)?.['runAsNonRoot'] === true;
  const root = all.filter((c) => sc(c)?.['runAsNonRoot'] === false || (!podNonRoot && sc(c)?.['runAsNonRoot'] !== true));
  if (root.length) out.push(`runAsNonRoot != true (pod or ${them(root, 'set securityContext.runAsNonRoot=true')})`);
  const seccomp = (o: JsonObject | undefined): Json | undefined => objectAt(objectAt(o, 'securityContext'), 'seccompProfile')?.['type'];
  const okType = (t: Json | undefined): boolean => t === 'RuntimeDefault' || t === 'Localhost';
  const noSeccomp = all.filter((c) => !okType(seccomp(c) ?? seccomp(spec)));
  if (noSeccomp.length) out.push(`seccompProfile (pod or ${them(noSeccomp, 'set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"')})`);
  return out;
}

/** Refuses a pod that the restricted level does not admit: 403 Forbidden. */
export function enforceRestricted(pod: JsonObject): void {
  const violations = restrictedViolations(objectAt(pod, 'spec') ?? {});
  if (violations.length === 0) return;
  const name = stringAt(objectAt(pod, 'metadata'), 'name') ?? '';
  throw new StatusError(403, 'Forbidden', `pods "${name}" is forbidden: violates PodSecurity "restricted:latest": ${violations.join(', ')}`, {
    name,
    kind: 'pods',
  });
}
