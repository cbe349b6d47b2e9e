// The reference server: one node:http listener serving every API of the table (apis.ts: Kubernetes under /api,
// /apis and /version, SelfCommunity under /api/v2/) side by side, as one of several faithful server configurations
// (variants), with an optional deviation profile applied to every reply.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiDescription, ApiModule, Handled } from './api-module.js';
import { servedApis, type ApiSettings } from './apis.js';
import { readBody, type Incoming, type Reply } from './http.js';
import type { Hooks } from './hooks.js';
import { allOptions, resolveOptions, type DeploymentOption, type OptionValues } from './options.js';
import { allProfiles, resolveProfile } from './profiles.js';
import { allVariants, composeHooks, findVariants } from './variants.js';

export interface ServerOptions {
  port?: number;
  host?: string;
  profile?: string;
  /** Faithful variants, comma-separated: another real server configuration (variants.ts). */
  variant?: string;
  log?: (line: string) => void;
  /** Deployment options away from their documented values (options.ts), e.g. { categoriesRequired: false }. */
  options?: OptionValues;
}

/** The server's options and each API's settings (`k8sToken`, `users`, ...), read by the API they belong to. */
export type ReferenceServerOptions = ServerOptions & ApiSettings;

/** One API as it runs on a started server. */
export interface ServedApi {
  name: string;
  title: string;
  /** Where it answers on `url`, its users, and the environment a live run needs. */
  describe(url: string): ApiDescription;
}

export interface ReferenceServer {
  url: string;
  close(): Promise<void>;
  profile?: string;
  variant?: string;
  /** The APIs it serves, in the table's order. */
  apis: ServedApi[];
  /** Every deployment option's value (documented unless set). */
  options: OptionValues;
}

export function listProfiles(): { name: string; operation: string; description: string }[] {
  return allProfiles().map(({ name, operation, description }) => ({ name, operation, description }));
}

export function listOptions(): DeploymentOption[] {
  return allOptions().map((o) => ({ ...o }));
}

export function listVariants(): { name: string; api: string; description: string; source: string }[] {
  return allVariants().map(({ name, api, description, source }) => ({ name, api, description, source }));
}

/** An API with the state it keeps on one server. */
interface Running {
  api: ApiModule;
  state: unknown;
}

function notFound(): Handled {
  const reply: Reply = { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, raw: '404 page not found\n' };
  return { route: { api: '', resource: 'unknown', verb: 'other' }, reply };
}

function route(incoming: Incoming, running: Running[]): { handled: Handled; by?: Running } {
  const by = running.find((r) => r.api.owns(incoming.path)) ?? running.find((r) => r.api.fallback);
  return by ? { handled: by.api.handle(incoming, by.state), by } : { handled: notFound() };
}

function write(res: ServerResponse, incoming: Incoming, handled: Handled, reply: Reply, hooks: Hooks, api: ApiModule | undefined): void {
  const headers: Record<string, string | string[]> = { ...reply.headers };
  let body = reply.raw;
  if (body === undefined && reply.body !== undefined) {
    // A server configuration (variant) or a profile may have chosen the header; JSON otherwise.
    headers['content-type'] ??= 'application/json';
    const pretty = api?.pretty?.(incoming) ?? false;
    body = hooks.serialize(handled.route, reply.body, pretty) ?? (api ? api.serialize(incoming, reply) : JSON.stringify(reply.body));
  }
  api?.addHeaders?.(headers);
  res.writeHead(reply.status, headers);
  res.end(body ?? '');
}

async function serve(req: IncomingMessage, res: ServerResponse, running: Running[], hooks: Hooks, log?: (line: string) => void): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://reference.invalid');
  const body = await readBody(req);
  const incoming: Incoming = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    origin: `http://${req.headers.host ?? 'localhost'}`,
  };
  const { handled, by } = route(incoming, running);
  const reply = hooks.respond(handled.route, hooks.shape(handled.route, handled.reply));
  write(res, incoming, handled, reply, hooks, by?.api);
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

/** Starts the server (port 0: a free port). Throws on an unknown profile (listing the valid ones) or bad settings. */
export async function startReferenceServer(opts: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const profile = resolveProfile(opts.profile);
  const variants = findVariants(opts.variant);
  const hooks = composeHooks(variants, profile.hooks);
  const options = resolveOptions(opts.options);
  const running: Running[] = servedApis().map((api) => ({ api, state: api.createState({ hooks, options, settings: opts }) }));
  const server = createServer((req, res) => {
    serve(req, res, running, hooks, opts.log).catch((err: Error) => {
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
    apis: running.map(({ api, state }) => ({ name: api.name, title: api.title, describe: (url: string) => api.describe(state, url) })),
    options,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
