// Deployment options: behaviour the documents leave to each deployment, which a real server is configured with and
// a vendor declares when certifying (`vouch serve --option NAME=false`; vouch.config.yaml `options:`). Unlike a
// faithful variant, an option set away from its documented value changes a documented behaviour: the scenarios that
// require it do not apply to such a server, and a claim says so, quoting the declaration. Each API of the table
// (apis.ts) lists its own.

import type { Api } from './hooks.js';
import { servedApis } from './apis.js';

export interface DeploymentOption {
  name: string;
  api: Api;
  /** The value the documentation describes. */
  documented: boolean;
  description: string;
  source: string;
}

export type OptionValues = Record<string, boolean>;

/** Every API's deployment options, in the table's order. */
export function allOptions(): DeploymentOption[] {
  return servedApis().flatMap((a) => a.options);
}

/** Every option at its documented value, then the given ones; throws on an unknown option. */
export function resolveOptions(given: OptionValues = {}): OptionValues {
  const options = allOptions();
  const out: OptionValues = Object.fromEntries(options.map((o) => [o.name, o.documented]));
  for (const [name, value] of Object.entries(given)) {
    if (!(name in out)) throw new Error(`unknown option "${name}"; valid options: ${options.map((o) => o.name).join(', ')}`);
    out[name] = value;
  }
  return out;
}
