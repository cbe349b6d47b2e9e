// SelfCommunity users: roles with bearer tokens (owner and other by default), and the full User object
// the API embeds as a status's author.

import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../json.js';

export interface UserSpec {
  role: string;
  token: string;
}

export interface ScUser extends UserSpec {
  id: number;
  username: string;
  dateJoined: string;
}

export const DEFAULT_ROLES = ['owner', 'other'];

/** DRF's datetime format: RFC 3339, UTC, microseconds. */
export function drfTime(date = new Date()): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000) % 1000;
  return `${date.toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

export function randomToken(): string {
  return randomBytes(20).toString('hex');
}

/** Users with ids from 1 in the order given; `owner` and `other` with random tokens when none are given. */
export function makeUsers(specs?: UserSpec[]): ScUser[] {
  const list = specs?.length ? specs : DEFAULT_ROLES.map((role) => ({ role, token: randomToken() }));
  return list.map((spec, i) => ({
    role: spec.role,
    token: spec.token,
    id: i + 1,
    username: spec.role,
    dateJoined: `2026-01-${String(10 + i).padStart(2, '0')}T09:00:00.000000Z`,
  }));
}

function title(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The User object (schemas/user) with real values for a seeded test user; what the user never set is blank or null, as DRF renders it. */
export function userObject(user: ScUser, statusesCount: number): JsonObject {
  return {
    id: user.id,
    username: user.username,
    real_name: `${title(user.username)} Tester`,
    date_joined: user.dateJoined,
    bio: '',
    location: '',
    location_lat_lng: '',
    position_lat_lng: '',
    date_of_birth: null,
    description: '',
    gender: 'Unspecified',
    website: '',
    avatar: `https://static.example.com/avatars/${user.id}.png`,
    cover: '',
    ext_id: null,
    tags: [],
    reputation: 0,
    followings_counter: 0,
    followers_counter: 0,
    posts_counter: 0,
    discussions_counter: 0,
    statuses_counter: statusesCount,
    polls_counter: 0,
  };
}
