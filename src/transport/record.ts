// The record mode: every request goes live through the client; the scenario's exchanges are collected in order
// (redacted, identity alias only) and written as its cassette when it finishes, atomically, unless it broke.
import { createHash } from 'node:crypto';
import type { Scenario } from '../model/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { cassettePath, scenarioFileForCassette, serializeCassette, CASSETTE_FORMAT, type Cassette, type CassetteExchange } from './cassette.js';
import { toCassetteExchange } from './cassette-entry.js';
import { toExchange } from './live.js';
import { createRedactor, type Redactor } from './redact.js';
import type { ScenarioOutcome, ScenarioSession, Transport, TransportOptions } from './types.js';

export function redactorFor(opts: TransportOptions): Redactor {
  return createRedactor({ secrets: opts.secrets, headers: opts.redact.headers, paths: opts.redact.paths });
}

/** Target metadata: the name and server version when the runner passes them along with the base URL. */
export function targetMeta(opts: TransportOptions, api: string): Cassette['target'] {
  const t: { baseUrl: string; name?: unknown; serverVersion?: unknown } = opts.targets[api] ?? { baseUrl: '' };
  const name = typeof t.name === 'string' ? t.name : api;
  const serverVersion = typeof t.serverVersion === 'string' ? t.serverVersion : undefined;
  return { api, name, baseUrl: withoutUserInfo(t.baseUrl), ...(serverVersion ? { serverVersion } : {}) };
}

function withoutUserInfo(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

export function recordSession(scenario: Scenario, opts: TransportOptions, dir: string): ScenarioSession {
  const redactor = redactorFor(opts);
  const file = cassettePath(dir, scenario.api, scenario.id);
  const exchanges: CassetteExchange[] = [];
  let brokeInTransport = false;
  return {
    source: 'live',
    cassettePath: file,
    ...(targetMeta(opts, scenario.api).serverVersion ? { serverVersion: targetMeta(opts, scenario.api).serverVersion } : {}),
    notes: [],
    async send(req) {
      const result = await opts.client.send(req);
      // What this exchange carries in secret headers and configured pointers (a session cookie, say) is scrubbed
      // from everything the cassette holds, the variables it captured included.
      redactor.learnExchange({ request: req, ...('response' in result ? { response: result.response } : {}) });
      if ('response' in result) exchanges.push(toCassetteExchange(req, result.response, redactor));
      else brokeInTransport = true;
      return toExchange(req, result, 'live');
    },
    async finish(outcome: ScenarioOutcome) {
      // A broken or interrupted run is no evidence: the previous cassette stays. A 5xx is an answer and is kept.
      if (outcome.transportFailed || outcome.interrupted || brokeInTransport || exchanges.length === 0) return { unused: 0 };
      const cassette: Cassette = {
        format: CASSETTE_FORMAT,
        scenario: { id: scenario.id, file: scenarioFileForCassette(scenario.file), hash: scenario.hash },
        vouch: { version: opts.vouchVersion },
        target: { ...targetMeta(opts, scenario.api), baseUrl: redactor.text(targetMeta(opts, scenario.api).baseUrl) },
        recordedAt: new Date().toISOString(),
        vars: redactor.value(outcome.vars) as Record<string, unknown>,
        exchanges,
      };
      const text = serializeCassette(cassette);
      await writeFileAtomic(file, text);
      return { unused: 0, written: file, sha256: createHash('sha256').update(text).digest('hex') };
    },
  };
}

export function recordTransport(opts: TransportOptions): Transport {
  const dir = opts.recordDir ?? opts.cassetteDir;
  return {
    mode: 'record',
    async begin(scenario) {
      return recordSession(scenario, opts, dir);
    },
    async close() {
      await opts.client.dispose();
    },
  };
}
