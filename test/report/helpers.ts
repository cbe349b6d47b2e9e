// The report tests' tiny API (items to create, read and delete; a private area that refuses; a route that drops
// the connection) and readers for what a run writes: allure-results, junit.xml, summary.json.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ItemServer {
  url: string;
  close(): Promise<void>;
}

export async function startItemServer(): Promise<ItemServer> {
  const items = new Map<string, Record<string, unknown>>();
  let next = 1;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const send = (code: number, obj: unknown) => res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const m = /^\/items\/([^/]+)$/.exec(path);
      if (req.method === 'POST' && path === '/items') {
        const o = { ...(JSON.parse(body || '{}') as Record<string, unknown>), id: String(next++) };
        items.set(o.id, o);
        return send(201, o);
      }
      if (m && req.method === 'GET') return items.has(m[1]!) ? send(200, items.get(m[1]!)) : send(404, { message: 'not found' });
      if (m && req.method === 'DELETE') return send(items.delete(m[1]!) ? 200 : 404, {});
      if (path === '/private') return send(403, { message: 'forbidden: private area' });
      if (path === '/drop') return req.socket.destroy();
      send(404, { message: 'no route' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

export interface AllureStepJson {
  name: string;
  status?: string;
  statusDetails?: { message?: string; flaky?: boolean };
  steps: AllureStepJson[];
  attachments: { name: string; source: string; type: string }[];
  parameters: { name: string; value: string }[];
}

export interface AllureResultJson extends AllureStepJson {
  uuid: string;
  historyId?: string;
  testCaseId?: string;
  fullName?: string;
  description?: string;
  labels: { name: string; value: string }[];
  links: { name?: string; url: string; type?: string }[];
}

export function allureResults(dir: string): Map<string, AllureResultJson> {
  const out = new Map<string, AllureResultJson>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('-result.json'))) {
    const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as AllureResultJson;
    out.set(r.labels.find((l) => l.name === 'vouchId')?.value ?? r.name, r);
  }
  return out;
}

export function labels(r: AllureResultJson, name: string): string[] {
  return r.labels.filter((l) => l.name === name).map((l) => l.value);
}

export function attachmentText(dir: string, step: AllureStepJson, name: string): string | undefined {
  const a = step.attachments.find((x) => x.name === name);
  return a ? readFileSync(join(dir, a.source), 'utf8') : undefined;
}
