// The seeded SelfCommunity tags (schemas/tag.md): user tags a contribution may be addressed to, and a
// contribution tag. GET /api/v2/user/tag/tags_to_address_a_contribution/ lists the user tags, active and visible.

import type { JsonObject } from '../json.js';

interface TagSeed {
  id: number;
  type: 'user' | 'category' | 'contribution';
  name: string;
  description: string | null;
  color: string;
}

const SEEDS: TagSeed[] = [
  { id: 1, type: 'user', name: 'Staff', description: 'Members of the community team', color: '#1e88e5' },
  { id: 2, type: 'user', name: 'Beta testers', description: null, color: '#43a047' },
  { id: 3, type: 'contribution', name: 'Featured', description: 'Contributions the team recommends', color: '#fb8c00' },
];

function tagObject(seed: TagSeed): JsonObject {
  return {
    id: seed.id,
    active: true,
    type: seed.type,
    name: seed.name,
    description: seed.description,
    color: seed.color,
    visible: true,
    visibility_boost: false,
    created_at: '2026-01-12T10:00:00.000000Z',
    deleted: false,
  };
}

export function tag(id: number): JsonObject | undefined {
  const seed = SEEDS.find((s) => s.id === id);
  return seed ? tagObject(seed) : undefined;
}

/** Whether an id names a tag a contribution may be addressed to (a tag of type user: schemas/status.md, tags). */
export function isAddressingTag(id: number): boolean {
  return SEEDS.some((s) => s.id === id && s.type === 'user');
}

/** The tags a user may address a contribution to, as the documented endpoint lists them (a plain array). */
export function addressingTags(): JsonObject[] {
  return SEEDS.filter((s) => s.type === 'user').map(tagObject);
}
