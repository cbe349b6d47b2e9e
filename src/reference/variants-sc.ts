// Faithful variants of the SelfCommunity API: each is one real community configuration that differs from the
// default reference server and is still conformant to the documents (nulls, preferences, errors, time zone, proxy).

import type { JsonObject } from './json.js';
import { errorsList, inTimeZone, mapNested, mapScObjects, withNulls } from './variant-shapes.js';
import type { Variant } from './variants.js';

const SC_NULLABLE_CATEGORY = ['name_synonyms', 'html_info', 'seo_title', 'seo_description', 'emotional_image_original'];
const SC_UNSET_USER = ['website', 'date_of_birth', 'cover', 'ext_id', 'location_lat_lng', 'position_lat_lng'];

function followDisabled(user: JsonObject): JsonObject {
  const { followings_counter: _a, followers_counter: _b, posts_counter: _c, discussions_counter: _d, polls_counter: _e, ...rest } = user;
  return { ...rest, connections_counter: 0, connection_requests_sent_counter: 0, connection_requests_received_counter: 0 };
}

export const SC_VARIANTS: Variant[] = [
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
    description: "times in the community's time zone (+01:00) instead of UTC, html wrapped in a paragraph, status ids from a sequence that starts at 5000",
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
    description:
      'fields the schema pages document beyond the endpoint example: category parents, user community_badge, connection_status and categories_counter',
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
    description:
      'nested categories: the community lists a subcategory first, and a status filed under it gets its parent category added automatically, listed before it',
    source:
      'SelfCommunity doc 004 ("If a category id has parents, the parent categories are added automatically"); api-behaviour.md Part B; schemas/category.md (parents); the order of a status\'s categories is not documented',
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
