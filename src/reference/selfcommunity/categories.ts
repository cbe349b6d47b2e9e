// The seeded SelfCommunity categories (ids 1..3), served as full Category objects (schemas/category).
// None has a parent, so the documented "parent categories are added automatically" never adds one here.

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

export function category(id: number): JsonObject | undefined {
  const seed = SEEDS.find((s) => s.id === id);
  return seed ? categoryObject(seed) : undefined;
}

export function allCategories(): JsonObject[] {
  return SEEDS.map(categoryObject);
}
