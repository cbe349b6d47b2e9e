// The SelfCommunity side (DRF style) under /api/v2/: bearer-token users, statuses (list, create, get, update,
// delete; only the creator may change or delete), categories, medias, addressing tags and the current user, with
// DRF's error bodies.

import { bearerToken, type Incoming, type Reply } from '../http.js';
import type { Json, JsonObject } from '../json.js';
import type { Route, Verb } from '../hooks.js';
import { allCategories, category, categoryExists, withParents } from './categories.js';
import { byId, CHALLENGE, detail, DrfError, forbidden, notFound, parseBody, requireUser, type ScContext, type ScRequest } from './drf.js';
import { createMedia, deleteMedia, getMedia, listAddressingTags } from './media-routes.js';
import { mediaObject } from './medias.js';
import { statusObject, type StatusRecord } from './statuses.js';
import type { StatusField } from './status-hooks.js';
import { isAddressingTag, tag } from './tags.js';
import { userObject, type ScUser } from './users.js';
import { validateStatus, type StatusInput } from './validate.js';

export type { ScContext } from './drf.js';

function authenticate(incoming: Incoming, users: ScUser[]): ScUser | undefined {
  const auth = bearerToken(incoming);
  if (!auth.present) return undefined;
  const user = users.find((u) => u.token === auth.token);
  if (!user) throw detail(401, 'Invalid token.', CHALLENGE);
  return user;
}

function validated(req: ScRequest, partial: boolean): Partial<StatusInput> {
  const { hooks, medias } = req.ctx;
  const result = validateStatus(parseBody(req.incoming), partial, {
    // A community whose "category required" preference is off takes a status without categories, or with none.
    rule: (field, rule, documented) =>
      hooks.statusRule(
        req.route,
        field,
        rule,
        field === 'categories' && (rule === 'required' || rule === 'non-empty') && req.ctx.settings?.categoriesRequired === false ? false : documented,
      ),
    exists: {
      categories: (id) => categoryExists(id, hooks.nestedCategories(req.route)),
      medias: (id) => medias.get(id) !== undefined,
      addressing: isAddressingTag,
    },
  });
  if ('errors' in result) throw new DrfError(400, result.errors);
  const value = result.value;
  if (value.categories) value.categories = withParents(value.categories, hooks.nestedCategories(req.route));
  return value;
}

function render(req: ScRequest, record: StatusRecord): JsonObject {
  const author = req.ctx.users.find((u) => u.id === record.authorId)!;
  const refs = {
    media: (id: number, order: number) => {
      const media = req.ctx.medias.get(id);
      return media ? mediaObject(media, order) : undefined;
    },
    tag,
  };
  return statusObject(record, author, req.ctx.statuses.countBy(author.id), refs);
}

function createStatus(req: ScRequest): Reply {
  const user = requireUser(req);
  const input = validated(req, false);
  const record = req.ctx.statuses.create(user.id, {
    action: input.action ?? null,
    text: input.text ?? '',
    categories: input.categories ?? [],
    medias: input.medias ?? [],
    location: input.location ?? null,
    addressing: input.addressing ?? [],
  });
  return { status: 201, headers: {}, body: render(req, record) };
}

function findStatus(req: ScRequest, id: string): StatusRecord {
  return byId(id, (n) => req.ctx.statuses.get(n));
}

/** Who a write acts as: the sender, or (only where a profile allows it) the creator when nothing was sent. */
function writer(req: ScRequest, record: () => StatusRecord): ScUser {
  if (!req.user && req.ctx.hooks.acceptsAnonymous(req.route)) {
    const authorId = record().authorId;
    return req.ctx.users.find((u) => u.id === authorId)!;
  }
  const user = requireUser(req);
  if (!req.ctx.hooks.mayModify(req.route, user.id, record().authorId)) throw forbidden();
  return user;
}

function updateStatus(req: ScRequest, id: string, partial: boolean): Reply {
  const found = (): StatusRecord => findStatus(req, id);
  writer(req, found);
  const record = found();
  const input = validated(req, partial);
  const { hooks } = req.ctx;
  if (input.text !== undefined) input.text = hooks.editedText(req.route, record.text, input.text);
  // What is stored, and what the reply shows: the same, unless a profile only echoes or ignores a field.
  const stored: Partial<StatusInput> = {};
  const echoed: Partial<StatusInput> = {};
  for (const field of Object.keys(input) as StatusField[]) {
    const write = hooks.statusFieldWrite(req.route, field);
    if (write === 'stored') Object.assign(stored, { [field]: input[field] });
    if (write === 'echoed') Object.assign(echoed, { [field]: input[field] });
  }
  const updated = req.ctx.statuses.update(record.id, stored, (before, now) => hooks.editedAt(req.route, before, now))!;
  return { status: 200, headers: {}, body: render(req, { ...updated, ...echoed }) };
}

function deleteStatus(req: ScRequest, id: string): Reply {
  const found = (): StatusRecord => findStatus(req, id);
  writer(req, found);
  req.ctx.statuses.delete(found().id);
  return { status: 204, headers: {} };
}

function paginate(req: ScRequest, items: Json[]): JsonObject {
  const q = req.incoming.query;
  const limitParam = Number(q.get('limit'));
  const limit = Number.isInteger(limitParam) && limitParam > 0 ? Math.min(limitParam, 100) : 20;
  const offsetParam = Number(q.get('offset'));
  const offset = Number.isInteger(offsetParam) && offsetParam > 0 ? offsetParam : 0;
  const link = (o: number | undefined): string => {
    const params = new URLSearchParams(q);
    params.set('limit', String(limit));
    if (o === undefined) params.delete('offset');
    else params.set('offset', String(o));
    return `${req.incoming.origin}${req.incoming.path}?${params.toString()}`;
  };
  const next = offset + limit < items.length ? link(offset + limit) : null;
  const previous = offset <= 0 ? null : link(offset - limit <= 0 ? undefined : offset - limit);
  return { count: items.length, next, previous, results: items.slice(offset, offset + limit) };
}

