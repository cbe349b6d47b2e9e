// The node:http client answers like the Playwright one: lower-case headers with Set-Cookie lines joined, JSON read,
// failures named with Playwright's words (the fault tests through the CLI check the rest), redirects followed as
// fetch follows them, compressed bodies read, a GET with a body sent as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createNodeClient } from '../../src/transport/http-node.ts';
import { MAX_REDIRECTS, nextHop } from '../../src/transport/http-common.ts';
import type { OutgoingRequest } from '../../src/transport/types.ts';

function request(url: string, method = 'GET', bodyText?: string, timeoutMs = 5000, extra: Record<string, string> = {}): OutgoingRequest {
  const headers = { accept: 'application/json', ...(bodyText ? { 'content-type': 'application/json' } : {}), ...extra };
  return { method, url, path: new URL(url).pathname, query: {}, headers, redactedHeaders: headers, bodyText, identity: 'default', timeoutMs };
}

async function withServer(fn: (url: string) => Promise<void>): Promise<void> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/slow') return void setTimeout(() => res.end('{}'), 2000);
      if (url.pathname === '/see-other') return void res.writeHead(303, { location: '/echo' }).end();
      if (url.pathname === '/temporary') return void res.writeHead(307, { location: '/echo' }).end();
      if (url.pathname === '/loop') return void res.writeHead(302, { location: `/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` }).end();
      if (url.pathname === '/gzip')
        return void res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('{"zipped":true}'));
      if (url.pathname === '/cut') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":');
        return void setTimeout(() => res.destroy(), 20);
      }
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Trace': 'abc' });
      res.end(JSON.stringify({ method: req.method, path: req.url, body, auth: req.headers.authorization ?? null }));
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

test('an answer comes back with lower-case headers, Set-Cookie lines joined, and its JSON read', async () => {
  await withServer(async (url) => {
    const client = createNodeClient();
    const r = await client.send(request(`${url}/x`, 'POST', '{"a":1}'));
    assert.ok('response' in r);
    assert.equal(r.response.status, 201);
    assert.equal(r.response.headers['x-trace'], 'abc');
    assert.equal(r.response.headers['set-cookie'], 'a=1\nb=2');
    assert.deepEqual(r.response.body, { method: 'POST', path: '/x', body: '{"a":1}', auth: null });
    // The connection is kept and reused: a second request on the same client works.
    const again = await client.send(request(`${url}/y`, 'PUT', '{"b":2}'));
    assert.ok('response' in again);
    assert.deepEqual(again.response.body, { method: 'PUT', path: '/y', body: '{"b":2}', auth: null });
    await client.dispose();
  });
});

test('a GET with a body is sent with its body', async () => {
  await withServer(async (url) => {
    const r = await createNodeClient().send(request(`${url}/x`, 'GET', '{"q":1}'));
    assert.ok('response' in r);
    assert.deepEqual(r.response.body, { method: 'GET', path: '/x', body: '{"q":1}', auth: null });
  });
});

test('a timeout is named the way Playwright names it', async () => {
  await withServer(async (url) => {
    const r = await createNodeClient().send(request(`${url}/slow`, 'GET', undefined, 100));
    assert.ok('error' in r);
    assert.equal(r.error.kind, 'timeout');
    assert.match(r.error.message, /^GET http:\/\/127\.0\.0\.1:\d+\/slow: Timeout 100ms exceeded\.$/);
  });
});

test('refused, reset mid-body and a redirect loop are classified', async () => {
  const refused = await createNodeClient().send(request('http://127.0.0.1:1/x'));
  assert.ok('error' in refused);
  assert.equal(refused.error.kind, 'refused');
  await withServer(async (url) => {
    const cut = await createNodeClient().send(request(`${url}/cut`));
    assert.ok('error' in cut);
    assert.equal(cut.error.kind, 'reset');
    const loop = await createNodeClient().send(request(`${url}/loop`));
    assert.ok('error' in loop);
    assert.equal(loop.error.kind, 'redirect');
    assert.match(loop.error.message, /Max redirect count exceeded$/);
  });
});

test('redirects: 303 turns into a GET without the body, 307 keeps method and body', async () => {
  await withServer(async (url) => {
    const client = createNodeClient();
    const seeOther = await client.send(request(`${url}/see-other`, 'POST', '{"a":1}', 5000, { authorization: 'Bearer t' }));
    assert.ok('response' in seeOther);
    assert.deepEqual(seeOther.response.body, { method: 'GET', path: '/echo', body: '', auth: 'Bearer t' });
    const temporary = await client.send(request(`${url}/temporary`, 'PATCH', '{"a":1}'));
    assert.ok('response' in temporary);
    assert.deepEqual(temporary.response.body, { method: 'PATCH', path: '/echo', body: '{"a":1}', auth: null });
  });
});

test("a redirect to another origin drops the credentials; the limit is fetch's", () => {
  const hop = { method: 'PUT', url: new URL('http://a.test/x'), headers: { Authorization: 'Bearer t', cookie: 'c=1', accept: '*/*' }, bodyText: '{}' };
  assert.deepEqual(nextHop(hop, 307, 'http://b.test/y')?.headers, { accept: '*/*' });
  assert.deepEqual(nextHop(hop, 307, '/y')?.headers, hop.headers);
  assert.equal(nextHop(hop, 302, '/y')?.method, 'PUT', '302 keeps methods other than POST');
  assert.equal(nextHop(hop, 200, '/y'), undefined);
  assert.equal(nextHop(hop, 301, undefined), undefined);
  assert.equal(MAX_REDIRECTS, 20);
});

test('a gzip body is decompressed', async () => {
  await withServer(async (url) => {
    const r = await createNodeClient().send(request(`${url}/gzip`, 'GET', undefined, 5000, { 'accept-encoding': 'gzip' }));
    assert.ok('response' in r);
    assert.deepEqual(r.response.body, { zipped: true });
    assert.equal(r.response.bodyText, '{"zipped":true}');
  });
});
