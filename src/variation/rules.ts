// The variation model's rules: each names one way a faithful server may legitimately differ from the documented
// examples, with the reason and where that behaviour is written down. Every loosening a check applies is a note
// carrying one of these names, so a reader of a report sees what was allowed and why.

export type RuleName =
  | 'presence'
  | 'null'
  | 'zero-value'
  | 'environment'
  | 'generated'
  | 'sample-value'
  | 'message'
  | 'doc-drift'
  | 'timestamp'
  | 'unknown-field';

export interface Rule {
  name: RuleName;
  /** What a faithful server may do, in one sentence. */
  allows: string;
  /** Why that is still conformant. */
  reason: string;
  /** Where the behaviour is documented. */
  source: string;
}

const rule = (name: RuleName, allows: string, reason: string, source: string): Rule => ({ name, allows, reason, source });

export const RULES: Record<RuleName, Rule> = {
  presence: rule(
    'presence',
    'leave out a documented field, unless the request put it there, the documentation makes it a consequence of the request or marks it required, or it identifies the object',
    'a documented example shows one full object; servers leave out optional, unset and version-dependent fields',
    'SelfCommunity schema pages (the Required column: only categories on Status, name and slug on Category); Kubernetes API conventions (optional fields are omitted)',
  ),
  null: rule(
    'null',
    'send null where the documentation does not rule null out; where a schema says type¦null, null is simply valid',
    'Django REST Framework renders an unset nullable model field as null; Go renders a zero metav1.Time as null',
    'SelfCommunity schemas/category.md and schemas/user.md (string¦null, integer¦null); apimachinery metav1.Time.MarshalJSON',
  ),
  'zero-value': rule(
    'zero-value',
    'for APIs served by Go (Kubernetes): leave out a field that holds its zero value (0, "", false, an empty list or map, a null time)',
    'Go structs are marshalled with omitempty: an absent scalar and its zero value mean the same',
    'k8s.io/api batch/v1 and core/v1 types.go struct tags (JobStatus.active, succeeded, failed are int32 with omitempty)',
  ),
  environment: rule(
    'environment',
    'add, set or leave out fields that admission plugins, controllers or community preferences decide; when present they are type-checked',
    'the same server answers differently with the ServiceAccount or DefaultTolerationSeconds admission on or off, with or without controllers, and with a community preference on or off',
    'Kubernetes admission plugin docs (ServiceAccount, DefaultTolerationSeconds, Priority); SelfCommunity schemas/user.md ("Only if dynamic preference ... is true")',
  ),
  generated: rule(
    'generated',
    'choose its own ids, uids, resourceVersions, timestamps and generated names, in bodies and in request paths that carry them',
    'these values are made by the server; only their type is documented',
    'Kubernetes API concepts (resourceVersion is opaque); SelfCommunity schemas (read-only id, added_at, slug)',
  ),
  'sample-value': rule(
    'sample-value',
    'choose any value of the documented type where neither the documentation nor the request decides it',
    'documented examples show sample values (names, counts, defaults, ids): they stand for types, not for values',
    'DESIGN.md Conventions, "Documented examples" (sample values are types); the example placeholders "string", "integer", 0',
  ),
  message: rule(
    'message',
    'word human-readable messages its own way: only documented fragments are compared, never whole texts',
    'message texts change between versions and implementations; machine-readable fields (reason, code, details) carry the meaning',
    'Kubernetes API conventions (Status: message is for humans, reason and details for machines)',
  ),
  'doc-drift': rule(
    'doc-drift',
    'leave out fields the documentation still shows but modern servers no longer send or accept (selfLink, clusterName, metadata.enable)',
    'the documentation predates the server version',
    'Kubernetes RemoveSelfLink (beta, on by default since 1.20; GA 1.24); ObjectMeta has no clusterName since 1.24',
  ),
  timestamp: rule(
    'timestamp',
    'render a timestamp the request sent in another RFC 3339 form of the same instant (offset, fractional seconds)',
    'RFC 3339 has several renderings of one instant; servers normalise them',
    'RFC 3339 section 5.6; apimachinery metav1.Time (UTC, whole seconds)',
  ),
  'unknown-field': rule(
    'unknown-field',
    'send fields newer than the schema Vouch checks against',
    'each release adds optional fields; a newer server is not wrong for sending them',
    'Kubernetes API versioning policy (fields are added to a stable version, never removed)',
  ),
};

export function ruleOf(name: RuleName): Rule {
  return RULES[name];
}

export const RULE_NAMES = Object.keys(RULES) as RuleName[];
