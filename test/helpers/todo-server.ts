// A small todo API for the first-contact tests, as a vendor's own API would be: list, create, read, replace and
// delete todos, optionally behind an X-API-Key header. `broken` makes it deviate from its documentation
// (test/fixtures/todos/openapi.yaml): `done` comes back as a string. `?delay=MS` on the list slows an answer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Todo {
  id: number;
  title: string;
  done: boolean;
  note: string | null;
  owner: { name: string } | null;
}

export interface TodoServer {
  url: string;
  /** Every request as received: method, URL and the API key header. */
  log: { method: string; url: string; apiKey?: string }[];
  /** Answer `done` as a string ("false"), as a server that breaks the documented schema would. */
  broken: boolean;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((ok) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => ok(body));
  });
}

export async function startTodoServer(opts: { apiKey?: string } = {}): Promise<TodoServer> {
  const todos = new Map<number, Todo>([[1, { id: 1, title: 'Write the docs', done: false, note: null, owner: null }]]);
  let next = 2;
  const state: TodoServer = { url: '', log: [], broken: false, close: async () => undefined };
  const shown = (t: Todo) => (state.broken ? { ...t, done: String(t.done) } : t);
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const key = req.headers['x-api-key'];
    state.log.push({ method: req.method ?? '', url: req.url ?? '', apiKey: typeof key === 'string' ? key : undefined });
    const send = (code: number, obj?: unknown) => {
      res.writeHead(code, obj === undefined ? {} : { 'content-type': 'application/json' });
      res.end(obj === undefined ? undefined : JSON.stringify(obj));
    };
    if (opts.apiKey && key !== opts.apiKey) return send(401, { error: 'missing or wrong X-API-Key' });
    const url = new URL(req.url ?? '/', 'http://x');
    const one = /^\/todos\/(\d+)$/.exec(url.pathname);
    const delay = Number(url.searchParams.get('delay') ?? 0);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (url.pathname === '/todos' && req.method === 'GET') return send(200, [...todos.values()].map(shown));
    if (url.pathname === '/todos' && req.method === 'POST') {
      const input = JSON.parse(body || '{}') as Partial<Todo>;
      if (typeof input.title !== 'string') return send(400, { error: 'title is required' });
      const t: Todo = { id: next++, title: input.title, done: input.done ?? false, note: input.note ?? null, owner: null };
      todos.set(t.id, t);
      return send(201, shown(t));
    }
    const t = one ? todos.get(Number(one[1])) : undefined;
    if (one && !t) return send(404, { error: `todo ${one[1]} not found` });
    if (t && req.method === 'GET') return send(200, shown(t));
    if (t && req.method === 'PUT') {
      const input = JSON.parse(body || '{}') as Partial<Todo>;
      if (typeof input.title !== 'string') return send(400, { error: 'title is required' });
      Object.assign(t, { title: input.title, done: input.done ?? false, note: input.note ?? null });
      return send(200, shown(t));
    }
    if (t && req.method === 'DELETE') {
      todos.delete(t.id);
      return send(204);
    }
    send(404, { error: 'no route' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return state;
}
