// Turns a sent request and its answer into a cassette entry (only the headers that matter, everything redacted),
// and a cassette entry back into the answer replay serves.
import type { ExchangeResponse } from '../model/types.js';
import type { CassetteExchange, CassetteRequest, CassetteResponse } from './cassette.js';
import type { Redactor } from './redact.js';
import { CREDENTIAL_HEADERS } from './secrets.js';
import type { OutgoingRequest } from './types.js';
import { jsonIndent } from '../util/json-layout.js';

/** Request headers that say nothing about the request's meaning (the client or the connection sets them). */
const NOISE_REQUEST_HEADERS = new Set([
  'host',
  'content-length',
  'user-agent',
  'accept-encoding',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'upgrade',
  'expect',
  ...CREDENTIAL_HEADERS,
]);

/** Response headers that describe one transfer, not the answer; replay must not send them back (the body is decoded). */
const TRANSFER_RESPONSE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

function pick(h: Record<string, string>, drop: Set<string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(h)
      .filter(([k]) => !drop.has(k.toLowerCase()))
      .map(([k, v]) => [k.toLowerCase(), v]),
  );
}

/** The request as a cassette stores it; replay builds the same shape from what is sent, to match. */
export function toCassetteRequest(req: OutgoingRequest, r: Redactor): CassetteRequest {
  const base: CassetteRequest = {
    method: req.method.toUpperCase(),
    path: r.text(req.path),
    query: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [r.text(k), r.text(v)])),
    headers: r.headers(pick(req.redactedHeaders, NOISE_REQUEST_HEADERS)),
  };
  if (req.body !== undefined) return { ...base, body: r.body(req.body) };
  if (req.bodyText !== undefined && req.bodyText !== '') return { ...base, bodyText: r.text(req.bodyText) };
  return base;
}

export function toCassetteResponse(res: ExchangeResponse, r: Redactor): CassetteResponse {
  const base: CassetteResponse = { status: res.status, headers: r.headers(pick(res.headers, TRANSFER_RESPONSE_HEADERS)) };
  if (res.body !== undefined) {
    // An indented answer (?pretty=true) is replayed indented the same way: the layout is part of what was answered.
    const indent = jsonIndent(res.bodyText);
    return { ...base, body: r.body(res.body), ...(indent !== undefined && indent.length <= 10 ? { indent } : {}) };
  }
  if (res.bodyText !== '') return { ...base, bodyText: r.text(res.bodyText) };
  return base;
}

export function toCassetteExchange(req: OutgoingRequest, res: ExchangeResponse, r: Redactor): CassetteExchange {
  return {
    ...(req.step !== undefined ? { step: req.step } : {}),
    identity: req.identity,
    request: toCassetteRequest(req, r),
    response: toCassetteResponse(res, r),
    durationMs: res.durationMs,
  };
}

/** What replay answers: the recorded status, headers and body (JSON bodies compact, or indented as recorded). */
export function replyOf(e: CassetteExchange): { status: number; headers: Record<string, string>; bodyText: string } {
  const { response } = e;
  const bodyText = response.body !== undefined ? JSON.stringify(response.body, null, response.indent) : (response.bodyText ?? '');
  return { status: response.status, headers: { ...response.headers }, bodyText };
}

/** `PUT /api/v1/namespaces/x/pods/y/status as owner`, for messages. */
export function describeRequest(identity: string, req: Pick<CassetteRequest, 'method' | 'path' | 'query'>): string {
  const q = new URLSearchParams(req.query).toString();
  return `${req.method} ${req.path}${q ? `?${q}` : ''} as ${identity}`;
}
