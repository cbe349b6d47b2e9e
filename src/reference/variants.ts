// Faithful variants: the other half of the mutation matrix. Each is one real server configuration that differs
// from the default reference server and is still conformant to the documents; every suite must pass on each.
// A variant changes hooks that decide what a real server may decide (admission, serialisation, texts, ids).

import { ensureObject, objectAt, type JsonObject } from './json.js';
import { conformant, mapBody, type Api, type Hooks } from './hooks.js';
import { errorsList, inTimeZone, mapK8sObjects, mapNested, mapScObjects, olderErrorTexts, omitEmpty, sortedJson, withNulls } from './variant-shapes.js';

export interface Variant {
  name: string;
  api: Api;
  /** What this server does differently, in one line. */
  description: string;
  /** Where that behaviour comes from. */
  source: string;
  hooks: Partial<Hooks>;
}

const SC_NULLABLE_CATEGORY = ['name_synonyms', 'html_info', 'seo_title', 'seo_description', 'emotional_image_original'];
const SC_UNSET_USER = ['website', 'date_of_birth', 'cover', 'ext_id', 'location_lat_lng', 'position_lat_lng'];

function followDisabled(user: JsonObject): JsonObject {
  const { followings_counter: _a, followers_counter: _b, posts_counter: _c, discussions_counter: _d, polls_counter: _e, ...rest } = user;
  return { ...rest, connections_counter: 0, connection_requests_sent_counter: 0, connection_requests_received_counter: 0 };
}

/** A Warning header with one more value: a real server sends every warning the request collected. */
function withWarning(existing: string | string[] | undefined, value: string): string[] {
  return [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), value];
}

function webhookMarks(object: JsonObject): void {
  const meta = ensureObject(object, 'metadata');
  meta['annotations'] = { ...(objectAt(meta, 'annotations') ?? {}), 'sidecar.mesh.example/status': '{"injected":false,"reason":"no sidecar for this namespace"}' };
  meta['labels'] = { ...(objectAt(meta, 'labels') ?? {}), 'security.policy.example/profile': 'baseline' };
}

