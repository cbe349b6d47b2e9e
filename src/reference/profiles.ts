// Deviation profiles: each API of the table (apis.ts) lists profiles that each replace one hook (hooks.ts) to break
// exactly one documented behaviour (how Vouch's own tests show a suite catches defects). Here they are found by name.

import type { Hooks, Profile } from './hooks.js';
import { servedApis } from './apis.js';

/** Every API's profiles, in the table's order. */
export function allProfiles(): Profile[] {
  return servedApis().flatMap((a) => a.profiles);
}

export interface ResolvedProfile {
  name?: string;
  /** Only the hooks the profile breaks; the rest come from the server configuration (variants.ts). */
  hooks: Partial<Hooks>;
}

/** The hooks of a named profile (none when no name). Throws on an unknown name, listing the valid ones. */
export function resolveProfile(name?: string): ResolvedProfile {
  if (name === undefined || name === '' || name === 'conformant') return { hooks: {} };
  const profiles = allProfiles();
  const profile = profiles.find((p) => p.name === name);
  if (!profile) {
    throw new Error(`unknown profile "${name}"; valid profiles: ${profiles.map((p) => p.name).join(', ')}`);
  }
  return { name: profile.name, hooks: profile.hooks };
}
