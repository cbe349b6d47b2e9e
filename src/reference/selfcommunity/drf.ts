// What every SelfCommunity handler shares: the request as the handlers see it, the server's state, and Django REST
// Framework's answers to what goes wrong (401 with a Bearer challenge, 403, 404, 415, a JSON parse error).

import { mediaType, type Incoming } from '../http.js';
import type { Json } from '../json.js';
import type { Hooks, Route } from '../hooks.js';
import type { MediaStore } from './medias.js';
import type { StatusStore } from './statuses.js';
import type { ScUser } from './users.js';

/** How the community is configured: `categoriesRequired` is its "category required" preference (reference/options.ts). */
export interface StatusSettings {
  categoriesRequired: boolean;
}

export interface ScContext {
  users: ScUser[];
  statuses: StatusStore;
  medias: MediaStore;
  hooks: Hooks;
  /** The community's preferences (reference/options.ts); documented values when absent. */
  settings?: StatusSettings;
}

export interface ScRequest {
  incoming: Incoming;
  ctx: ScContext;
  route: Route;
  /** undefined: no credentials sent. */
  user?: ScUser;
}

export class DrfError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

export const detail = (status: number, text: string, headers: Record<string, string> = {}): DrfError => new DrfError(status, { detail: text }, headers);
export const CHALLENGE = { 'www-authenticate': 'Bearer realm="api"' };
export const notAuthenticated = (): DrfError => detail(401, 'Authentication credentials were not provided.', CHALLENGE);
export const notFound = (): DrfError => detail(404, 'Not found.');
export const forbidden = (): DrfError => detail(403, 'You do not have permission to perform this action.');

export function requireUser(req: ScRequest): ScUser {
  if (!req.user) throw notAuthenticated();
  return req.user;
}

export function parseBody(incoming: Incoming): Json {
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

/** The record a path id names (`/api/v2/<resource>/<id>/`), or 404. */
export function byId<T>(id: string, find: (n: number) => T | undefined): T {
  const found = /^\d+$/.test(id) ? find(Number(id)) : undefined;
  if (found === undefined) throw notFound();
  return found;
}
