// Faithful variants of the Kubernetes API: each is one real server configuration that differs from the default
// reference server and is still conformant to the documents (admission, serialisation, texts, versions, auth).

import { ensureObject, objectAt, type JsonObject } from './json.js';
import { mapBody } from './hooks.js';
import { mapK8sObjects, olderErrorTexts, omitEmpty, sortedJson } from './variant-shapes.js';
import type { Variant } from './variants.js';

/** A Warning header with one more value: a real server sends every warning the request collected. */
function withWarning(existing: string | string[] | undefined, value: string): string[] {
  return [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), value];
}

function webhookMarks(object: JsonObject): void {
  const meta = ensureObject(object, 'metadata');
  meta['annotations'] = {
    ...(objectAt(meta, 'annotations') ?? {}),
    'sidecar.mesh.example/status': '{"injected":false,"reason":"no sidecar for this namespace"}',
  };
  meta['labels'] = { ...(objectAt(meta, 'labels') ?? {}), 'security.policy.example/profile': 'baseline' };
}

export const K8S_VARIANTS: Variant[] = [
  {
    name: 'k8s-no-admission',
    api: 'kubernetes',
    description: 'no ServiceAccount, Priority or DefaultTolerationSeconds admission: pods get no service account, priority or default tolerations',
    source: 'kube-apiserver --disable-admission-plugins; api-behaviour.md A3b (the ServiceAccount plugin is on by default and can be disabled)',
    hooks: { admits: () => false },
  },
  {
    name: 'k8s-restricted-slow',
    api: 'kubernetes',
    description:
      'Pod Security enforced at the restricted level for every namespace, and a busy controller manager: a new namespace has its default service account only after 1.5 s',
    source:
      'Pod Security admission configuration (defaults.enforce: restricted); api-behaviour.md A3b (a new namespace gets its default ServiceAccount a moment after creation)',
    hooks: { admits: () => true, serviceAccountDelayMs: () => 1500 },
  },
  {
    name: 'k8s-go-omitempty',
    api: 'kubernetes',
    description:
      'fields tagged omitempty that hold a zero value are not sent (status.active 0, false booleans, empty strings), as a Go API server marshals them',
    source: 'k8s.io/api batch/v1 and core/v1 types.go struct tags; api-behaviour.md A3b',
    hooks: { shape: (route, reply) => mapK8sObjects(route, reply, (o) => omitEmpty(o) as JsonObject) },
  },
  {
    name: 'k8s-webhook-newer',
    api: 'kubernetes',
    description:
      'a newer server with a mutating webhook: pods get an annotation and a label on create, status.observedGeneration, and writes answer with a Warning header',
    source: 'Kubernetes MutatingAdmissionWebhook; PodObservedGenerationTracking (1.33+); api-behaviour.md A3b "Versions add fields"',
    hooks: {
      webhook: (route, object) => (route.resource === 'pods' ? webhookMarks(object) : undefined),
      shape: (route, reply) => {
        const shaped = mapK8sObjects(route, reply, (o) => {
          if (o['kind'] !== 'Pod' && route.resource !== 'pods') return o;
          const status = objectAt(o, 'status');
          return status ? { ...o, status: { ...status, observedGeneration: 1 } } : o;
        });
        if (route.api !== 'kubernetes' || !['create', 'update', 'patch'].includes(route.verb) || reply.status >= 300) return shaped;
        return {
          ...shaped,
          headers: {
            ...shaped.headers,
            warning: withWarning(shaped.headers['warning'], '299 - "this cluster enforces the baseline Pod Security profile in audit mode"'),
          },
        };
      },
    },
  },
  {
    name: 'k8s-opaque-versions',
    api: 'kubernetes',
    description: 'resourceVersions are opaque strings, not decimal counters',
    source: 'Kubernetes API concepts, "Resource versions" (opaque; compare only for equality); api-behaviour.md A1',
    hooks: { resourceVersion: (n) => `Cg${Buffer.from(`rv-${n}`).toString('base64url')}` },
  },
  {
    name: 'k8s-error-texts',
    api: 'kubernetes',
    description: 'error messages worded as an older minor version words them (pod immutability list joined with ", " and "or", media types in another order)',
    source: 'api-behaviour.md A2 (older clusters join the list with ", " and end with "or `spec.tolerations`", kubernetes#121855)',
    hooks: { shape: (route, reply) => (route.api === 'kubernetes' && reply.status >= 400 ? mapBody(reply, olderErrorTexts) : reply) },
  },
  {
    name: 'k8s-sorted-pretty',
    api: 'kubernetes',
    description:
      'a non-Go implementation: indented JSON with keys in alphabetical order, a charset parameter on its JSON Content-Type, and API Priority and Fairness headers',
    source:
      'RFC 8259 (member order is not significant); RFC 9110 8.3.1 (media type parameters; application/json defines no charset, and a recipient ignores it); Kubernetes API Priority and Fairness (X-Kubernetes-PF-* response headers)',
    hooks: {
      serialize: (route, body) => (route.api === 'kubernetes' ? sortedJson(body, 4) : undefined),
      shape: (route, reply) =>
        route.api === 'kubernetes'
          ? {
              ...reply,
              headers: {
                ...reply.headers,
                ...(reply.body !== undefined ? { 'content-type': 'application/json;charset=utf-8' } : {}),
                'x-kubernetes-pf-flowschema-uid': '6f1d2c3b-0000-4000-8000-000000000001',
                'x-kubernetes-pf-prioritylevel-uid': '6f1d2c3b-0000-4000-8000-000000000002',
              },
            }
          : reply,
    },
  },
  {
    name: 'k8s-anonymous-auth',
    api: 'kubernetes',
    description:
      'anonymous authentication on (the kube-apiserver default): a request without credentials is system:anonymous, refused by RBAC with 403 Forbidden instead of 401',
    source: 'kube-apiserver --anonymous-auth (default true); Kubernetes "Authenticating" (anonymous requests); api-behaviour.md A4 (the 403 Status body)',
    hooks: { anonymousAuth: () => true },
  },
];
