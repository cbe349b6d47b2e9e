// What the servers of each API are known to do, as data the variation rules read: how they serialise (Go leaves
// zero values out), which fields identify an object, which values they generate, which fields admission,
// controllers or preferences decide, and which documented fields are drift. Kubernetes facts apply to the
// `kubernetes` API only; an API with no entry gets the generic traits.
import { parseFieldPath, pathMatches, type Segment } from '../util/field-path.js';
import type { RuleName } from './rules.js';

export interface FieldClass {
  /** Field paths with `*` wildcards; a path also covers what is under it. */
  paths: string[];
  /** Key names that count wherever they appear. */
  keys: string[];
  /** The reason a note gives. */
  why: string;
}

export interface ApiTraits {
  api: string;
  /** Responses are Go structs marshalled by encoding/json with omitempty: an absent field equals its zero value. */
  goZeroValues: boolean;
  /** Fields that identify the object: required wherever the documentation shows them, never null. */
  identity: FieldClass;
  /** Values the server makes: compared by type, never taken from the request. */
  generated: FieldClass;
  /** Fields that admission plugins, controllers or community preferences decide. */
  environment: FieldClass[];
  /** Fields the documentation shows that modern servers no longer send or accept. */
  docDrift: FieldClass;
  /** Human-readable texts: only documented fragments are compared. */
  messages: FieldClass;
  /** Top-level fields whose documented value every object of its type carries (Kubernetes' kind and apiVersion). */
  typeFields: string[];
  /** Fields a write changes on its own, left out of `patched` (after a PATCH) and `unchanged` relations. */
  writeManaged: { patched: string[]; unchanged: string[] };
}

const cls = (paths: string[], keys: string[], why: string): FieldClass => ({ paths, keys, why });

const KUBERNETES: ApiTraits = {
  api: 'kubernetes',
  goZeroValues: true,
  identity: cls(['kind', 'apiVersion', 'metadata.name', 'metadata.namespace'], [], 'it identifies the object'),
  generated: cls(
    [],
    ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'generation', 'selfLink'],
    'the API server sets it',
  ),
  environment: [
    cls(
      [
        'spec.serviceAccountName',
        'spec.serviceAccount',
        'spec.automountServiceAccountToken',
        'spec.volumes',
        'spec.containers[*].volumeMounts',
        'spec.initContainers[*].volumeMounts',
      ],
      [],
      'set by the ServiceAccount admission plugin, which a cluster may run or not',
    ),
    cls(['spec.tolerations'], [], 'decided by the DefaultTolerationSeconds admission plugin'),
    cls(['spec.priority', 'spec.priorityClassName', 'spec.preemptionPolicy'], [], 'set by the Priority admission plugin'),
    cls(['spec.nodeName', 'spec.schedulerName'], [], 'set by a scheduler, or defaulted by the server version'),
    cls(
      [
        'status.conditions',
        'status.qosClass',
        'status.hostIP',
        'status.hostIPs',
        'status.podIP',
        'status.podIPs',
        'status.startTime',
        'status.containerStatuses',
        'status.initContainerStatuses',
        'status.observedGeneration',
      ],
      [],
      'set by the kubelet, the scheduler or controllers',
    ),
    cls(
      ['metadata.annotations', 'metadata.ownerReferences', 'metadata.finalizers', 'metadata.labels'],
      [],
      'decided by admission webhooks, controllers or the server version',
    ),
    cls(
      ['spec.podReplacementPolicy', 'spec.template.metadata.labels', 'spec.selector.matchLabels', 'spec.enableServiceLinks'],
      [],
      'defaulted differently by server versions and feature gates',
    ),
  ],
  docDrift: cls(
    ['metadata.selfLink', 'metadata.clusterName', 'metadata.enable', 'spec.template.metadata.enable', 'spec.template.metadata.selfLink'],
    [],
    'documented, not sent by modern servers',
  ),
  messages: cls([], ['message'], 'a human-readable text'),
  typeFields: ['kind', 'apiVersion'],
  writeManaged: { patched: ['metadata.resourceVersion', 'metadata.managedFields', 'metadata.generation'], unchanged: ['metadata.managedFields'] },
};

