// The reference server: one node:http listener serving the Kubernetes API (/api, /apis, /version) and the
// SelfCommunity API (/api/v2/) side by side, as one of several faithful server configurations (variants), with an
// optional deviation profile applied to every reply.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, type Incoming, type Reply } from './http.js';
import { handleKubernetes, isKubernetesPath, serializeKubernetes, wantsPretty, type K8sContext } from './k8s/router.js';
import { seededNamespaces } from './k8s/namespaces.js';
import { Store } from './k8s/store.js';
import { createDefaultAccount } from './k8s/serviceaccounts.js';
import type { Hooks, Route } from './hooks.js';
import { PROFILES, resolveProfile } from './profiles.js';
import { composeHooks, findVariants, VARIANTS } from './variants.js';
import { handleSelfCommunity, isSelfCommunityPath, serializeSelfCommunity, type ScContext } from './selfcommunity/router.js';
import { MediaStore } from './selfcommunity/medias.js';
import { StatusStore } from './selfcommunity/statuses.js';
import { makeUsers, type UserSpec } from './selfcommunity/users.js';
import { DEPLOYMENT_OPTIONS, resolveOptions, type DeploymentOption, type OptionValues } from './options.js';

export interface ReferenceServerOptions {
  port?: number;
  host?: string;
  profile?: string;
  /** Faithful variants, comma-separated: another real server configuration (variants.ts). */
  variant?: string;
  k8sToken?: string;
  users?: { role: string; token: string }[];
  log?: (line: string) => void;
  /** Deployment options away from their documented values (options.ts), e.g. { categoriesRequired: false }. */
  options?: OptionValues;
}

export interface ReferenceServer {
  url: string;
  close(): Promise<void>;
  profile?: string;
  variant?: string;
  users: { role: string; token: string; id: number; username: string }[];
  /** Every deployment option's value (documented unless set). */
  options: OptionValues;
}

export function listProfiles(): { name: string; operation: string; description: string }[] {
  return PROFILES.map(({ name, operation, description }) => ({ name, operation, description }));
}

export function listOptions(): DeploymentOption[] {
  return DEPLOYMENT_OPTIONS.map((o) => ({ ...o }));
}

export function listVariants(): { name: string; api: string; description: string; source: string }[] {
  return VARIANTS.map(({ name, api, description, source }) => ({ name, api, description, source }));
}

const ROLE = /^[A-Za-z][A-Za-z0-9_-]*$/;

function checkUsers(users: UserSpec[] | undefined): void {
  const seen = new Set<string>();
  for (const { role, token } of users ?? []) {
    if (!ROLE.test(role)) throw new Error(`invalid user role "${role}": use letters, digits, "-" or "_", starting with a letter`);
    if (!token || /\s/.test(token)) throw new Error(`invalid token for user "${role}": it must be non-empty and contain no spaces`);
    if (seen.has(role.toLowerCase())) throw new Error(`user role "${role}" is given twice`);
    seen.add(role.toLowerCase());
  }
}

interface Contexts {
  k8s: K8sContext;
  sc: ScContext;
  hooks: Hooks;
}

const HEALTH = ['/healthz', '/livez', '/readyz'];

function route(incoming: Incoming, contexts: Contexts): { route: Route; reply: Reply } {
  if (isSelfCommunityPath(incoming.path)) return handleSelfCommunity(incoming, contexts.sc);
  if (isKubernetesPath(incoming.path)) return handleKubernetes(incoming, contexts.k8s);
  const text = HEALTH.includes(incoming.path) ? 'ok' : '404 page not found\n';
  const reply: Reply = { status: text === 'ok' ? 200 : 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, raw: text };
  return { route: { api: 'kubernetes', resource: 'unknown', verb: 'other' }, reply };
}

function write(res: ServerResponse, incoming: Incoming, route: Route, reply: Reply, hooks: Hooks): void {
  const api = route.api;
  const headers: Record<string, string | string[]> = { ...reply.headers };
  let body = reply.raw;
  if (body === undefined && reply.body !== undefined) {
    // A server configuration (variant) or a profile may have chosen the header; JSON otherwise.
    headers['content-type'] ??= 'application/json';
    body = hooks.serialize(route, reply.body, api === 'kubernetes' && wantsPretty(incoming)) ?? (api === 'kubernetes' ? serializeKubernetes(incoming, reply) : serializeSelfCommunity(reply));
  }
  if (api === 'kubernetes') {
    headers['audit-id'] = randomUUID();
    headers['cache-control'] ??= 'no-cache, private';
  }
  res.writeHead(reply.status, headers);
  res.end(body ?? '');
}

async function serve(req: IncomingMessage, res: ServerResponse, contexts: Contexts, log?: (line: string) => void): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://reference.invalid');
  const body = await readBody(req);
  const incoming: Incoming = {
    method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, headers: req.headers,
    body, origin: `http://${req.headers.host ?? 'localhost'}`,
  };
  const handled = route(incoming, contexts);
  const reply = contexts.hooks.respond(handled.route, contexts.hooks.shape(handled.route, handled.reply));
  write(res, incoming, handled.route, reply, contexts.hooks);
  log?.(`${incoming.method} ${req.url ?? '/'} ${reply.status}`);
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Starts the server (port 0: a free port). Throws on an unknown profile (listing the valid ones) or bad users. */
export async function startReferenceServer(opts: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const profile = resolveProfile(opts.profile);
  const variants = findVariants(opts.variant);
  const hooks = composeHooks(variants, profile.hooks);
  checkUsers(opts.users);
  const options = resolveOptions(opts.options);
  const users = makeUsers(opts.users);
  const store = new Store((n) => hooks.resourceVersion(n));
  const now = `${new Date().toISOString().slice(0, 19)}Z`;
  for (const ns of seededNamespaces(randomUUID, () => store.nextVersion(), now)) {
    const name = String((ns['metadata'] as { name: string }).name);
    store.put('namespaces', '', name, ns);
    createDefaultAccount(store, name, 0);
  }
  const contexts: Contexts = {
    hooks,
    k8s: { store, hooks, token: opts.k8sToken || undefined },
    sc: { users, statuses: new StatusStore(hooks.firstStatusId()), medias: new MediaStore(), hooks, settings: { categoriesRequired: options['categoriesRequired'] ?? true } },
  };
  const server = createServer((req, res) => {
    serve(req, res, contexts, opts.log).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(err.message === 'request body too large' ? 413 : 500, { 'content-type': 'text/plain' });
      res.end(err.message);
    });
  });
  const host = opts.host ?? '127.0.0.1';
  const address = await listen(server, opts.port ?? 0, host);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    profile: profile.name,
    variant: variants.length ? variants.map((v) => v.name).join(',') : undefined,
    users: users.map(({ role, token, id, username }) => ({ role, token, id, username })),
    options,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