const ORDERINGS: Record<string, (a: StatusRecord, b: StatusRecord) => number> = {
  added_at: (a, b) => a.addedAt.localeCompare(b.addedAt) || a.id - b.id,
  last_activity_at: (a, b) => a.lastActivityAt.localeCompare(b.lastActivityAt) || a.id - b.id,
};

function listStatuses(req: ScRequest): Reply {
  const ordering = req.incoming.query.get('ordering') ?? '-added_at';
  const compare = ORDERINGS[ordering.replace(/^-/, '')] ?? ORDERINGS['added_at']!;
  const sign = ordering.startsWith('-') || !ORDERINGS[ordering.replace(/^-/, '')] ? -1 : 1;
  const records = req.ctx.statuses.all().sort((a, b) => sign * compare(a, b));
  return {
    status: 200,
    headers: {},
    body: paginate(
      req,
      records.map((r) => render(req, r)),
    ),
  };
}

type Handler = (req: ScRequest, id: string) => Reply;

interface ScRoute {
  pattern: RegExp;
  resource: string;
  allow: string;
  methods: Partial<Record<string, { verb: Verb; handle: Handler }>>;
}

const ROUTES: ScRoute[] = [
  {
    pattern: /^\/api\/v2\/status\/$/,
    resource: 'status',
    allow: 'GET, POST, HEAD, OPTIONS',
    methods: { GET: { verb: 'list', handle: listStatuses }, POST: { verb: 'create', handle: createStatus } },
  },
  {
    pattern: /^\/api\/v2\/status\/([^/]+)\/$/,
    resource: 'status',
    allow: 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS',
    methods: {
      GET: { verb: 'get', handle: (req, id) => ({ status: 200, headers: {}, body: render(req, findStatus(req, id)) }) },
      PUT: { verb: 'update', handle: (req, id) => updateStatus(req, id, false) },
      PATCH: { verb: 'patch', handle: (req, id) => updateStatus(req, id, true) },
      DELETE: { verb: 'delete', handle: deleteStatus },
    },
  },
  {
    pattern: /^\/api\/v2\/category\/$/,
    resource: 'category',
    allow: 'GET, HEAD, OPTIONS',
    methods: {
      GET: { verb: 'list', handle: (req) => ({ status: 200, headers: {}, body: paginate(req, allCategories(req.ctx.hooks.nestedCategories(req.route))) }) },
    },
  },
  {
    pattern: /^\/api\/v2\/category\/([^/]+)\/$/,
    resource: 'category',
    allow: 'GET, HEAD, OPTIONS',
    methods: {
      GET: {
        verb: 'get',
        handle: (req, id) => ({
          status: 200,
          headers: {},
          body: byId(id, (n) => (categoryExists(n, req.ctx.hooks.nestedCategories(req.route)) ? category(n) : undefined)),
        }),
      },
    },
  },
  {
    pattern: /^\/api\/v2\/media\/$/,
    resource: 'media',
    allow: 'POST, OPTIONS',
    methods: { POST: { verb: 'create', handle: createMedia } },
  },
  {
    pattern: /^\/api\/v2\/media\/([^/]+)\/$/,
    resource: 'media',
    allow: 'GET, DELETE, HEAD, OPTIONS',
    methods: { GET: { verb: 'get', handle: getMedia }, DELETE: { verb: 'delete', handle: deleteMedia } },
  },
  {
    pattern: /^\/api\/v2\/user\/tag\/tags_to_address_a_contribution\/$/,
    resource: 'tag',
    allow: 'GET, HEAD, OPTIONS',
    methods: { GET: { verb: 'list', handle: listAddressingTags } },
  },
  {
    pattern: /^\/api\/v2\/user\/me\/$/,
    resource: 'user',
    allow: 'GET, HEAD, OPTIONS',
    methods: {
      GET: {
        verb: 'get',
        handle: (req) => {
          const user = requireUser(req);
          return { status: 200, headers: {}, body: userObject(user, req.ctx.statuses.countBy(user.id)) };
        },
      },
    },
  },
];

export function isSelfCommunityPath(path: string): boolean {
  return path === '/api/v2' || path.startsWith('/api/v2/');
}

function toReply(err: unknown): Reply {
  if (err instanceof DrfError) return { status: err.status, headers: { ...err.headers }, body: err.body };
  return { status: 500, headers: {}, body: { detail: 'A server error occurred.' } };
}

/** Handles one SelfCommunity request; never throws. */
export function handleSelfCommunity(incoming: Incoming, ctx: ScContext): { route: Route; reply: Reply } {
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(incoming.path) })).find((x) => x.m);
  const method = match?.r.methods[incoming.method];
  const route: Route = { api: 'selfcommunity', resource: match?.r.resource ?? 'unknown', verb: method?.verb ?? 'other' };
  try {
    if (!match) throw notFound();
    const user = authenticate(incoming, ctx.users);
    if (!method) throw detail(405, `Method "${incoming.method}" not allowed.`);
    const reply = method.handle({ incoming, ctx, route, user }, match.m![1] ?? '');
    return { route, reply: { ...reply, headers: { allow: match.r.allow, vary: 'Accept', ...reply.headers } } };
  } catch (err) {
    const reply = toReply(err);
    if (match) reply.headers = { allow: match.r.allow, vary: 'Accept', ...reply.headers };
    return { route, reply };
  }
}

export function serializeSelfCommunity(reply: Reply): string {
  return reply.body === undefined ? '' : JSON.stringify(reply.body);
}
