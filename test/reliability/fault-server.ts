// A target that misbehaves on purpose, on 127.0.0.1 only: slow answers, resets mid-body, truncated bodies,
// HTML where JSON is expected, a 10 MB body, a 5xx, a redirect loop; plus an HTTPS server whose self-signed
// certificate nobody trusts, and a port nothing listens on. It logs every request, so tests can see teardown ran,
// and echoes credentials back (header, query, body, error message), so tests can hunt for leaks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FaultServer {
  url: string;
  /** Requests received: `METHOD /path?query`. */
  log: string[];
  /** When each request of `log` arrived (Date.now()). */
  times: number[];
  /** Requests that carried `?s=ID` (teardown and other marked requests), by that id. */
  marked(id: string): string[];
  close(): Promise<void>;
}

export const BIG_BODY_BYTES = 10 * 1024 * 1024;

function json(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...extra });
  res.end(JSON.stringify(body));
}

/** `{"items":[...]}` of at least `bytes` bytes, valid JSON. */
export function bigJson(bytes: number): string {
  const item = JSON.stringify({ name: 'x'.repeat(100), value: 12345 });
  const count = Math.ceil(bytes / (item.length + 1));
  return `{"items":[${Array.from({ length: count }, () => item).join(',')}]}`;
}

/** A raw HTTP/1.1 answer written straight to the socket, for the faults node:http would refuse to produce. */
function raw(socket: Socket, head: string[], body: string, then: 'end' | 'reset'): void {
  socket.write(`${head.join('\r\n')}\r\n\r\n${body}`, () => {
    if (then === 'reset') socket.resetAndDestroy();
    else socket.end();
  });
}

export async function startFaultServer(): Promise<FaultServer> {
  const log: string[] = [];
  const times: number[] = [];
  const big = bigJson(BIG_BODY_BYTES);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      log.push(`${req.method} ${req.url}`);
      times.push(Date.now());
      const auth = req.headers.authorization ?? null;
      const body = Buffer.concat(chunks).toString('utf8');
      switch (url.pathname) {
        case '/ok':
        case '/teardown':
          return json(res, 200, { ok: true });
        case '/slow':
          // Slower than any timeout the tests give; the client gives up first.
          setTimeout(() => (res.destroyed ? undefined : json(res, 200, { late: true })), Number(url.searchParams.get('ms') ?? 5000));
          return;
        case '/reset-mid-body':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"items":[{"name":"first"},');
          setTimeout(() => req.socket.resetAndDestroy(), 50);
          return;
        case '/truncated':
          // Below HTTP: node:http would not send a body shorter than its Content-Length, so this one is raw.
          return raw(
            req.socket,
            ['HTTP/1.1 200 OK', 'Content-Type: application/json', 'Content-Length: 1000', 'Connection: close'],
            '{"items":[{"name":"only the first 40 bytes',
            'end',
          );
        case '/not-json':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>');
        case '/big':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) });
          return res.end(big);
        case '/5xx':
          return json(res, 503, { message: 'the service is overloaded, try later' });
        case '/redirect-loop':
          res.writeHead(302, { location: `/redirect-loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` });
          return res.end();
        case '/echo':
          // Everything the client sent comes back: the header, the query, the body; an error echoes it too.
          if (url.searchParams.get('fail') === '1') return json(res, 401, { message: `token ${auth ?? ''} is not valid here (query: ${url.search})` });
          return json(
            res,
            200,
            { auth, query: Object.fromEntries(url.searchParams), body, note: `you sent ${auth ?? 'nothing'}` },
            { 'x-echo-auth': auth ?? '', 'set-cookie': `session=${auth ?? ''}` },
          );
        default:
          return json(res, 404, { message: `no route ${url.pathname}` });
      }
    });
  });
  await listen(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    times,
    marked: (id) => log.filter((l) => new URL(l.split(' ')[1]!, 'http://x').searchParams.get('s') === id),
    close: () => closeServer(server),
  };
}

function listen(server: net.Server): Promise<void> {
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r()));
}

function closeServer(server: http.Server | net.Server): Promise<void> {
  if ('closeAllConnections' in server) server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}

/** A port that was just free and now has nothing listening: a connection there is refused. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await listen(s);
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface TlsServer {
  url: string;
  /** TLS handshakes that failed (the client did not trust the certificate). */
  handshakeFailures: number;
  /** Requests that got through (none should). */
  requests: number;
  close(): Promise<void>;
}

/** A key and a certificate for 127.0.0.1 made now by openssl, self-signed, so no client trusts them. */
export function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', ...subject], { stdio: 'ignore' });
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An HTTPS server with a certificate made now by openssl, self-signed, so no client trusts it. */
export async function startUntrustedTlsServer(): Promise<TlsServer> {
  const tls = selfSignedCertificate();
  const state = { handshakeFailures: 0, requests: 0 };
  const server = https.createServer(tls, (_req, res) => {
    state.requests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  server.on('tlsClientError', () => state.handshakeFailures++);
  await listen(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    get handshakeFailures() {
      return state.handshakeFailures;
    },
    get requests() {
      return state.requests;
    },
    close: () => closeServer(server),
  };
}
