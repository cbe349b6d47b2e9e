// The live mode: every request goes to the target; nothing is written.
import type { Exchange } from '../model/types.js';
import type { HttpClient, OutgoingRequest, ScenarioSession, Transport } from './types.js';

export function toExchange(req: OutgoingRequest, result: Awaited<ReturnType<HttpClient['send']>>, source: Exchange['source']): Exchange {
  return {
    request: {
      method: req.method,
      url: req.url,
      path: req.path,
      query: req.query,
      headers: req.redactedHeaders,
      bodyText: req.bodyText,
      body: req.body,
      identity: req.identity,
    },
    ...('response' in result ? { response: result.response } : { error: result.error }),
    source,
  };
}

export function liveTransport(client: HttpClient): Transport {
  return {
    mode: 'live',
    async begin(): Promise<ScenarioSession> {
      return {
        source: 'live',
        notes: [],
        async send(req) {
          return toExchange(req, await client.send(req), 'live');
        },
        async finish() {
          return { unused: 0 };
        },
      };
    },
    async close() {
      await client.dispose();
    },
  };
}
