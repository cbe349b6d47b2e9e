// A hostile target, on 127.0.0.1 only: answers built to exhaust or hang a client (an endless chunked body, a gzip
// bomb, JSON nested 3,000 deep, a string that makes a backtracking regex run for ever, invalid UTF-8), redirects to
// file: and data: URLs and to another origin, and cookies. A second server (`other`) is that other origin: it logs
// the headers it receives, so a test can see what followed a redirect.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { selfSignedCertificate } from './fault-server.js';

export interface HostileServer {
  url: string;
  /** The other origin: `/headers` answers with, and logs, the request's headers. */
  otherUrl: string;
  /** Headers that reached the other origin, one entry per request. */
  otherHeaders: http.IncomingHttpHeaders[];
  /** Requests received, `METHOD /path?query`. */
  log: string[];
  /** Bytes written by the endless body so far. */
  endlessBytes(): number;
  close(): Promise<void>;
}

/** 80 MiB of zeros, gzipped: about 80 KB on the wire, more than the default decompressed cap (64 MiB). */
export const GZIP_BOMB_INFLATED = 80 * 1024 * 1024;

export function deepJson(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

/** 48 a's and a !: `^(a+)+$` on it backtracks 2^48 times in JavaScript's engine. */
export const REDOS_TEXT = `${'a'.repeat(48)}!`;

function json(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...extra });
  res.end(JSON.stringify(body));
}

function listen(server: http.Server, scheme = 'http'): Promise<string> {
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(`${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function close(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}

export async function startHostileServer(): Promise<HostileServer> {
  const log: string[] = [];
  const otherHeaders: http.IncomingHttpHeaders[] = [];
  let endless = 0;
  const bomb = gzipSync(Buffer.alloc(GZIP_BOMB_INFLATED));
  const other = http.createServer((req, res) => {
    otherHeaders.push(req.headers);
    json(res, 200, { headers: req.headers });
  });
  const otherUrl = await listen(other);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    log.push(`${req.method} ${req.url}`);
    switch (url.pathname) {
      case '/ok':
        return json(res, 200, { ok: true });
      case '/endless': {
        // Chunked, never ending: 64 KiB at a time for as long as the client reads.
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        res.write('{"items":');
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk)) endless += chunk.length;
          if (!res.destroyed) res.once('drain', pump);
        };
        return pump();
      }
      case '/gzip-bomb':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
        return res.end(bomb);
      case '/deep':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(deepJson(Number(url.searchParams.get('n') ?? 3000)));
      case '/redos':
        return json(res, 200, { name: REDOS_TEXT });
      case '/bad-utf8':
        res.writeHead(200, { 'content-type': 'application/json' });
        // {"name":"<0xff 0xfe>"}: JSON in shape, not in encoding.
        return res.end(Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]));
      case '/redirect':
        res.writeHead(302, { location: url.searchParams.get('to') === 'other' ? `${otherUrl}/headers` : (url.searchParams.get('to') ?? '/ok') });
        return res.end();
      case '/slow':
        setTimeout(() => (res.destroyed ? undefined : json(res, 200, { late: true })), Number(url.searchParams.get('ms') ?? 5000));
        return;
      default:
        return json(res, 404, { message: `no route ${url.pathname}` });
    }
  });
  const base = await listen(server);
  return {
    url: base,
    otherUrl,
    otherHeaders,
    log,
    endlessBytes: () => endless,
    close: async () => {
      await close(server);
      await close(other);
    },
  };
}

export interface CookieServer {
  url: string;
  close(): Promise<void>;
}

/**
 * An HTTPS server with a self-signed certificate (so a run needs --insecure, the case where Vouch used Playwright's
 * client and its cookie jar): `/set-cookie` sets a session cookie, `/cookie` says which Cookie header it received.
 */
export async function startCookieTlsServer(): Promise<CookieServer> {
  const server = https.createServer(selfSignedCertificate(), (req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    if (url.pathname === '/set-cookie') return json(res, 200, { set: true }, { 'set-cookie': 'session=leaked-session-cookie; Path=/' });
    return json(res, 200, { cookie: req.headers.cookie ?? null });
  });
  const url = await listen(server, 'https');
  return { url, close: () => close(server) };
}
