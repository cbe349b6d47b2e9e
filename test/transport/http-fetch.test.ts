// The fetch client answers like the Playwright one: lower-case headers with Set-Cookie lines joined, JSON read,
// failures named with Playwright's words (the fault tests through the CLI check the rest), GET bodies sent elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFetchClient, fetchFailure } from '../../src/transport/http-fetch.js';
import type { HttpClient, OutgoingRequest } from '../../src/transport/types.js';

function request(url: string, method = 'GET', bodyText?: string, timeoutMs = 5000): OutgoingRequest {
  const headers = { accept: 'application/json', ...(bodyText ? { 'content-type': 'application/json' } : {}) };
  return { method, url, path: new URL(url).pathname, query: {}, headers, redactedHeaders: headers, bodyText, identity: 'default', timeoutMs };
}

async function withServer(fn: (url: string) => Promise<void>): Promise<void> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 2000);
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Trace': 'abc' });
      res.end(JSON.stringify({ method: req.method, body }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}

const noFallback = (): Promise<HttpClient> => Promise.reject(new Error('no fallback expected'));

test('an answer comes back with lower-case headers, Set-Cookie lines joined, and its JSON read', async () => {
  await withServer(async (url) => {
    const r = await createFetchClient(noFallback).send(request(`${url}/x`, 'POST', '{"a":1}'));
    assert.ok('response' in r);
    assert.equal(r.response.status, 201);
    assert.equal(r.response.headers['x-trace'], 'abc');
    assert.equal(r.response.headers['set-cookie'], 'a=1\nb=2');
    assert.deepEqual(r.response.body, { method: 'POST', body: '{"a":1}' });
  });
});

test('a timeout is named the way Playwright names it', async () => {
  await withServer(async (url) => {
    const r = await createFetchClient(noFallback).send(request(`${url}/slow`, 'GET', undefined, 100));
    assert.ok('error' in r);
    assert.equal(r.error.kind, 'timeout');
    assert.match(r.error.message, /^GET http:\/\/127\.0\.0\.1:\d+\/slow: Timeout 100ms exceeded\.$/);
  });
});

test('a GET with a body, which fetch refuses, goes to the fallback client', async () => {
  let sent: OutgoingRequest | undefined;
  const fallback: HttpClient = {
    async send(req) {
      sent = req;
      return { response: { status: 200, headers: {}, bodyText: '', durationMs: 0 } };
    },
    async dispose() {},
  };
  const r = await createFetchClient(async () => fallback).send(request('http://127.0.0.1:1/x', 'GET', '{}'));
  assert.ok('response' in r);
  assert.equal(sent?.bodyText, '{}');
});

test("undici's words become Playwright's: the innermost cause, a hang-up, a redirect loop", () => {
  const wrapped = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });
  assert.equal(fetchFailure(wrapped(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })), 1000).message, 'connect ECONNREFUSED 127.0.0.1:1');
  assert.equal(fetchFailure(wrapped(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })), 1000).message, 'socket hang up');
  assert.equal(fetchFailure(wrapped(new Error('redirect count exceeded')), 1000).message, 'Max redirect count exceeded');
  assert.equal(fetchFailure(Object.assign(new Error('aborted'), { name: 'TimeoutError' }), 250).message, 'Timeout 250ms exceeded.');
});
