// A small JSON server for the runner's own tests: items to create, read and delete; it echoes the
// Authorization header it received and logs every request, so tests can see what Vouch sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

export interface DemoServer {
  url: string;
  log: LoggedRequest[];
  close(): Promise<void>;
}

/** `drift` adds fields to every item read, to stand for a server whose answers changed since a recording. */
export async function startDemoServer(opts: { drift?: Record<string, unknown> } = {}): Promise<DemoServer> {
  const items = new Map<string, Record<string, unknown>>();
  const log: LoggedRequest[] = [];
  let next = 1;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      log.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      const send = (code: number, obj: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      const url = new URL(req.url ?? '/', 'http://x');
      const m = /^\/items\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'POST' && url.pathname === '/items') {
        const o = { ...(JSON.parse(body || '{}') as Record<string, unknown>), id: String(next++) };
        items.set(o.id, o);
        return send(201, { ...o, auth: req.headers.authorization ?? null });
      }
      if (m && req.method === 'GET') {
        const o = items.get(m[1]!);
        return o ? send(200, { ...o, ...opts.drift, auth: req.headers.authorization ?? null }) : send(404, { message: `item ${m[1]} not found` });
      }
      if (m && req.method === 'DELETE') return items.delete(m[1]!) ? send(200, { deleted: m[1] }) : send(404, { message: 'not found' });
      if (url.pathname === '/whoami') return send(200, { auth: req.headers.authorization ?? null });
      send(404, { message: 'no route' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
