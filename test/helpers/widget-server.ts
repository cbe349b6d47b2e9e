// The waiver tests' widget API: conformant, or with one of two bugs on create (`status`: 200 where the docs say 201;
// `name`: the name comes back upper-cased), or both. The bug is switched between runs by setting `bugs`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type WidgetBug = 'status' | 'name';

export interface WidgetServer {
  url: string;
  bugs: Set<WidgetBug>;
  close(): Promise<void>;
}

export async function startWidgetServer(): Promise<WidgetServer> {
  const widgets = new Map<string, Record<string, unknown>>();
  const bugs = new Set<WidgetBug>();
  let next = 1;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const send = (code: number, obj: unknown) => res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const m = /^\/widgets\/([^/]+)$/.exec(path);
      if (req.method === 'POST' && path === '/widgets') {
        const sent = JSON.parse(body || '{}') as Record<string, unknown>;
        const w = { ...sent, id: String(next++), ...(bugs.has('name') ? { name: String(sent['name']).toUpperCase() } : {}) };
        widgets.set(w.id, w);
        return send(bugs.has('status') ? 200 : 201, w);
      }
      if (m && req.method === 'GET') return widgets.has(m[1]!) ? send(200, widgets.get(m[1]!)) : send(404, { message: 'not found' });
      if (m && req.method === 'DELETE') return send(widgets.delete(m[1]!) ? 200 : 404, {});
      send(404, { message: 'no route' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bugs,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
