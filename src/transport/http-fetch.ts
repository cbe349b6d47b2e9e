// HttpClient on Node's own fetch: the same interface, timeouts and failure kinds as http-playwright.ts, at a
// fraction of its cost inside a Playwright worker (no protocol dispatch, no stack capture per call).
import type { ExchangeResponse } from '../model/types.js';
import { classifyError, parseJsonBody } from './http-playwright.js';
import type { HttpClient, OutgoingRequest } from './types.js';

/** Thrown while the body is read: the answer began, then the connection went away. */
class CutShort extends Error {}

/**
 * Node's fetch wraps the cause (`fetch failed` -> `connect ECONNREFUSED ...`); the kinds in http-playwright.ts
 * read Node's own words, so the innermost message is what counts. undici's own words for the cases Playwright
 * names differently are put in Playwright's, so a run says the same thing whichever client sent it.
 */
export function fetchFailure(e: unknown, timeoutMs: number): Error {
  if (e instanceof CutShort) return new Error('aborted');
  let cur: unknown = e;
  for (let depth = 0; depth < 5; depth++) {
    const err = cur as { name?: string; code?: string; message?: string; cause?: unknown; errors?: unknown[] } | undefined;
    if (!err || typeof err !== 'object') break;
    if (err.name === 'TimeoutError') return new Error(`Timeout ${timeoutMs}ms exceeded.`);
    if (err.code === 'UND_ERR_CONNECT_TIMEOUT') return new Error(`connect ETIMEDOUT (${err.message ?? 'connect timeout'})`);
    // Closed before any answer: Node's http calls that a hang-up.
    if (err.code === 'UND_ERR_SOCKET') return new Error('socket hang up');
    if (/redirect count exceeded/i.test(err.message ?? '')) return new Error('Max redirect count exceeded');
    const next = err.cause ?? (Array.isArray(err.errors) ? err.errors[0] : undefined);
    if (next === undefined) break;
    cur = next;
  }
  const last = cur as { message?: string; code?: string } | undefined;
  const message = last?.message || last?.code || String(cur);
  return new Error(last?.code && !message.includes(last.code) && /^(HPE_|Z_|ERR_TLS|EPROTO|CERT_|UNABLE_)/.test(last.code) ? `${message} (${last.code})` : message);
}

async function readBody(res: Response): Promise<string> {
  try {
    return await res.text();
  } catch (e) {
    // A timeout while reading stays a timeout, an undecodable body stays unreadable; anything else after the
    // status line means the body was cut short.
    const chain: { name?: string; code?: string }[] = [];
    for (let c = e as { name?: string; code?: string; cause?: unknown } | undefined; c && typeof c === 'object' && chain.length < 5; c = c.cause as typeof c) chain.push(c);
    if (chain.some((c) => c.name === 'TimeoutError' || c.code?.startsWith('Z_'))) throw e;
    throw new CutShort();
  }
}

/** Response headers as Playwright gives them: lower-case names, repeated values joined (Set-Cookie by new lines). */
function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    out[name] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies.join('\n');
  return out;
}

/**
 * Plain HTTP and HTTPS with the system's CAs (plus NODE_EXTRA_CA_CERTS, which `vouch run` sets from tls.ca).
 * fetch refuses a body on GET and HEAD, which HTTP allows: such a request goes to `fallback` (made on first use).
 */
export function createFetchClient(fallback: () => Promise<HttpClient>): HttpClient {
  let other: Promise<HttpClient> | undefined;
  return {
    async send(req: OutgoingRequest) {
      if (req.bodyText !== undefined && (req.method === 'GET' || req.method === 'HEAD')) return (await (other ??= fallback())).send(req);
      const started = performance.now();
      // Not AbortSignal.timeout: its timer lives for the whole timeout, and inside a Playwright worker it holds the
      // test's async context (steps, attachments) that long; 3,000 requests in 30 s grew the heap by 100 MB.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(new DOMException('timeout', 'TimeoutError')), req.timeoutMs);
      try {
        const res = await fetch(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.bodyText,
          redirect: 'follow',
          signal: abort.signal,
        });
        const bodyText = await readBody(res);
        const headers = headersOf(res);
        const response: ExchangeResponse = {
          status: res.status,
          headers,
          bodyText,
          body: parseJsonBody(bodyText, headers['content-type']),
          durationMs: Math.round(performance.now() - started),
        };
        return { response };
      } catch (e) {
        return { error: classifyError(fetchFailure(e, req.timeoutMs), req) };
      } finally {
        clearTimeout(timer);
      }
    },
    async dispose() {
      if (other) await (await other).dispose();
    },
  };
}
