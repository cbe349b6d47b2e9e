// Faithful variants: the other half of the mutation matrix. Each API of the table (apis.ts) lists real server
// configurations that differ from the default reference server and are still conformant to the documents; every
// suite must pass on each. A variant changes hooks that decide what a real server may decide (admission,
// serialisation, texts, ids).

import { conformant, type Api, type Hooks } from './hooks.js';
import { servedApis } from './apis.js';

export interface Variant {
  name: string;
  api: Api;
  /** What this server does differently, in one line. */
  description: string;
  /** Where that behaviour comes from. */
  source: string;
  hooks: Partial<Hooks>;
}

/** Every API's variants, in the table's order. */
export function allVariants(): Variant[] {
  return servedApis().flatMap((a) => a.variants);
}

/**
 * The hooks of server configurations and a profile together: variants compose (their reply shapes apply in
 * order, so `k8s-go-omitempty,sc-nulls` is one server configured both ways), and the profile breaks one behaviour.
 */
export function composeHooks(variants: readonly Variant[], profile: Partial<Hooks>): Hooks {
  let hooks: Hooks = { ...conformant };
  for (const v of variants) {
    const { shape, ...rest } = v.hooks;
    const before = hooks.shape;
    hooks = { ...hooks, ...rest, ...(shape ? { shape: (route, reply) => shape(route, before(route, reply)) } : {}) };
  }
  return { ...hooks, ...profile };
}

/** The variants a `--variant` value names, comma-separated (none for the default server). Throws on an unknown one. */
export function findVariants(names: string | undefined): Variant[] {
  const wanted = (names ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '' && n !== 'default');
  const known = allVariants();
  return wanted.map((name) => {
    const variant = known.find((v) => v.name === name);
    if (!variant) throw new Error(`unknown variant "${name}"; valid variants: ${known.map((v) => v.name).join(', ')}`);
    return variant;
  });
}