export const VARIANTS: Variant[] = [
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
    description: 'Pod Security enforced at the restricted level for every namespace, and a busy controller manager: a new namespace has its default service account only after 1.5 s',
    source: 'Pod Security admission configuration (defaults.enforce: restricted); api-behaviour.md A3b (a new namespace gets its default ServiceAccount a moment after creation)',
    hooks: { admits: () => true, serviceAccountDelayMs: () => 1500 },
  },
  {
    name: 'k8s-go-omitempty',
    api: 'kubernetes',
    description: 'fields tagged omitempty that hold a zero value are not sent (status.active 0, false booleans, empty strings), as a Go API server marshals them',
    source: 'k8s.io/api batch/v1 and core/v1 types.go struct tags; api-behaviour.md A3b',
    hooks: { shape: (route, reply) => mapK8sObjects(route, reply, (o) => omitEmpty(o) as JsonObject) },
  },
  {
    name: 'k8s-webhook-newer',
    api: 'kubernetes',
    description: 'a newer server with a mutating webhook: pods get an annotation and a label on create, status.observedGeneration, and writes answer with a Warning header',
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
        return { ...shaped, headers: { ...shaped.headers, warning: withWarning(shaped.headers['warning'], '299 - "this cluster enforces the baseline Pod Security profile in audit mode"') } };
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
    description: 'a non-Go implementation: indented JSON with keys in alphabetical order, a charset parameter on its JSON Content-Type, and API Priority and Fairness headers',
    source: 'RFC 8259 (member order is not significant); RFC 9110 8.3.1 (media type parameters; application/json defines no charset, and a recipient ignores it); Kubernetes API Priority and Fairness (X-Kubernetes-PF-* response headers)',
    hooks: {
      serialize: (route, body) => (route.api === 'kubernetes' ? sortedJson(body, 4) : undefined),
      shape: (route, reply) => (route.api === 'kubernetes' ? { ...reply, headers: { ...reply.headers, ...(reply.body !== undefined ? { 'content-type': 'application/json;charset=utf-8' } : {}), 'x-kubernetes-pf-flowschema-uid': '6f1d2c3b-0000-4000-8000-000000000001', 'x-kubernetes-pf-prioritylevel-uid': '6f1d2c3b-0000-4000-8000-000000000002' } } : reply),
    },
  },
  {
    name: 'k8s-anonymous-auth',
    api: 'kubernetes',
    description: 'anonymous authentication on (the kube-apiserver default): a request without credentials is system:anonymous, refused by RBAC with 403 Forbidden instead of 401',
    source: 'kube-apiserver --anonymous-auth (default true); Kubernetes "Authenticating" (anonymous requests); api-behaviour.md A4 (the 403 Status body)',
    hooks: { anonymousAuth: () => true },
  },
  {
    name: 'sc-nulls',
    api: 'selfcommunity',
    description: 'unset optional fields are null: category synonyms, texts and images; user website, birth date, cover, ext_id and coordinates',
    source: 'SelfCommunity schemas/category.md and schemas/user.md (string¦null, integer¦null); DRF renders an unset nullable field as null',
    hooks: {
      shape: (route, reply) =>
        mapScObjects(route, reply, (o) => mapNested(o, { category: (c) => withNulls(c, SC_NULLABLE_CATEGORY), user: (u) => withNulls(u, SC_UNSET_USER) })),
    },
  },
  {
    name: 'sc-preferences',
    api: 'selfcommunity',
    description: 'a community with follows, posts and polls turned off: users carry connection counters instead of follower, post and poll counters',
    source: 'SelfCommunity schemas/user.md ("Only if dynamic preference configurations.follow_enabled / post_type_enabled / addons.polls_enabled is true")',
    hooks: { shape: (route, reply) => mapScObjects(route, reply, (o) => mapNested(o, { user: followDisabled })) },
  },
  {
    name: 'sc-errors-list',
    api: 'selfcommunity',
    description: 'errors in SelfCommunity\'s own format, {"errors": [{"code", "message"}]}, instead of DRF\'s {"detail"}',
    source: 'community-js packages/api-services/src/utils/http.ts (reads response.data.errors); api-behaviour.md Part B',
    hooks: { shape: errorsList },
  },
  {
    name: 'sc-local-time',
    api: 'selfcommunity',
    description: 'times in the community\'s time zone (+01:00) instead of UTC, html wrapped in a paragraph, status ids from a sequence that starts at 5000',
    source: 'Django TIME_ZONE with USE_TZ (DRF renders local time with its offset); SelfCommunity Status.html is server-rendered HTML',
    hooks: {
      firstStatusId: () => 5000,
      shape: (route, reply) =>
        mapScObjects(route, reply, (o) => {
          const html = o['html'];
          const wrapped = typeof html === 'string' && !html.startsWith('<p>') ? { ...o, html: `<p>${html}</p>` } : o;
          return inTimeZone(wrapped, 1) as JsonObject;
        }),
    },
  },
  {
    name: 'sc-more-fields',
    api: 'selfcommunity',
    description: 'fields the schema pages document beyond the endpoint example: category parents, user community_badge, connection_status and categories_counter',
    source: 'SelfCommunity schemas/category.md (parents) and schemas/user.md (community_badge, connection_status, categories_counter)',
    hooks: {
      shape: (route, reply) =>
        mapScObjects(route, reply, (o) =>
          mapNested(o, {
            category: (c) => ({ ...c, parents: [] }),
            user: (u) => ({ ...u, community_badge: false, connection_status: null, categories_counter: 1 }),
          }),
        ),
    },
  },
  {
    name: 'sc-nested-categories',
    api: 'selfcommunity',
    description: 'nested categories: the community lists a subcategory first, and a status filed under it gets its parent category added automatically, listed before it',
    source: 'SelfCommunity doc 004 ("If a category id has parents, the parent categories are added automatically"); api-behaviour.md Part B; schemas/category.md (parents); the order of a status\'s categories is not documented',
    hooks: { nestedCategories: () => true },
  },
  {
    name: 'sc-proxy-charset',
    api: 'selfcommunity',
    description: 'behind a reverse proxy that adds a charset to JSON answers: Content-Type application/json; charset=utf-8',
    source: 'nginx ngx_http_charset_module (charset utf-8; charset_types application/json); RFC 8259 section 11 (a charset parameter has no effect on JSON)',
    hooks: {
      shape: (route, reply) =>
        route.api === 'selfcommunity' && reply.body !== undefined && reply.raw === undefined
          ? { ...reply, headers: { ...reply.headers, 'content-type': 'application/json; charset=utf-8' } }
          : reply,
    },
  },
];

/**
 * The hooks of server configurations and a profile together: variants compose (their reply shapes apply in
 * order, so `k8s-go-omitempty,sc-nulls` is one server configured both ways), and the profile breaks one behaviour.
 */
export function composeHooks(variants: readonly Variant[], profile: Partial<Hooks>): Hooks {
  let hooks: Hooks = { ...conformant };
  for (const v of variants) {
    const { shape, ...rest } = v.hooks;
    const before = hooks.shape;
    hooks = { ...hooks, ...rest, ...(shape ? { shape: (route, reply) => shape(route, before(route, reply)) } : {}) };
  }
  return { ...hooks, ...profile };
}

/** The variants a `--variant` value names, comma-separated (none for the default server). Throws on an unknown one. */
export function findVariants(names: string | undefined): Variant[] {
  const wanted = (names ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '' && n !== 'default');
  return wanted.map((name) => {
    const variant = VARIANTS.find((v) => v.name === name);
    if (!variant) throw new Error(`unknown variant "${name}"; valid variants: ${VARIANTS.map((v) => v.name).join(', ')}`);
    return variant;
  });
}
