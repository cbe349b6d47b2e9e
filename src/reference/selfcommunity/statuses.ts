// Stored SelfCommunity statuses and their serialisation as the full Status object (schemas/status, and the
// fields of the PUT example): html as sent, a plain-text summary, author, categories and medias as full objects,
// and addressing as Tag objects (the official SDK reads `addressing` as SCTagType[]).

import type { JsonObject } from '../json.js';
import { category } from './categories.js';
import { drfTime, userObject, type ScUser } from './users.js';
import type { StatusInput } from './validate.js';

/** A stored status: what its author sent (validated), and what the server adds. */
export interface StatusRecord extends StatusInput {
  id: number;
  authorId: number;
  addedAt: string;
  lastActivityAt: string;
  lastEditedAt: string | null;
}

const SUMMARY_LENGTH = 200;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** The text without tags and entities, whitespace collapsed, cut at 200 characters with an ellipsis. */
export function summarise(html: string): string {
  const plain = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > SUMMARY_LENGTH ? `${plain.slice(0, SUMMARY_LENGTH).trimEnd()}...` : plain;
}

function slugify(text: string, id: number): string {
  const slug = summarise(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug || `status-${id}`;
}

export class StatusStore {
  private readonly records = new Map<number, StatusRecord>();
  /** Statuses per author, kept as they are created and deleted: every reply carries the author's count. */
  private readonly counts = new Map<number, number>();
  private nextId: number;

  constructor(firstId = 1) {
    this.nextId = firstId;
  }

  create(authorId: number, input: StatusInput): StatusRecord {
    const now = drfTime();
    const record: StatusRecord = {
      id: this.nextId++,
      authorId,
      ...input,
      addedAt: now,
      lastActivityAt: now,
      lastEditedAt: null,
    };
    this.records.set(record.id, record);
    this.counts.set(authorId, (this.counts.get(authorId) ?? 0) + 1);
    return { ...record };
  }

  get(id: number): StatusRecord | undefined {
    const found = this.records.get(id);
    return found ? { ...found } : undefined;
  }

  /** Applies an edit; `editedAt` turns the stored edit time and this edit's time into the one to store. */
  update(id: number, change: Partial<StatusInput>, editedAt = (_stored: string | null, now: string): string => now): StatusRecord | undefined {
    const found = this.records.get(id);
    if (!found) return undefined;
    Object.assign(found, change, { lastEditedAt: editedAt(found.lastEditedAt, drfTime()) });
    return { ...found };
  }

  delete(id: number): boolean {
    const found = this.records.get(id);
    if (!found) return false;
    this.records.delete(id);
    this.counts.set(found.authorId, (this.counts.get(found.authorId) ?? 1) - 1);
    return true;
  }

  all(): StatusRecord[] {
    return [...this.records.values()].map((r) => ({ ...r }));
  }

  countBy(authorId: number): number {
    return this.counts.get(authorId) ?? 0;
  }
}

/** How a status finds the objects its ids name; an id whose object is gone is left out, as a deleted row is. */
export interface StatusRefs {
  media(id: number, order: number): JsonObject | undefined;
  tag(id: number): JsonObject | undefined;
}

const present = <T>(items: (T | undefined)[]): T[] => items.filter((x): x is T => x !== undefined);

export function statusObject(record: StatusRecord, author: ScUser, statusesCount: number, refs: StatusRefs): JsonObject {
  return {
    id: record.id,
    type: 'status',
    action: record.action,
    categories: present(record.categories.map((id) => category(id))),
    medias: present(record.medias.map((id, i) => refs.media(id, i))),
    location: record.location ? { ...record.location } : null,
    last_activity_at: record.lastActivityAt,
    last_edited_at: record.lastEditedAt,
    author: userObject(author, statusesCount),
    added_at: record.addedAt,
    html: record.text,
    summary: summarise(record.text),
    deleted: false,
    collapsed: false,
    comment_count: 0,
    view_count: 0,
    vote_count: 0,
    reactions_count: [],
    voted: false,
    reaction: null,
    follower_count: 0,
    followed: false,
    suspended: false,
    flag_count: 0,
    share_count: 0,
    slug: slugify(record.text, record.id),
    tags: [],
    addressing: present(record.addressing.map((id) => refs.tag(id))),
  };
}
