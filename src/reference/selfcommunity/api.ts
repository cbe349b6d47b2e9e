// The SelfCommunity API as one entry of the table of APIs (../apis.ts): /api/v2/ with bearer-token users (`users`,
// owner and other by default), statuses and medias; its profiles, variants and the "category required" deployment
// option; `--user ROLE:TOKEN` for `vouch serve`.

import { ApiSettingError, type ApiModule } from '../api-module.js';
import { SC_PROFILES } from '../profiles-sc.js';
import { SC_VARIANTS } from '../variants-sc.js';
import type { ScContext } from './drf.js';
import { MediaStore } from './medias.js';
import { handleSelfCommunity, isSelfCommunityPath, serializeSelfCommunity } from './router.js';
import { StatusStore } from './statuses.js';
import { makeUsers, type UserSpec } from './users.js';

export interface SelfCommunitySettings {
  /** The community's users with their bearer tokens; owner and other with random tokens when none. */
  users?: UserSpec[];
}

const ROLE = /^[A-Za-z][A-Za-z0-9_-]*$/;
const HINT = 'write it as --user owner:SECRET (a role of letters, digits, - or _, then a token without spaces)';

function checkUsers(users: unknown): UserSpec[] | undefined {
  if (users === undefined) return undefined;
  if (!Array.isArray(users)) throw new ApiSettingError('users must be a list of { role, token }', HINT);
  const seen = new Set<string>();
  for (const { role, token } of users as UserSpec[]) {
    if (typeof role !== 'string' || !ROLE.test(role))
      throw new ApiSettingError(`invalid user role "${role}": use letters, digits, "-" or "_", starting with a letter`, HINT);
    if (typeof token !== 'string' || !token || /\s/.test(token))
      throw new ApiSettingError(`invalid token for user "${role}": it must be non-empty and contain no spaces`, HINT);
    if (seen.has(role.toLowerCase())) throw new ApiSettingError(`user role "${role}" is given twice`, 'give each role once');
    seen.add(role.toLowerCase());
  }
  return users as UserSpec[];
}

/** `ROLE:TOKEN` values of --user. */
export function parseUsers(values: readonly string[]): UserSpec[] {
  return values.map((value) => {
    const colon = value.indexOf(':');
    const role = colon < 0 ? '' : value.slice(0, colon);
    const token = colon < 0 ? '' : value.slice(colon + 1);
    if (!ROLE.test(role) || token === '' || /\s/.test(token)) throw new ApiSettingError(`--user "${value}" is not ROLE:TOKEN`, HINT);
    return { role, token };
  });
}

/** `VOUCH_SELFCOMMUNITY_<ROLE>_TOKEN`, the variable a live run reads a user's token from. */
export function tokenVariable(role: string): string {
  return `VOUCH_SELFCOMMUNITY_${role.toUpperCase().replace(/-/g, '_')}_TOKEN`;
}

export const selfCommunityApi: ApiModule<ScContext> = {
  name: 'selfcommunity',
  title: 'SelfCommunity API',
  owns: isSelfCommunityPath,
  createState: ({ hooks, options, settings }) => ({
    users: makeUsers(checkUsers(settings['users'])),
    statuses: new StatusStore(hooks.firstStatusId()),
    medias: new MediaStore(),
    hooks,
    settings: { categoriesRequired: options['categoriesRequired'] ?? true },
  }),
  handle: handleSelfCommunity,
  serialize: (_incoming, reply) => serializeSelfCommunity(reply),
  profiles: SC_PROFILES,
  variants: SC_VARIANTS,
  options: [
    {
      name: 'categoriesRequired',
      api: 'selfcommunity',
      documented: true,
      description:
        'a status must name at least one category (doc 004: categories is required); false: a community where categories are optional accepts a status without them',
      source: 'the community preference CONFIGURATIONS_POST_CATEGORY_REQUIRED_ENABLED (SelfCommunity community-js SDK); api-behaviour.md Part B',
    },
  ],
  cli: {
    options: [
      { name: 'user', type: 'string', array: true, describe: 'a SelfCommunity user as ROLE:TOKEN (repeatable; default: owner and other with random tokens)' },
    ],
    examples: [
      ['$0 serve --port 0 --user owner:s3cret --user other:t0ken', 'a free port and fixed tokens'],
      ['$0 serve --option categoriesRequired=false', 'a community where categories are optional (declare it: options: { categoriesRequired: false })'],
    ],
    settings: (args) => ({ users: parseUsers((args['user'] as string[] | undefined) ?? []) }),
  },
  describe: (ctx, url) => {
    const width = Math.max(...ctx.users.map((u) => u.role.length));
    return {
      where: `${url}/api/v2/`,
      details: [
        'users (SelfCommunity, Authorization: Bearer TOKEN):',
        ...ctx.users.map((u) => `  ${u.role.padEnd(width)}  id ${u.id}  username ${u.username}  token ${u.token}`),
      ],
      exports: ctx.users.map((u) => ({ name: tokenVariable(u.role), value: u.token })),
    };
  },
};
