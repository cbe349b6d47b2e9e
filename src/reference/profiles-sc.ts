// Deviation profiles of the SelfCommunity API (seed 004's parameter table and the Status, Media and Tag schema
// pages): each breaks one documented behaviour of PUT /api/v2/status/{id}/ (who may write, what is stored) or of the
// JSON it answers with. The API's module (selfcommunity/api.ts) lists them.

import type { Reply } from './http.js';
import { isObject, type Json, type JsonObject } from './json.js';
import type { Profile, Route } from './hooks.js';
import type { StatusField, StatusRule } from './selfcommunity/status-hooks.js';

const SC_STATUS = 'PUT /api/v2/status/{id}/';
const SC_JSON = 'every SelfCommunity JSON response';

const isUpdate = (r: Route): boolean => r.api === 'selfcommunity' && r.resource === 'status' && r.verb === 'update';

/** A profile that changes one serializer rule of one field on status updates. */
function ruleOnUpdate(field: StatusField, rule: StatusRule, value: boolean): Profile['hooks'] {
  return { statusRule: (r, f, ru, documented) => (isUpdate(r) && f === field && ru === rule ? value : documented) };
}

/** Applies `change` to the Status objects of a successful SelfCommunity status reply (one, or a page of them). */
function mapStatuses(route: Route, reply: Reply, change: (status: JsonObject) => JsonObject): Reply {
  if (route.api !== 'selfcommunity' || route.resource !== 'status' || reply.status >= 300 || !isObject(reply.body)) return reply;
  const body = reply.body;
  const results = body['results'];
  if (Array.isArray(results)) return { ...reply, body: { ...body, results: results.map((s) => (isObject(s) ? change(s) : s)) } };
  return body['type'] === 'status' ? { ...reply, body: change(body) } : reply;
}

function withoutAuthor(status: JsonObject): JsonObject {
  const { author: _dropped, ...rest } = status;
  return rest;
}

function mediaIds(status: JsonObject): JsonObject {
  const medias = status['medias'];
  return Array.isArray(medias) ? { ...status, medias: medias.map((m) => (isObject(m) ? (m['id'] ?? null) : m)) } : status;
}

const TAG_BOOLEANS = ['active', 'visible', 'visibility_boost', 'deleted'];

function tagWithStringBooleans(tag: Json): Json {
  if (!isObject(tag)) return tag;
  return Object.fromEntries(Object.entries(tag).map(([k, v]) => [k, TAG_BOOLEANS.includes(k) && typeof v === 'boolean' ? String(v) : v]));
}

/** The Tags of a reply: the list of addressing tags, or the addressing of Status objects. */
function mapTags(route: Route, reply: Reply): Reply {
  if (route.api === 'selfcommunity' && route.resource === 'tag' && Array.isArray(reply.body)) return { ...reply, body: reply.body.map(tagWithStringBooleans) };
  return mapStatuses(route, reply, (s) => (Array.isArray(s['addressing']) ? { ...s, addressing: s['addressing'].map(tagWithStringBooleans) } : s));
}

