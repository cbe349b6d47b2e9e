// The seeded SelfCommunity categories (ids 1..3), served as full Category objects (schemas/category). None has a
// parent; a community with nested categories (variant sc-nested-categories) also has a subcategory of 3, listed
// first, and a status filed under it gets its parent added automatically (doc 004), the parent first.

import type { JsonObject } from '../json.js';

interface Seed {
  id: number;
  name: string;
  slug: string;
  slogan: string;
  followers: number;
}

const SEEDS: Seed[] = [
  { id: 1, name: 'General', slug: 'general', slogan: 'Talk about anything', followers: 128 },
  { id: 2, name: 'Announcements', slug: 'announcements', slogan: 'News from the team', followers: 64 },
  { id: 3, name: 'Help & Support', slug: 'help-support', slogan: 'Ask the community', followers: 32 },
];

/** The subcategory of a community with nested categories: listed first (order 0), its parent is category 3. */
const CHILD: Seed & { parent: number } = { id: 4, name: 'Billing', slug: 'billing', slogan: 'Invoices and plans', followers: 16, parent: 3 };

function image(seed: Seed, size: string): string {
  return `https://static.example.com/categories/${seed.id}/${size}.png`;
}

function categoryObject(seed: Seed): JsonObject {
  return {
    id: seed.id,
    tags: [],
    followed: false,
    order: seed.id,
    name: seed.name,
    name_synonyms: '',
    slug: seed.slug,
    slogan: seed.slogan,
    html_info: `<p>${seed.slogan}.</p>`,
    seo_title: seed.name,
    seo_description: seed.slogan,
    auto_follow: 'none',
    active: true,
    image_original: image(seed, 'original'),
    image_bigger: image(seed, 'bigger'),
    image_big: image(seed, 'big'),
    image_medium: image(seed, 'medium'),
    image_small: image(seed, 'small'),
    emotional_image_original: image(seed, 'emotional'),
    emotional_image_position: 0,
    lastmod_datetime: '2026-01-15T09:30:00.000000Z',
    stream_order_by: 'recent',
    followers_counter: seed.followers,
  };
}

export function categoryIds(): number[] {
  return SEEDS.map((s) => s.id);
}

/** A category by id, as a status shows it (the subcategory only exists where categories nest). */
export function category(id: number): JsonObject | undefined {
  if (id === CHILD.id) return { ...categoryObject(CHILD), order: 0, parents: [CHILD.parent] };
  const seed = SEEDS.find((s) => s.id === id);
  return seed ? categoryObject(seed) : undefined;
}

/** Whether a status may name the category. */
export function categoryExists(id: number, nested: boolean): boolean {
  return id === CHILD.id ? nested : SEEDS.some((s) => s.id === id);
}

/** The categories a status is filed under: each one sent, its parent added before it where categories nest. */
export function withParents(ids: number[], nested: boolean): number[] {
  if (!nested) return ids;
  const out: number[] = [];
  for (const id of ids) for (const x of id === CHILD.id ? [CHILD.parent, id] : [id]) if (!out.includes(x)) out.push(x);
  return out;
}

export function allCategories(nested = false): JsonObject[] {
  return [...(nested ? [category(CHILD.id)!] : []), ...SEEDS.map(categoryObject)];
}
