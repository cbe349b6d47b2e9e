// Shared by the transport tests: a small node:http server with owner/other tokens, hand-built scenarios,
// outgoing requests the way the runner renders them, and transport options.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario } from '../../src/model/types.js';
import { createPlaywrightClient } from '../../src/transport/http-playwright.js';
import { createTransport } from '../../src/transport/modes.js';
import { SourceMap } from '../../src/model/source-map.js';
import type { OutgoingRequest, Transport, TransportOptions } from '../../src/transport/types.js';

export const TOKENS: Record<string, string> = {
  owner: 'tok-owner-7d1f0c9a2b4e4f6a8c3d5e7f90a1b2c3',
  other: 'tok-other-3a5c7e9f1b2d4f6a8c0e2a4c6e8a0c2e',
};

export interface TestServer {
  url: string;
  stop(): Promise<void>;
  /** How many requests reached it. */
  hits(): number;
  /** Changes the phase the server reports for pods (to make a live answer drift). */
  setPhase(phase: string): void;
}

function identityOf(req: IncomingMessage): string {
  const auth = req.headers.authorization ?? '';
  return Object.entries(TOKENS).find(([, t]) => auth === `Bearer ${t}`)?.[0] ?? 'anonymous';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startServer(): Promise<TestServer> {
  let hits = 0;
  let phase = 'Running';
  let rv = 100;
  const server: Server = createServer(async (req, res) => {
    hits += 1;
    const url = new URL(req.url ?? '/', 'http://x');
    const text = await readBody(req);
    const who = identityOf(req);
    const json = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...extra });
      res.end(JSON.stringify(body));
    };
    const pod = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)(\/status)?$/.exec(url.pathname);
    if (pod && req.method === 'GET') {
      return json(200, {
        kind: 'Pod',
        metadata: { name: pod[2], namespace: pod[1], uid: `uid-${Math.random()}`, resourceVersion: String(++rv), creationTimestamp: new Date().toISOString() },
        status: { phase },
      });
    }
    if (pod && req.method === 'PUT') {
      if (who === 'anonymous') return json(401, { kind: 'Status', code: 401, reason: 'Unauthorized' });
      if (who !== 'owner') return json(403, { kind: 'Status', code: 403, reason: 'Forbidden', message: `${who} may not update` });
      const body = JSON.parse(text) as { status?: { phase?: string } };
      return json(
        200,
        { kind: 'Pod', metadata: { name: pod[2], namespace: pod[1] }, status: { phase: body.status?.phase } },
        { 'set-cookie': `session=${TOKENS.owner}` },
      );
    }
    if (url.pathname === '/echo') {
      const sent = (text ? JSON.parse(text) : {}) as { token?: string };
      return json(200, { greeting: `hello ${sent.token ?? 'nobody'}`, auth: req.headers.authorization ?? null, query: Object.fromEntries(url.searchParams) });
    }
    if (url.pathname === '/boom') return json(503, { error: 'overloaded' });
    if (url.pathname === '/pretty') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(
        `${JSON.stringify({ kind: 'Pod', metadata: { name: 'p1', labels: { a: 'b' } } }, null, url.searchParams.get('indent') === '4' ? 4 : 2)}\n`,
      );
    }
    if (url.pathname === '/text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('plain words\n');
    }
    json(404, { error: 'not found' });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    setPhase: (p) => void (phase = p),
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export function scenario(id: string, extra: Partial<Scenario> = {}): Scenario {
  return {
    id,
    title: id,
    api: 'demo',
    tags: [],
    covers: [],
    requires: [],
    vars: {},
    setup: [],
    steps: [],
    teardown: [],
    file: join(process.cwd(), 'suites', 'demo', `${id}.yaml`),
    docIndex: 0,
    hash: 'sha256:aaaaaaaaaaaaaaaa',
    locations: new SourceMap(join(process.cwd(), 'suites', 'demo', `${id}.yaml`)),
    ...extra,
  };
}

export interface RequestOptions {
  as?: string;
  /** The id of the scenario step sending it. */
  step?: string;
  json?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

/** A request as the runner renders it: credentials in `headers`, `<redacted>` in `redactedHeaders`. */
export function request(base: string, method: string, path: string, o: RequestOptions = {}): OutgoingRequest {
  const identity = o.as ?? 'anonymous';
  const token = TOKENS[identity];
  const q = new URLSearchParams(o.query ?? {}).toString();
  const headers: Record<string, string> = { accept: 'application/json', ...(o.headers ?? {}) };
  if (o.json !== undefined) headers['content-type'] = 'application/json';
  const redactedHeaders = { ...headers, ...(token ? { authorization: '<redacted>' } : {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  const bodyText = o.json === undefined ? undefined : JSON.stringify(o.json);
  return {
    method,
    url: `${base}${path}${q ? `?${q}` : ''}`,
    path,
    query: o.query ?? {},
    headers,
    redactedHeaders,
    bodyText,
    body: o.json,
    identity,
    timeoutMs: 5000,
    ...(o.step ? { step: o.step } : {}),
  };
}

export function tempDir(prefix = 'vouch-transport-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function options(
  mode: TransportOptions['mode'],
  cassetteDir: string,
  baseUrl: string,
  extra: Partial<TransportOptions> = {},
): Promise<TransportOptions> {
  return {
    mode,
    cassetteDir,
    vouchVersion: '0.1.0-test',
    targets: { demo: { baseUrl } },
    secrets: Object.values(TOKENS),
    redact: { headers: ['x-api-key'], paths: ['/spec/password'] },
    client: await createPlaywrightClient(),
    ...extra,
  };
}

/** Runs `fn` with a transport and always closes it: a failed assertion must not leave nock refusing the network. */
export async function withTransport<T>(opts: TransportOptions, fn: (t: Transport) => Promise<T>): Promise<T> {
  const t = createTransport(opts);
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}
