// The replay mode: each request is matched against the scenario's cassette and answered through nock, the network
// refused; a missing cassette blocks the scenario, a stale one is noted, an unmatched request is a `no-match` error.
import { existsSync } from 'node:fs';
import type { Exchange, Scenario, TransportError } from '../model/types.js';
import { cassettePath, readCassette, recordCommand, type Cassette } from './cassette.js';
import { describeRequest, toCassetteRequest } from './cassette-entry.js';
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

function blockedSession(scenario: Scenario, file: string): ScenarioSession {
  const blocked: TransportError = {
    kind: 'no-cassette',
    message: `no cassette for scenario '${scenario.id}': expected ${file}`,
    hint: `record it: ${recordCommand(scenario)}`,
  };
  return {
    source: 'replay',
    cassettePath: file,
    notes: [],
    blocked,
    async send(req) {
      return errorExchange(req, blocked);
    },
    async finish() {
      return { unused: 0 };
    },
  };
}

function staleNote(scenario: Scenario, cassette: Cassette): string[] {
  if (cassette.scenario.hash === scenario.hash) return [];
  const short = (h: string) => h.replace(/^sha256:/, '').slice(0, 12) || '(none)';
  return [
    `cassette is stale: the scenario changed since it was recorded (recorded from ${short(cassette.scenario.hash)}, the scenario is now ${short(scenario.hash)}, recorded at ${cassette.recordedAt}); re-record with: ${recordCommand(scenario)}`,
  ];
}

/** Opens the scenario's cassette (throws CassetteError when it is damaged) and replays it. */
export function replaySession(scenario: Scenario, opts: TransportOptions, interceptor: ReplayInterceptor): ScenarioSession {
  const file = cassettePath(opts.cassetteDir, scenario.api, scenario.id);
  if (!existsSync(file)) return blockedSession(scenario, file);
  const cassette = readCassette(file, { scenarioId: scenario.id });
  const redactor = redactorFor(opts);
  const used = cassette.exchanges.map(() => false);
  const notes = staleNote(scenario, cassette);
  const hint = `if the scenario changed on purpose, re-record it: ${recordCommand(scenario)}`;
  return {
    source: 'replay',
    cassettePath: file,
    recordedAt: cassette.recordedAt,
    recordedVars: cassette.vars,
    notes,
    async send(req) {
      const m = findMatch(cassette.exchanges, used, { identity: req.identity, request: toCassetteRequest(req, redactor) });
      if (!m.matched) return errorExchange(req, { kind: 'no-match', message: m.message, hint });
      used[m.index] = true;
      const ticket = interceptor.ticket(cassette.exchanges[m.index]!);
      // The ticket header goes to the client only; the Exchange shows the request as the runner made it.
      return toExchange(req, await opts.client.send({ ...req, headers: { ...req.headers, ...ticket } }), 'replay');
    },
    async finish() {
      const unused = cassette.exchanges.flatMap((e, i) => (used[i] ? [] : [`#${i + 1} ${describeRequest(e.identity, e.request)} (${e.response.status})`]));
      if (unused.length > 0) notes.push(`${unused.length} recorded exchange${unused.length > 1 ? 's were' : ' was'} never used: ${unused.join(', ')}`);
      return { unused: unused.length };
    },
  };
}

/** Replay transport. nock is imported at the first scenario, not before: live and record runs never load it, so
 *  it never patches their http; close() restores it. */
export function replayTransport(opts: TransportOptions, refuseNetwork = true): Transport & { interceptor(): Promise<ReplayInterceptor> } {
  let held: Promise<ReplayInterceptor> | undefined;
  const interceptor = () => (held ??= import('./replay-interceptor.js').then((m) => m.acquireInterceptor(refuseNetwork)));
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
