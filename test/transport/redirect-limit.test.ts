// Both HTTP clients stop at the same redirect limit (http-common.ts MAX_REDIRECTS, fetch's 20, as the README says):
// a chain of exactly that many redirects is followed to its answer; one more ends in a `redirect` failure, after the
// same number of requests.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_REDIRECTS } from '../../src/transport/http-common.ts';
import { createNodeClient } from '../../src/transport/http-node.ts';
import { createPlaywrightClient } from '../../src/transport/http-playwright.ts';
import type { HttpClient, OutgoingRequest } from '../../src/transport/types.ts';

function request(url: string): OutgoingRequest {
  const headers = { accept: 'application/json' };
  return { method: 'GET', url, path: new URL(url).pathname, query: {}, headers, redactedHeaders: headers, identity: 'default', timeoutMs: 5000 };
}

const CLIENTS: [string, () => Promise<HttpClient>][] = [
  ['node:http', async () => createNodeClient()],
  ['Playwright', () => createPlaywrightClient()],
];

describe('the redirect limit', () => {
  let server: Server;
  let url: string;
  let hits = 0;

  before(async () => {
    // /chain/N redirects to /chain/N-1; /chain/0 answers.
    server = createServer((req, res) => {
      hits++;
      const n = Number(/^\/chain\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
      if (n > 0) return void res.writeHead(302, { location: `/chain/${n - 1}` }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"arrived":true}');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  it("is the README's: at most 20 redirects, as fetch", () => assert.equal(MAX_REDIRECTS, 20));

  for (const [name, make] of CLIENTS) {
    it(`${name} follows ${MAX_REDIRECTS} redirects and stops at the next one`, async () => {
      const client = await make();
      try {
        hits = 0;
        const followed = await client.send(request(`${url}/chain/${MAX_REDIRECTS}`));
        assert.ok('response' in followed, JSON.stringify(followed));
        assert.deepEqual(followed.response.body, { arrived: true });
        assert.equal(hits, MAX_REDIRECTS + 1);
        hits = 0;
        const stopped = await client.send(request(`${url}/chain/${MAX_REDIRECTS + 1}`));
        assert.ok('error' in stopped, JSON.stringify(stopped));
        assert.equal(stopped.error.kind, 'redirect');
        assert.match(stopped.error.hint ?? '', /redirects in a loop/);
        assert.equal(hits, MAX_REDIRECTS + 1, 'the redirect past the limit is not followed');
      } finally {
        await client.dispose();
      }
    });
  }
});