const NONE = { patched: [], unchanged: [] };

const SELFCOMMUNITY: ApiTraits = {
  api: 'selfcommunity',
  goZeroValues: false,
  identity: cls(['type'], ['id'], 'it identifies the object'),
  generated: cls([], ['id', 'slug', 'added_at', 'last_activity_at', 'last_edited_at', 'lastmod_datetime', 'date_joined'], 'the server sets it'),
  environment: [
    cls(
      [],
      [
        'followings_counter',
        'followers_counter',
        'posts_counter',
        'discussions_counter',
        'statuses_counter',
        'polls_counter',
        'categories_counter',
        'connections_counter',
        'connection_requests_sent_counter',
        'connection_requests_received_counter',
        'connection_status',
      ],
      'sent only if a community preference enables the feature (schemas/user.md)',
    ),
    cls([], ['location_lat_lng'], 'filled only when the Google Geocoding integration is active (schemas/user.md)'),
  ],
  docDrift: cls([], [], ''),
  messages: cls([], ['message', 'detail'], 'a human-readable text'),
  typeFields: [],
  // Not Kubernetes' metadata: what an edit changes here (a status's last_edited_at) goes in a relation's `ignore:`.
  writeManaged: NONE,
};

const GENERIC: ApiTraits = {
  api: '*',
  goZeroValues: false,
  identity: cls(['kind', 'apiVersion', 'id'], [], 'it identifies the object'),
  generated: cls([], ['id', 'uid', 'uuid'], 'the server sets it'),
  environment: [],
  docDrift: cls([], [], ''),
  messages: cls([], ['message', 'detail'], 'a human-readable text'),
  typeFields: [],
  writeManaged: NONE,
};

const TABLE = new Map<string, ApiTraits>([KUBERNETES, SELFCOMMUNITY].map((t) => [t.api, t]));

export function traitsFor(api: string): ApiTraits {
  return TABLE.get(api) ?? { ...GENERIC, api };
}

const parsed = new Map<string, Segment[]>();
function segs(path: string): Segment[] {
  let hit = parsed.get(path);
  if (!hit) parsed.set(path, (hit = parseFieldPath(path)));
  return hit;
}

/** Does a concrete path fall in the class: one of its paths (or under one), or a key it names? */
export function inClass(c: FieldClass, path: readonly Segment[]): boolean {
  const last = path[path.length - 1];
  if (typeof last === 'string' && c.keys.includes(last)) return true;
  return c.paths.some((p) => pathMatches(segs(p), path));
}

/** Is the path exactly one of the class's paths (not merely under one), or a key it names? */
export function isClassField(c: FieldClass, path: readonly Segment[]): boolean {
  const last = path[path.length - 1];
  if (typeof last === 'string' && c.keys.includes(last)) return true;
  return c.paths.some((p) => segs(p).length === path.length && pathMatches(segs(p), path));
}

/** The environment class a path falls in, if any. */
export function environmentOf(t: ApiTraits, path: readonly Segment[]): FieldClass | undefined {
  return t.environment.find((c) => inClass(c, path));
}

/** Is the path, or a field above it, generated by the server? */
export function isGenerated(t: ApiTraits, path: readonly Segment[]): boolean {
  return path.some((s, i) => typeof s === 'string' && isClassField(t.generated, path.slice(0, i + 1)));
}

/** The rule a documented field that the response leaves out falls under (identity fields are never allowed). */
export function absenceRule(t: ApiTraits, path: readonly Segment[]): { rule: RuleName; why: string } {
  const env = environmentOf(t, path);
  if (env) return { rule: 'environment', why: env.why };
  if (isGenerated(t, path)) return { rule: 'generated', why: t.generated.why };
  return { rule: 'presence', why: 'documented, not required: neither sent in the request nor marked required' };
}
