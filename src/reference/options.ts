// Deployment options: behaviour the documents leave to each deployment, which a real server is configured with and
// a vendor declares when certifying (`vouch serve --option NAME=false`; vouch.config.yaml `options:`). Unlike a
// faithful variant, an option set away from its documented value changes a documented behaviour: the scenarios that
// require it do not apply to such a server, and a claim says so, quoting the declaration.

export interface DeploymentOption {
  name: string;
  api: 'kubernetes' | 'selfcommunity';
  /** The value the documentation describes. */
  documented: boolean;
  description: string;
  source: string;
}

export const DEPLOYMENT_OPTIONS: DeploymentOption[] = [
  {
    name: 'categoriesRequired',
    api: 'selfcommunity',
    documented: true,
    description: 'a status must name at least one category (doc 004: categories is required); false: a community where categories are optional accepts a status without them',
    source: 'the community preference CONFIGURATIONS_POST_CATEGORY_REQUIRED_ENABLED (SelfCommunity community-js SDK); api-behaviour.md Part B',
  },
];

export type OptionValues = Record<string, boolean>;

/** Every option at its documented value, then the given ones; throws on an unknown option. */
export function resolveOptions(given: OptionValues = {}): OptionValues {
  const out: OptionValues = Object.fromEntries(DEPLOYMENT_OPTIONS.map((o) => [o.name, o.documented]));
  for (const [name, value] of Object.entries(given)) {
    if (!(name in out)) throw new Error(`unknown option "${name}"; valid options: ${DEPLOYMENT_OPTIONS.map((o) => o.name).join(', ')}`);
    out[name] = value;
  }
  return out;
}
