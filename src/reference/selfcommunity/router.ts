// The SelfCommunity side (DRF style) under /api/v2/: bearer-token users, statuses (list, create, get, update,
// delete; only the creator may change or delete), categories and the current user, with DRF's error bodies.

import { bearerToken, mediaType, type Incoming, type Reply } from '../http.js';
import type { Json, JsonObject } from '../json.js';
import type { Hooks, Route, Verb } from '../profiles.js';
import { allCategories, category } from './categories.js';
import { statusObject, StatusStore, type StatusRecord } from './statuses.js';
import { userObject, type ScUser } from './users.js';
import { validateStatus, type StatusInput, type StatusSettings } from './validate.js';

export interface ScContext {
  users: ScUser[];
  statuses: StatusStore;
  hooks: Hooks;
  /** The community's preferences (reference/options.ts); documented values when absent. */
  settings?: StatusSettings;
}

class DrfError extends Error {
  constructor(readonly status: number, readonly body: Json, readonly headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
  }
}

const detail = (status: number, text: string, headers: Record<string, string> = {}): DrfError => new DrfError(status, { detail: text }, headers);
const CHALLENGE = { 'www-authenticate': 'Bearer realm="api"' };
const notAuthenticated = (): DrfError => detail(401, 'Authentication credentials were not provided.', CHALLENGE);
const notFound = (): DrfError => detail(404, 'Not found.');
const forbidden = (): DrfError => detail(403, 'You do not have permission to perform this action.');

interface ScRequest {
  incoming: Incoming;
  ctx: ScContext;
  route: Route;
  /** undefined: no credentials sent. */
  user?: ScUser;
}

function authenticate(incoming: Incoming, users: ScUser[]): ScUser | undefined {
  const auth = bearerToken(incoming);
  if (!auth.present) return undefined;
  const user = users.find((u) => u.token === auth.token);
  if (!user) throw detail(401, 'Invalid token.', CHALLENGE);
  return user;
}

function parseBody(incoming: Incoming): Json {
  const type = mediaType(incoming);
  if (type !== '' && type !== 'application/json') throw detail(415, `Unsupported media type "${type}" in request.`);
  const text = incoming.body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw detail(400, `JSON parse error - ${(err as Error).message}`);
  }
}

function validated(incoming: Incoming, partial: boolean, settings?: StatusSettings): Partial<StatusInput> {
  const result = validateStatus(parseBody(incoming), partial, settings);
  if ('errors' in result) throw new DrfError(400, result.errors);
  return result.value;
}

function render(req: ScRequest, record: StatusRecord): JsonObject {
  const author = req.ctx.users.find((u) => u.id === record.authorId)!;
  return statusObject(record, author, req.ctx.statuses.countBy(author.id));
}

function requireUser(req: ScRequest): ScUser {
  if (!req.user) throw notAuthenticated();
  return req.user;
}

function createStatus(req: ScRequest): Reply {
  const user = requireUser(req);
  const input = validated(req.incoming, false, req.ctx.settings);
  const record = req.ctx.statuses.create(user.id, {
    action: input.action ?? null, text: input.text ?? '', categories: input.categories ?? [], medias: input.medias ?? [],
    location: input.location ?? null, addressing: input.addressing ?? [],
  });
  return { status: 201, headers: {}, body: render(req, record) };
}

function findStatus(req: ScRequest, id: string): StatusRecord {
  const record = /^\d+$/.test(id) ? req.ctx.statuses.get(Number(id)) : undefined;
  if (!record) throw notFound();
  return record;
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
  const input = validated(req.incoming, partial, req.ctx.settings);
  if (input.text !== undefined) input.text = req.ctx.hooks.editedText(req.route, record.text, input.text);
  const updated = req.ctx.statuses.update(record.id, input)!;
  return { status: 200, headers: {}, body: render(req, updated) };
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
  return { status: 200, headers: {}, body: paginate(req, records.map((r) => render(req, r))) };
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
    pattern: /^\/api\/v2\/status\/$/, resource: 'status', allow: 'GET, POST, HEAD, OPTIONS',
    methods: { GET: { verb: 'list', handle: listStatuses }, POST: { verb: 'create', handle: createStatus } },
  },
  {
    pattern: /^\/api\/v2\/status\/([^/]+)\/$/, resource: 'status', allow: 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS',
    methods: {
      GET: { verb: 'get', handle: (req, id) => ({ status: 200, headers: {}, body: render(req, findStatus(req, id)) }) },
      PUT: { verb: 'update', handle: (req, id) => updateStatus(req, id, false) },
      PATCH: { verb: 'patch', handle: (req, id) => updateStatus(req, id, true) },
      DELETE: { verb: 'delete', handle: deleteStatus },
    },
  },
  {
    pattern: /^\/api\/v2\/category\/$/, resource: 'category', allow: 'GET, HEAD, OPTIONS',
    methods: { GET: { verb: 'list', handle: (req) => ({ status: 200, headers: {}, body: paginate(req, allCategories()) }) } },
  },
  {
    pattern: /^\/api\/v2\/category\/([^/]+)\/$/, resource: 'category', allow: 'GET, HEAD, OPTIONS',
    methods: {
      GET: {
        verb: 'get',
        handle: (_req, id) => {
          const found = /^\d+$/.test(id) ? category(Number(id)) : undefined;
          if (!found) throw notFound();
          return { status: 200, headers: {}, body: found };
        },
      },
    },
  },
  {
    pattern: /^\/api\/v2\/user\/me\/$/, resource: 'user', allow: 'GET, HEAD, OPTIONS',
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
