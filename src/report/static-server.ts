// A tiny read-only HTTP server for a generated report folder (the Allure page loads its data over HTTP, not from
// file://). Serves files under the root only, on 127.0.0.1 unless told otherwise.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export interface StaticServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The file a request path names, or undefined when it would leave the root or names nothing. */
export function fileFor(root: string, urlPath: string): string | undefined {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  const full = resolve(root, `.${normalize(`/${rel}`)}`);
  if (full !== resolve(root) && !full.startsWith(resolve(root) + sep)) return undefined;
  try {
    const st = statSync(full);
    if (st.isDirectory()) return statSync(join(full, 'index.html')).isFile() ? join(full, 'index.html') : undefined;
    return st.isFile() ? full : undefined;
  } catch {
    return undefined;
  }
}

export function serveFolder(root: string, port = 0, host = '127.0.0.1'): Promise<StaticServer> {
  const server = createServer((req, res) => {
    const file = req.method === 'GET' || req.method === 'HEAD' ? fileFor(root, req.url ?? '/') : undefined;
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolveServer({ url: `http://${shown}:${p}/`, server, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