export const SC_PROFILES: Profile[] = [
  {
    name: 'status-non-owner-allowed',
    operation: SC_STATUS,
    description: 'lets a user who is not the creator update a status (200 instead of 403)',
    hooks: { mayModify: (r, userId, authorId) => r.verb === 'update' || userId === authorId },
  },
  {
    name: 'status-no-auth',
    operation: SC_STATUS,
    description: 'accepts a status update sent without credentials (200 instead of 401)',
    hooks: { acceptsAnonymous: (r) => r.verb === 'update' },
  },
  {
    name: 'status-html-not-updated',
    operation: SC_STATUS,
    description: 'answers a status update with 200 but keeps the old text (html and summary unchanged)',
    hooks: { editedText: (_r, stored) => stored },
  },
  {
    name: 'status-missing-field',
    operation: 'every SelfCommunity Status response (POST, GET, PUT)',
    description: 'omits the documented "author" field from Status objects',
    hooks: { respond: (r, reply) => mapStatuses(r, reply, withoutAuthor) },
  },
  {
    name: 'status-bad-types',
    operation: 'every SelfCommunity Status response (POST, GET, PUT)',
    description: 'serialises the Status "id" as a string instead of an integer',
    hooks: { respond: (r, reply) => mapStatuses(r, reply, (s) => ({ ...s, id: String(s['id']) })) },
  },
  {
    name: 'status-null-action-refused',
    operation: SC_STATUS,
    description: 'refuses a status update whose action is null (400 "This field may not be null.") although action is string¦null',
    hooks: ruleOnUpdate('action', 'nullable', false),
  },
  {
    name: 'status-action-optional',
    operation: SC_STATUS,
    description: 'accepts a status update without action (200 instead of 400: action is required)',
    hooks: ruleOnUpdate('action', 'required', false),
  },
  {
    name: 'status-text-required',
    operation: SC_STATUS,
    description: 'refuses a status update without text (400 "This field is required.") although text is optional',
    hooks: ruleOnUpdate('text', 'required', true),
  },
  {
    name: 'status-empty-categories-accepted',
    operation: SC_STATUS,
    description: 'accepts a status update with an empty category list (200 instead of 400)',
    hooks: ruleOnUpdate('categories', 'non-empty', false),
  },
  {
    name: 'status-unknown-category-accepted',
    operation: SC_STATUS,
    description: 'accepts a status update naming a category that does not exist (200, the id dropped) instead of 400',
    hooks: ruleOnUpdate('categories', 'exists', false),
  },
  {
    name: 'status-categories-ignored',
    operation: SC_STATUS,
    description: 'answers a status update with 200 but ignores the categories sent: the reply and a read show the old ones',
    hooks: { statusFieldWrite: (r, field) => (isUpdate(r) && field === 'categories' ? 'ignored' : 'stored') },
  },
  {
    name: 'status-location-not-stored',
    operation: SC_STATUS,
    description: 'echoes the location of a status update in its reply but never stores it: a read shows the old location',
    hooks: { statusFieldWrite: (r, field) => (isUpdate(r) && field === 'location' ? 'echoed' : 'stored') },
  },
  {
    name: 'status-null-location-refused',
    operation: SC_STATUS,
    description: 'refuses a status update whose location is null (400 "This field may not be null.") although location is object¦null',
    hooks: ruleOnUpdate('location', 'nullable', false),
  },
  {
    name: 'status-edited-at-frozen',
    operation: SC_STATUS,
    description: 'sets last_edited_at on the first edit of a status only: later edits leave it where it was',
    hooks: { editedAt: (r, stored, now) => (isUpdate(r) ? (stored ?? now) : now) },
  },
  {
    name: 'status-medias-as-ids',
    operation: 'every SelfCommunity Status response (POST, GET, PUT)',
    description: 'lists the medias of a status as ids instead of Media objects',
    hooks: { respond: (r, reply) => mapStatuses(r, reply, mediaIds) },
  },
  {
    name: 'status-addressing-ignored',
    operation: SC_STATUS,
    description: 'answers a status update with 200 but drops the addressing sent: the reply and a read list no tags',
    hooks: { statusFieldWrite: (r, field) => (isUpdate(r) && field === 'addressing' ? 'ignored' : 'stored') },
  },
  {
    name: 'tag-booleans-as-strings',
    operation: 'GET /api/v2/user/tag/tags_to_address_a_contribution/ and the addressing of Status responses',
    description: 'serialises the booleans of Tag objects (active, visible, visibility_boost, deleted) as strings ("true")',
    hooks: { respond: mapTags },
  },
  {
    name: 'sc-json-as-html',
    operation: SC_JSON,
    description: 'serves SelfCommunity JSON with Content-Type text/html; charset=utf-8 (a Django HttpResponse without a content type)',
    hooks: {
      respond: (r, reply) =>
        r.api === 'selfcommunity' && reply.body !== undefined ? { ...reply, headers: { ...reply.headers, 'content-type': 'text/html; charset=utf-8' } } : reply,
    },
  },
];
