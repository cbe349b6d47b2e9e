// The replay mode: each request is matched against the scenario's cassette and answered from it, the network
// refused; a missing cassette blocks the scenario, a stale one is noted, an unmatched request is a `no-match` error.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Exchange, ExchangeResponse, Scenario, TransportError } from '../model/types.js';
import { cassettePath, readCassette, recordCommand, type Cassette, type CassetteExchange } from './cassette.js';
import { describeRequest, replyOf, toCassetteRequest } from './cassette-entry.js';
import { lowerHeaders, parseJsonBody } from './http-common.js';
import { findMatch } from './match.js';
import { redactorFor } from './record.js';
import type { ReplayInterceptor } from './replay-interceptor.js';
import type { OutgoingRequest, ScenarioSession, Transport, TransportOptions } from './types.js';
import { toExchange } from './live.js';

/** The base URL a runner may use when replaying with no target: replay ignores the host, and this one never resolves. */
export const REPLAY_BASE_URL = 'http://replay.vouch.invalid';

function errorExchange(req: OutgoingRequest, error: TransportError): Exchange {
  return toExchange(req, { error }, 'replay');
}

function blockedSession(file: string, blocked: TransportError, stale?: string): ScenarioSession {
  return {
    source: 'replay',
    cassettePath: file,
    notes: [],
    ...(stale ? { stale } : {}),
    blocked,
    async send(req) {
      return errorExchange(req, blocked);
    },
    async finish() {
      return { unused: 0 };
    },
  };
}

function noCassette(scenario: Scenario, file: string): TransportError {
  return { kind: 'no-cassette', message: `no cassette for scenario '${scenario.id}': expected ${file}`, hint: `record it: ${recordCommand(scenario)}` };
}

/** Why a cassette is stale (the scenario changed since it was recorded), or undefined when it is not. */
function staleness(scenario: Scenario, cassette: Cassette): string | undefined {
  if (cassette.scenario.hash === scenario.hash) return undefined;
  const short = (h: string) => h.replace(/^sha256:/, '').slice(0, 12) || '(none)';
  return `cassette is stale: the scenario changed since it was recorded (recorded from ${short(cassette.scenario.hash)}, the scenario is now ${short(scenario.hash)}, recorded at ${cassette.recordedAt})`;
}

/**
 * The recorded answer as the HTTP client would have returned it: the same headers (lower-case), the body text
 * replay serves and the JSON read from it. Answered in-process, not through nock and a client: a round trip
 * through both cost more than everything else a replayed step does.
 */
function recordedResponse(e: CassetteExchange, started: number): ExchangeResponse {
  const reply = replyOf(e);
  const headers = lowerHeaders(reply.headers);
  return {
    status: reply.status,
    headers,
    bodyText: reply.bodyText,
    body: parseJsonBody(reply.bodyText, headers['content-type']),
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Opens the scenario's cassette (throws CassetteError when it is damaged) and replays it. `_guard` is the net
 * guard the transport holds while sessions run: nothing a session does sends a request, and nothing else may.
 */
export function replaySession(scenario: Scenario, opts: TransportOptions, _guard: ReplayInterceptor): ScenarioSession {
  const file = cassettePath(opts.cassetteDir, scenario.api, scenario.id);
  if (!existsSync(file)) return blockedSession(file, noCassette(scenario, file));
  const cassette = readCassette(file, { scenarioId: scenario.id });
  // What this run replays is its evidence (`vouch bundle` packs it only if it is still the same file).
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const stale = staleness(scenario, cassette);
  const rerecord = recordCommand(scenario);
  if (stale && opts.strictCassettes)
    return blockedSession(file, { kind: 'stale-cassette', message: `${stale} (--strict-cassettes)`, hint: `re-record it: ${rerecord}` }, rerecord);
  const redactor = redactorFor(opts);
  const used = cassette.exchanges.map(() => false);
  const notes = stale ? [`${stale}; re-record with: ${rerecord}`] : [];
  const allowed: { rule: string; message: string }[] = [];
  const hint = `if the scenario changed on purpose, re-record it: ${recordCommand(scenario)}`;
  return {
    source: 'replay',
    cassettePath: file,
    recordedAt: cassette.recordedAt,
    ...(cassette.target.serverVersion ? { serverVersion: cassette.target.serverVersion } : {}),
    recordedVars: cassette.vars,
    notes,
    ...(stale ? { stale: rerecord } : {}),
    allowed,
    async send(req) {
      const started = performance.now();
      const m = findMatch(cassette.exchanges, used, { identity: req.identity, request: toCassetteRequest(req, redactor) });
      if (!m.matched) return errorExchange(req, { kind: 'no-match', message: m.message, hint });
      if (m.allowed) allowed.push({ rule: 'generated', message: m.allowed });
      used[m.index] = true;
      return toExchange(req, { response: recordedResponse(cassette.exchanges[m.index]!, started) }, 'replay');
    },
    async finish() {
      const unused = cassette.exchanges.flatMap((e, i) => (used[i] ? [] : [`#${i + 1} ${describeRequest(e.identity, e.request)} (${e.response.status})`]));
      if (unused.length > 0) notes.push(`${unused.length} recorded exchange${unused.length > 1 ? 's were' : ' was'} never used: ${unused.join(', ')}`);
      return { unused: unused.length, sha256 };
    },
  };
}

/** Nothing to guard: auto mode lets its recordings reach the network, and its replayed scenarios send nothing. */
const NO_GUARD: ReplayInterceptor = { release() {} };

/** Replay transport. nock is imported at the first scenario of a strict replay, not before: live, record and auto
 *  runs never load it, so it never patches their http; close() restores it. */
export function replayTransport(opts: TransportOptions, refuseNetwork = true): Transport & { interceptor(): Promise<ReplayInterceptor> } {
  let held: Promise<ReplayInterceptor> | undefined;
  const interceptor = () => (held ??= refuseNetwork ? import('./replay-interceptor.js').then((m) => m.acquireInterceptor()) : Promise.resolve(NO_GUARD));
  return {
    mode: 'replay',
    interceptor,
    async begin(scenario) {
      return replaySession(scenario, opts, await interceptor());
    },
    async close() {
      if (held) (await held).release();
      held = undefined;
      await opts.client.dispose();
    },
  };
}
