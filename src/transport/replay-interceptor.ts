// nock, confined: one catch-all per process serves the answer a replay session chose (by a ticket header) and
// refuses the network while a strict replay holds it; the last release restores nock and the network.
import { randomBytes } from 'node:crypto';
import nock from 'nock';
import type { CassetteExchange } from './cassette.js';
import { replyOf } from './cassette-entry.js';

/** The internal header that carries a replay ticket; it only ever reaches nock, never a server. */
export const TICKET_HEADER = 'x-vouch-replay';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export interface ReplayInterceptor {
  /** Registers the answer for one request; returns the header that carries its ticket to the interceptor. */
  ticket(exchange: CassetteExchange): Record<string, string>;
  release(): void;
}

const state = { holders: 0, strict: 0, seq: 0, tickets: new Map<string, CassetteExchange>() };

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const hit = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
  const v = hit?.[1];
  return Array.isArray(v) ? v[0] : v;
}

/** The catch-all; `allowUnmocked` lets a request without a ticket through (a recording in auto mode), and nock
 *  only refuses those while there is no `allowUnmocked` scope, so the scope is rebuilt when strictness changes. */
function install(allowUnmocked: boolean): void {
  const scope = nock(/.*/, { allowUnmocked }).persist();
  for (const method of METHODS) {
    scope
      .intercept(/.*/, method)
      .query(true)
      .matchHeader(TICKET_HEADER, /.+/)
      .reply(function (_uri, _body, callback) {
        const ticket = headerValue(this.req.headers, TICKET_HEADER) ?? '';
        const exchange = state.tickets.get(ticket);
        state.tickets.delete(ticket);
        if (!exchange || exchange.request.method !== method) {
          callback(new Error(`vouch replay: no recorded answer for ticket '${ticket}' (${method}); this is a bug in Vouch`), [500]);
          return;
        }
        const reply = replyOf(exchange);
        callback(null, [reply.status, reply.bodyText, reply.headers]);
      });
  }
}

function configure(): void {
  if (!nock.isActive()) nock.activate();
  nock.cleanAll();
  const strict = state.strict > 0;
  if (strict) nock.disableNetConnect();
  else nock.enableNetConnect();
  install(!strict);
}

function uninstall(): void {
  state.tickets.clear();
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
}

/** `refuseNetwork`: every request without a ticket fails (pure replay); auto mode leaves recordings their network. */
export function acquireInterceptor(refuseNetwork: boolean): ReplayInterceptor {
  const wasStrict = state.strict > 0;
  state.holders += 1;
  if (refuseNetwork) state.strict += 1;
  if (state.holders === 1 || wasStrict !== state.strict > 0) configure();
  let released = false;
  return {
    ticket(exchange) {
      const t = `${process.pid}-${++state.seq}-${randomBytes(4).toString('hex')}`;
      state.tickets.set(t, exchange);
      return { [TICKET_HEADER]: t };
    },
    release() {
      if (released) return;
      released = true;
      state.holders -= 1;
      if (refuseNetwork) state.strict -= 1;
      if (state.holders === 0) uninstall();
      else if (refuseNetwork && state.strict === 0) configure();
    },
  };
}
