// HttpClient on Playwright's APIRequestContext: TLS options, timeouts, and transport failures classified (refused,
// dns, tls, timeout, reset) instead of thrown; the failure words and the response shape both clients share. Runs
// no longer use this client (runner/worker.ts): it reads any body whole and keeps a cookie jar across requests.
import { request, type APIRequestContext } from '@playwright/test';
import type { ExchangeResponse, TransportError } from '../model/types.js';
import type { HttpClient, OutgoingRequest } from './types.js';

export interface ClientTls {
  insecureSkipVerify?: boolean;
  clientCertificates?: { origin: string; certPath?: string; keyPath?: string; pfxPath?: string; passphrase?: string }[];
}

export async function createPlaywrightClient(tls: ClientTls = {}): Promise<HttpClient> {
  const ctx: APIRequestContext = await request.newContext({
    ignoreHTTPSErrors: tls.insecureSkipVerify ?? false,
    clientCertificates: tls.clientCertificates,
    maxRedirects: 10,
  });
  return {
    async send(req) {
      const started = performance.now();
      try {
        const res = await ctx.fetch(req.url, {
          method: req.method,
          headers: req.headers,
          data: req.bodyText,
          timeout: req.timeoutMs,
          failOnStatusCode: false,
          maxRedirects: 10,
        });
        const buf = await res.body();
        return { response: answered(res.status(), lowerHeaders(res.headers()), buf.toString('utf8'), started) };
      } catch (e) {
        return { error: classifyError(e as Error, req) };
      }
    },
    async dispose() {
      await ctx.dispose();
    },
  };
}

/**
 * The response as an exchange holds it: JSON read where it is JSON, the time since `started`. A body that is not
 * valid UTF-8 is never JSON (RFC 8259 requires UTF-8), whatever its text looks like once decoded loosely.
 */
export function answered(status: number, headers: Record<string, string>, bodyText: string, started: number, invalidUtf8 = false): ExchangeResponse {
  const body = invalidUtf8 ? undefined : parseJsonBody(bodyText, headers['content-type']);
  return { status, headers, bodyText, body, ...(invalidUtf8 ? { invalidUtf8 } : {}), durationMs: Math.round(performance.now() - started) };
}

export function lowerHeaders(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

/** JSON when it parses and the server did not say it is something else; undefined otherwise. */
export function parseJsonBody(text: string, contentType: string | undefined): unknown {
  if (text.trim() === '') return undefined;
  if (contentType && !/json/i.test(contentType) && !/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const KINDS: [RegExp, TransportError['kind'], string][] = [
  [/ECONNREFUSED/, 'refused', 'is the server running and the target URL right?'],
  [/ENOTFOUND|EAI_AGAIN|getaddrinfo/, 'dns', 'check the host name in the target URL'],
  [/Timeout \d+ms exceeded|ETIMEDOUT|timed out/i, 'timeout', 'raise --timeout or check the server'],
  [/ECONNRESET|socket hang up|EPIPE/, 'reset', 'the server closed the connection; check its logs'],
  // Node's `aborted`: the connection closed before the whole body arrived (a reset mid-body, or fewer bytes than
  // the Content-Length said); what did arrive is not the answer, so the step cannot be judged.
  [/^aborted$/, 'reset', 'the connection closed before the whole response arrived (reset mid-body, or a body shorter than its Content-Length); check the server and any proxy in between'],
  [/certificate|SSL|TLS|self[- ]signed|UNABLE_TO_VERIFY|ERR_TLS|EPROTO/i, 'tls', 'set the CA file in vouch.config.yaml (tls.ca) or, for a test server only, tls.insecureSkipVerify'],
  [/Disallowed net connect|Nock: No match|NetConnectNotAllowed/i, 'network-refused', 'replay refuses the network: record a cassette first'],
  // fetch's words and Node's for a Location that is file:, data:, ftp: ...: not a loop, a place Vouch never goes.
  [/unsupported protocol|unsupported URL scheme|redirect to (?!https?:)[a-z][a-z0-9+.-]*:/i, 'other', 'the server redirected to a URL that is not http or https (file:, data:, ...); Vouch follows only http and https redirects: check the Location header'],
  [/Max redirect count exceeded|too many redirects|redirect count/i, 'other', 'the server redirects in a loop'],
  [/Z_DATA_ERROR|incorrect header check|Parse Error|HPE_/i, 'unreadable-body', 'the response could not be read'],
];

export function classifyError(e: Error, req: Pick<OutgoingRequest, 'method' | 'url'>): TransportError {
  // Only the first line: Playwright appends a call log of URLs and headers, whose words (a path named /redirect,
  // a header value with "TLS" in it) must not decide the kind.
  const raw = (e.message ?? String(e)).split('\n')[0]!.replace(/^apiRequestContext\.fetch: /, '').trim();
  const hit = KINDS.find(([re]) => re.test(raw));
  return { kind: hit?.[1] ?? 'other', message: `${req.method} ${req.url}: ${raw}`, hint: hit?.[2] };
}
