// The table of transport modes: live here, record, replay and auto from transport/cassette-modes.ts.
import type { Mode } from '../model/types.js';
import { cassetteModes } from './cassette-modes.js';
import { liveTransport } from './live.js';
import type { Transport, TransportOptions } from './types.js';

export type TransportFactory = (opts: TransportOptions) => Transport;

const modes = new Map<Mode, TransportFactory>([['live', (o) => liveTransport(o.client)], ...cassetteModes]);

export function createTransport(opts: TransportOptions): Transport {
  const factory = modes.get(opts.mode);
  if (!factory) throw new Error(`transport mode '${opts.mode}' is not available`);
  return factory(opts);
}
