// What both HTTP clients (http-node.ts, http-playwright.ts) share, so they cannot drift apart: the redirect limit and
// rules, one body pipeline (size limits, decompression, strict UTF-8, depth), the response shape, and the failure
// kinds with their hints. The clients are thin adapters that only move bytes.
import type { ExchangeResponse, TransportError } from '../model/types.js';
import { checkDepth, decodeText, decompress, tooManyBytes, UnreadableBody, type BodyLimits } from './response-body.js';
import { isSecretHeader } from './secrets.js';
import type { OutgoingRequest } from './types.js';

export type { BodyLimits } from './response-body.js';

export interface ClientTls {
  insecureSkipVerify?: boolean;
  clientCertificates?: { origin: string; certPath?: string; keyPath?: string; pfxPath?: string; passphrase?: string }[];
}

/** fetch's limit, and what the README promises: the 21st redirect in a row ends the step broken (kind `redirect`). */
export const MAX_REDIRECTS = 20;

/** No limit but what a Buffer and a string can hold. */
export const NO_LIMITS: BodyLimits = { responseBytes: Number.MAX_SAFE_INTEGER, decodedBytes: 2 ** 31 - 1 };

export interface Hop {
  method: string;
  url: URL;
  headers: Record<string, string>;
  bodyText?: string;
}

const DROPPED_ON_GET = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

/** Where a redirect leads, and with which method, body and headers (fetch's rules), or undefined when it is none. */
export function nextHop(hop: Hop, status: number, location: string | undefined, secretHeaders: readonly string[] = []): Hop | undefined {
  if (![301, 302, 303, 307, 308].includes(status) || !location) return undefined;
  const url = new URL(location, hop.url);
  const toGet = (status === 303 && hop.method !== 'HEAD') || ((status === 301 || status === 302) && hop.method === 'POST');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(hop.headers)) {
    const lower = name.toLowerCase();
    if (toGet && DROPPED_ON_GET.has(lower)) continue;
    // Credentials, API keys and headers the config marks secret (transport/secrets.ts) stay with the origin they were meant for.
    if (url.origin !== hop.url.origin && isSecretHeader(lower, secretHeaders)) continue;
    headers[name] = value;
  }
  return { method: toGet ? 'GET' : hop.method, url, headers, bodyText: toGet ? undefined : hop.bodyText };
}

/** Throws, in the words classifyError knows, when a hop may not be taken: a scheme Vouch never follows, or one redirect too many. */
export function checkHop(url: URL, redirects: number): void {
  if (redirects > MAX_REDIRECTS) throw new Error('Max redirect count exceeded');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${redirects ? 'redirect to ' : ''}unsupported protocol ${url.protocol}`);
}

/**
 * The text of a body as received (`encoding`: its Content-Encoding, or undefined when the client already decoded it),
 * within the limits; throws UnreadableBody past a limit or for JSON nested too deep.
 */
export function bodyText(raw: Buffer, encoding: string | undefined, limits: BodyLimits): { text: string; invalidUtf8: boolean } {
  if (raw.length > limits.responseBytes) throw tooManyBytes(limits.responseBytes);
  const decoded = decodeText(decompress(raw, encoding, limits.decodedBytes));
  checkDepth(decoded.text);
  return decoded;
}

/**
 * The response as an exchange holds it: JSON read where it is JSON, the time since `started`. A body that is not
 * valid UTF-8 is never JSON (RFC 8259 requires UTF-8), whatever its text looks like once decoded loosely.
 */
export function answered(status: number, headers: Record<string, string>, text: string, started: number, invalidUtf8 = false): ExchangeResponse {
  const body = invalidUtf8 ? undefined : parseJsonBody(text, headers['content-type']);
  return { status, headers, bodyText: text, body, ...(invalidUtf8 ? { invalidUtf8 } : {}), durationMs: Math.round(performance.now() - started) };
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
  [
    /^aborted$/,
    'reset',
    'the connection closed before the whole response arrived (reset mid-body, or a body shorter than its Content-Length); check the server and any proxy in between',
  ],
  [
    /certificate|SSL|TLS|self[- ]signed|UNABLE_TO_VERIFY|ERR_TLS|EPROTO/i,
    'tls',
    'set the CA file in vouch.config.yaml (tls.ca) or, for a test server only, tls.insecureSkipVerify',
  ],
  [/Disallowed net connect|Nock: No match|NetConnectNotAllowed/i, 'network-refused', 'replay refuses the network: record a cassette first'],
  // fetch's words and Node's for a Location that is file:, data:, ftp: ...: not a loop, a place Vouch never goes.
  [
    /unsupported protocol|unsupported URL scheme|redirect to (?!https?:)[a-z][a-z0-9+.-]*:/i,
    'redirect',
    'the server redirected to a URL that is not http or https (file:, data:, ...); Vouch follows only http and https redirects: check the Location header',
  ],
  [/Max redirect count exceeded|too many redirects|redirect count/i, 'redirect', 'the server redirects in a loop'],
  [/Z_DATA_ERROR|incorrect header check|Parse Error|HPE_/i, 'unreadable-body', 'the response could not be read'],
];

/** A failure as data: its kind (from the error's first line only), `METHOD URL: what happened`, and what to do. */
export function classifyError(e: Error, req: Pick<OutgoingRequest, 'method' | 'url'>): TransportError {
  if (e instanceof UnreadableBody) return { kind: 'unreadable-body', message: `${req.method} ${req.url}: ${e.message}`, hint: e.hint };
  // Only the first line: Playwright appends a call log of URLs and headers, whose words (a path named /redirect,
  // a header value with "TLS" in it) must not decide the kind.
  const raw = (e.message ?? String(e))
    .split('\n')[0]!
    .replace(/^apiRequestContext\.fetch: /, '')
    .trim();
  const hit = KINDS.find(([re]) => re.test(raw));
  return { kind: hit?.[1] ?? 'other', message: `${req.method} ${req.url}: ${raw}`, ...(hit ? { hint: hit[2] } : {}) };
}
