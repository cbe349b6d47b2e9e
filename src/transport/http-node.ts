// HttpClient on Node's own http/https modules with keep-alive agents: the same interface, timeouts and failure
// words as http-playwright.ts, at a fraction of its cost inside a Playwright worker, and less CPU per request than
// Node's fetch (bench/results.md: `fetch` and `http-loop`). Redirects are followed as fetch follows them;
// compressed bodies (when a scenario asks for them with Accept-Encoding) are decompressed.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { answered, classifyError } from './http-playwright.js';
import type { HttpClient, OutgoingRequest } from './types.js';

/** fetch's limit. */
export const MAX_REDIRECTS = 20;

interface Hop {
  method: string;
  url: URL;
  headers: Record<string, string>;
  bodyText?: string;
}

/** Response headers as Playwright gives them: lower-case names, repeated values joined (Set-Cookie by new lines). */
function headersOf(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value;
  }
  return out;
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      // Servers send either zlib-wrapped or raw deflate under this name; fetch accepts both.
      return body[0] !== undefined && (body[0] & 0x0f) === 8 ? zlib.inflateSync(body) : zlib.inflateRawSync(body);
    case 'br':
      return zlib.brotliDecompressSync(body);
    default:
      return body;
  }
}

/** Where a redirect leads, and with which method, body and headers (fetch's rules), or undefined when it is none. */
export function nextHop(hop: Hop, status: number, location: string | undefined): Hop | undefined {
  if (![301, 302, 303, 307, 308].includes(status) || !location) return undefined;
  const url = new URL(location, hop.url);
  const toGet = (status === 303 && hop.method !== 'HEAD') || ((status === 301 || status === 302) && hop.method === 'POST');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(hop.headers)) {
    const lower = name.toLowerCase();
    if (toGet && (lower === 'content-type' || lower === 'content-length' || lower === 'content-encoding' || lower === 'content-language' || lower === 'content-location')) continue;
    // Credentials stay with the origin they were meant for.
    if (url.origin !== hop.url.origin && (lower === 'authorization' || lower === 'cookie' || lower === 'proxy-authorization')) continue;
    headers[name] = value;
  }
  return { method: toGet ? 'GET' : hop.method, url, headers, bodyText: toGet ? undefined : hop.bodyText };
}

export function createNodeClient(): HttpClient {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 }),
    'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 }),
  };

  /**
   * One request, its whole body read; rejects with Node's own error. Once the answer has begun, losing the
   * connection (a reset mid-body, fewer bytes than the Content-Length) is `aborted`, as Playwright says.
   */
  function exchange(hop: Hop, onRequest: (r: http.ClientRequest) => void): Promise<{ res: IncomingMessage; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const protocol = hop.url.protocol as 'http:' | 'https:';
      const mod = protocol === 'https:' ? https : http;
      const headers = hop.bodyText === undefined ? hop.headers : { ...hop.headers, 'content-length': String(Buffer.byteLength(hop.bodyText)) };
      let answered = false;
      // A timeout is told apart by the caller, which set its flag before destroying the request.
      const fail = (e: Error): void => reject(answered ? new Error('aborted') : e);
      const req = mod.request(hop.url, { method: hop.method, headers, agent: agents[protocol] }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.complete) resolve({ res, body: Buffer.concat(chunks) });
          else fail(new Error('aborted'));
        });
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('aborted')));
      });
      onRequest(req);
      req.on('error', fail);
      req.end(hop.bodyText);
    });
  }

  return {
    async send(req: OutgoingRequest) {
      const started = performance.now();
      let current: http.ClientRequest | undefined;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        current?.destroy(new Error('timeout'));
      }, req.timeoutMs);
      try {
        let hop: Hop = { method: req.method, url: new URL(req.url), headers: req.headers, bodyText: req.bodyText };
        for (let redirects = 0; ; redirects++) {
          if (hop.url.protocol !== 'http:' && hop.url.protocol !== 'https:') throw new Error(`${redirects ? 'redirect to ' : ''}unsupported protocol ${hop.url.protocol}`);
          const { res, body } = await exchange(hop, (r) => {
            current = r;
            if (timedOut) r.destroy(new Error('timeout'));
          });
          const next = nextHop(hop, res.statusCode ?? 0, res.headers.location);
          if (next) {
            if (redirects >= MAX_REDIRECTS) throw new Error('Max redirect count exceeded');
            hop = next;
            continue;
          }
          const headers = headersOf(res);
          return { response: answered(res.statusCode ?? 0, headers, decode(body, headers['content-encoding']).toString('utf8'), started) };
        }
      } catch (e) {
        const err = timedOut ? new Error(`Timeout ${req.timeoutMs}ms exceeded.`) : (e as Error);
        return { error: classifyError(err, req) };
      } finally {
        clearTimeout(timer);
      }
    },
    async dispose() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
