// The cassette modes of the transport table: record, replay, and auto (replay where a cassette exists, record
// where none does, decided per scenario). transport/modes.ts puts these entries into its table.
import { existsSync } from 'node:fs';
import type { Mode } from '../model/types.js';
import { cassettePath } from './cassette.js';
import type { TransportFactory } from './modes.js';
import { recordSession, recordTransport } from './record.js';
import { replaySession, replayTransport } from './replay.js';
import type { Transport, TransportOptions } from './types.js';

export function autoTransport(opts: TransportOptions): Transport {
  // Auto never refuses the network: its recording scenarios need it. Its replayed scenarios never reach it anyway:
  // they answer from their cassettes in-process and send nothing.
  const replay = replayTransport(opts, false);
  return {
    mode: 'auto',
    async begin(scenario) {
      if (existsSync(cassettePath(opts.cassetteDir, scenario.api, scenario.id))) return replaySession(scenario, opts, await replay.interceptor());
      return recordSession(scenario, opts, opts.recordDir ?? opts.cassetteDir);
    },
    async close() {
      await replay.close();
    },
  };
}

export const cassetteModes: [Mode, TransportFactory][] = [
  ['record', (o) => recordTransport(o)],
  ['replay', (o) => replayTransport(o, true)],
  ['auto', (o) => autoTransport(o)],
];
