// HttpClient on Node's own http/https modules with keep-alive agents, a thin adapter over http-common.ts (the
// redirect limit and rules, the body pipeline, the failure kinds it shares with http-playwright.ts), at a fraction
// of Playwright's cost inside a worker and less CPU per request than Node's fetch (bench/results.md: `fetch` and
// `http-loop`). No cookie jar: a request carries only the headers its step gives. Bodies are capped as received.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { answered, bodyText, checkHop, classifyError, nextHop, NO_LIMITS, type BodyLimits, type ClientTls, type Hop } from './http-common.js';
import { tooManyBytes, UnreadableBody } from './response-body.js';
import type { HttpClient, OutgoingRequest } from './types.js';

/** Response headers as Playwright gives them: lower-case names, repeated values joined (Set-Cookie by new lines). */
function headersOf(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value;
  }
  return out;
}

export interface NodeClientOptions {
  tls?: ClientTls;
  limits?: BodyLimits;
  /** Header names (lower case) the config marks secret: dropped on a redirect to another origin. */
  secretHeaders?: string[];
}

export function createNodeClient(opts: NodeClientOptions = {}): HttpClient {
  const limits = opts.limits ?? NO_LIMITS;
  const secretHeaders = (opts.secretHeaders ?? []).map((h) => h.toLowerCase());
  const agents = makeAgents(opts.tls);

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
      const fail = (e: Error): void => reject(answered && !(e instanceof UnreadableBody) ? new Error('aborted') : e);
      const req = mod.request(hop.url, { method: hop.method, headers, agent: agents.for(hop.url) }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        let received = 0;
        res.on('data', (c: Buffer) => {
          received += c.length;
          if (received <= limits.responseBytes) return void chunks.push(c);
          // An endless or huge body: stop reading at the cap instead of filling the worker's memory.
          const over = tooManyBytes(limits.responseBytes);
          fail(over);
          req.destroy(over);
        });
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
          checkHop(hop.url, redirects);
          const { res, body } = await exchange(hop, (r) => {
            current = r;
            if (timedOut) r.destroy(new Error('timeout'));
          });
          const next = nextHop(hop, res.statusCode ?? 0, res.headers.location, secretHeaders);
          if (next) {
            hop = next;
            continue;
          }
          const headers = headersOf(res);
          const { text, invalidUtf8 } = bodyText(body, headers['content-encoding'], limits);
          return { response: answered(res.statusCode ?? 0, headers, text, started, invalidUtf8) };
        }
      } catch (e) {
        const err = timedOut ? new Error(`Timeout ${req.timeoutMs}ms exceeded.`) : (e as Error);
        return { error: classifyError(err, req) };
      } finally {
        clearTimeout(timer);
      }
    },
    async dispose() {
      agents.destroy();
    },
  };
}

/**
 * Keep-alive agents: plain http, https as the TLS options say (verification off only when asked), and an https
 * agent with the client certificate for its own origin only, as Playwright's per-origin clientCertificates do.
 */
function makeAgents(tls: ClientTls = {}): { for(url: URL): http.Agent; destroy(): void } {
  const common = { keepAlive: true, scheduling: 'lifo' as const, timeout: 5000 };
  const rejectUnauthorized = !tls.insecureSkipVerify;
  const plain = new http.Agent(common);
  const secure = new https.Agent({ ...common, rejectUnauthorized });
  const withCert = new Map<string, https.Agent>();
  for (const c of tls.clientCertificates ?? []) {
    if (!c.certPath || !c.keyPath) continue;
    withCert.set(
      new URL(c.origin).origin,
      new https.Agent({ ...common, rejectUnauthorized, cert: readFileSync(c.certPath), key: readFileSync(c.keyPath), passphrase: c.passphrase }),
    );
  }
  return {
    for: (url) => (url.protocol === 'https:' ? (withCert.get(url.origin) ?? secure) : plain),
    destroy: () => {
      for (const a of [plain, secure, ...withCert.values()]) a.destroy();
    },
  };
}
