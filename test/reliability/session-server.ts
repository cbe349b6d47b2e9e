// A target with a session, on 127.0.0.1 only: /login sets a cookie, answers a secret header and a secret JSON field,
// and echoes the API key; /whoami echoes the session, the key and the bearer token in a field nobody configured, and
// the session again base64- and hex-encoded. Every value is distinctive, so a test can search every output for it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const SESSION_SECRETS = {
  cookie: 'sess-Q9xW2rT7vLk4/+=',
  header: 'xsess-Mp3Zc8Vn1Bq6',
  field: 'body-secret-Hy5Ka2Le9',
  apiKey: 'apikey-Wd4Tg7Ns2Rx',
  token: 'sekrit-session-Jf6Pq1Uo8',
};

export interface SessionServer {
  url: string;
  /** Requests received, with the headers that carried secrets. */
  log: { url: string; cookie?: string; apiKey?: string }[];
  close(): Promise<void>;
}

export async function startSessionServer(): Promise<SessionServer> {
  const s = SESSION_SECRETS;
  const log: SessionServer['log'] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const apiKey = String(req.headers['x-api-key'] ?? '');
      log.push({ url: req.url ?? '', cookie: req.headers.cookie, apiKey });
      const send = (status: number, body: unknown, headers: Record<string, string | string[]> = {}) =>
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'POST' && path === '/login') {
        return send(
          200,
          { user: 'alice', secret: s.field, keyEcho: apiKey },
          { 'set-cookie': `sessionid=${encodeURIComponent(s.cookie)}; Path=/; HttpOnly`, 'x-session': s.header },
        );
      }
      if (path === '/whoami') {
        const cookie = decodeURIComponent(/sessionid=([^;]*)/.exec(req.headers.cookie ?? '')?.[1] ?? '');
        return send(200, {
          user: 'alice',
          note: `session ${cookie} header ${String(req.headers['x-session'] ?? '')} key ${apiKey} auth ${req.headers.authorization ?? ''}`,
          b64: Buffer.from(cookie).toString('base64'),
          hex: Buffer.from(String(req.headers['x-session'] ?? '')).toString('hex'),
        });
      }
      send(404, { message: `no route ${path}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
