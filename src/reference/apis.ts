// The table of APIs the reference server serves. Each entry is one module (k8s/api.ts, selfcommunity/api.ts) with
// its routes, state, profiles, variants, deployment options and `vouch serve` options: the server, the profile,
// variant and option lookups and `vouch serve` iterate this table and name no API themselves.

import type { ApiModule } from './api-module.js';
import { kubernetesApi, type KubernetesSettings } from './k8s/api.js';
import { selfCommunityApi, type SelfCommunitySettings } from './selfcommunity/api.js';

const TABLE: ApiModule[] = [kubernetesApi as ApiModule, selfCommunityApi as ApiModule];

/** The settings a server can be started with: those of the bundled APIs by name, any other API's by key. */
export type ApiSettings = KubernetesSettings & SelfCommunitySettings & { [setting: string]: unknown };

/** The APIs served, in the table's order (the order `vouch serve` lists them and their profiles in). */
export function servedApis(): readonly ApiModule[] {
  return TABLE;
}

/**
 * Adds an API to the table; returns the function that removes it again. Throws when its name, or the name of one
 * of its profiles, variants or options, is taken (every name is looked up across the whole table).
 */
export function registerApi<State>(api: ApiModule<State>): () => void {
  const taken = (pick: (a: ApiModule) => readonly { name: string }[]): Set<string> => new Set(TABLE.flatMap((a) => pick(a).map((x) => x.name)));
  if (TABLE.some((a) => a.name === api.name)) throw new Error(`an API named "${api.name}" is already served`);
  const lists: [string, (a: ApiModule) => readonly { name: string }[]][] = [
    ['profile', (a) => a.profiles],
    ['variant', (a) => a.variants],
    ['option', (a) => a.options],
  ];
  for (const [what, pick] of lists) {
    const clash = pick(api as ApiModule).find((x) => taken(pick).has(x.name));
    if (clash) throw new Error(`API "${api.name}": the ${what} name "${clash.name}" is already taken`);
  }
  const entry = api as ApiModule;
  TABLE.push(entry);
  return () => {
    const at = TABLE.indexOf(entry);
    if (at >= 0) TABLE.splice(at, 1);
  };
}
