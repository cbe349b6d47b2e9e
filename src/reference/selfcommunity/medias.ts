// SelfCommunity medias (media/create_a_media.md, schemas/media.md, schemas/embed.md): created by a user with one of
// the types the create endpoint allows (url, vimeo, embed, share), read by any logged user, deleted by their
// creator, and served as Media objects, inside a status too. An embed type and id already known reuse their Embed.

import { isObject, type Json, type JsonObject } from '../json.js';
import { drfTime } from './users.js';

export interface EmbedRecord {
  id: number;
  embedType: string;
  embedId: string;
  url: string | null;
  metadata: JsonObject;
}

export interface MediaRecord {
  id: number;
  ownerId: number;
  type: string;
  url: string | null;
  title: string;
  description: string;
  embed: EmbedRecord | null;
  addedAt: string;
}

const CREATE_TYPES = ['vimeo', 'url', 'embed', 'share'];
/** Embed types the community keeps for itself (schemas/embed.md): a client may not create them. */
const RESERVED_EMBEDS = ['sc_link', 'sc_shared_object', 'sc_shared_event'];
const REQUIRED = ['This field is required.'];

function validUrl(value: Json | undefined): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export type MediaInput =
  | { type: 'url'; url: string }
  | { type: 'vimeo'; url: string }
  | { type: 'embed'; embed: { embedType: string; embedId: string; url: string | null; metadata: JsonObject } }
  | { type: 'share'; sharedObject: number };

function embedInput(value: Json | undefined): { ok: Extract<MediaInput, { type: 'embed' }>['embed'] } | { error: Json } {
  if (!isObject(value)) return { error: value === undefined || value === null ? REQUIRED : { non_field_errors: ['Invalid data. Expected a dictionary.'] } };
  const errors: JsonObject = {};
  const embedType = value['embed_type'];
  const embedId = value['embed_id'];
  if (typeof embedType !== 'string' || embedType === '') errors['embed_type'] = REQUIRED;
  else if (RESERVED_EMBEDS.includes(embedType)) errors['embed_type'] = [`"${embedType}" is reserved for the community's own embeds.`];
  if (typeof embedId !== 'string' && typeof embedId !== 'number') errors['embed_id'] = REQUIRED;
  const url = value['url'];
  if (url !== undefined && url !== null && !validUrl(url)) errors['url'] = ['Enter a valid URL.'];
  const metadata = value['metadata'];
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) errors['metadata'] = ['Value must be valid JSON.'];
  if (Object.keys(errors).length) return { error: errors };
  return {
    ok: { embedType: String(embedType), embedId: String(embedId), url: typeof url === 'string' ? url : null, metadata: isObject(metadata) ? metadata : {} },
  };
}

/** The validated body of POST /api/v2/media/, or DRF field errors. */
export function validateMedia(body: Json, statusExists: (id: number) => boolean): { value: MediaInput } | { errors: JsonObject } {
  if (!isObject(body)) return { errors: { non_field_errors: ['Invalid data. Expected a dictionary.'] } };
  const type = body['type'];
  if (type === undefined || type === null) return { errors: { type: REQUIRED } };
  if (typeof type !== 'string' || !CREATE_TYPES.includes(type)) return { errors: { type: [`"${String(type)}" is not a valid choice.`] } };
  if (type === 'url' || type === 'vimeo') {
    const url = body['url'];
    if (url === undefined || url === null || url === '') return { errors: { url: REQUIRED } };
    if (!validUrl(url)) return { errors: { url: ['Enter a valid URL.'] } };
    return { value: type === 'url' ? { type, url } : { type, url } };
  }
  if (type === 'embed') {
    const embed = embedInput(body['embed']);
    return 'error' in embed ? { errors: { embed: embed.error } } : { value: { type, embed: embed.ok } };
  }
  const shared = body['shared_object'];
  if (shared === undefined || shared === null) return { errors: { shared_object: REQUIRED } };
  if (typeof shared !== 'number' || !Number.isInteger(shared)) return { errors: { shared_object: ['Incorrect type. Expected pk value, received str.'] } };
  if (!statusExists(shared)) return { errors: { shared_object: [`Invalid pk "${shared}" - object does not exist.`] } };
  return { value: { type: 'share', sharedObject: shared } };
}

export class MediaStore {
  private readonly medias = new Map<number, MediaRecord>();
  private readonly embeds = new Map<string, EmbedRecord>();
  private nextMedia = 1;
  private nextEmbed = 1;

  private embed(embedType: string, embedId: string, url: string | null, metadata: JsonObject): EmbedRecord {
    const key = `${embedType}\u0000${embedId}`;
    const known = this.embeds.get(key);
    if (known) return known;
    const created = { id: this.nextEmbed++, embedType, embedId, url, metadata };
    this.embeds.set(key, created);
    return created;
  }

  create(ownerId: number, input: MediaInput): MediaRecord {
    const base = { id: this.nextMedia++, ownerId, addedAt: drfTime() };
    let record: MediaRecord;
    if (input.type === 'url') {
      // The community fetches the page for a preview; here the preview is what the URL itself tells.
      const host = new URL(input.url).hostname;
      const embed = this.embed('sc_link', input.url, input.url, { url: input.url, title: host, description: '' });
      record = { ...base, type: 'url', url: input.url, title: host, description: '', embed };
    } else if (input.type === 'vimeo') {
      record = { ...base, type: 'vimeo', url: input.url, title: '', description: '', embed: null };
    } else if (input.type === 'embed') {
      const { embedType, embedId, url, metadata } = input.embed;
      const embed = this.embed(embedType, embedId, url, metadata);
      const title = typeof embed.metadata['title'] === 'string' ? embed.metadata['title'] : '';
      const description = typeof embed.metadata['description'] === 'string' ? embed.metadata['description'] : '';
      record = { ...base, type: 'embed', url: embed.url, title, description, embed };
    } else {
      const embed = this.embed('sc_shared_object', String(input.sharedObject), null, { type: 'status', id: input.sharedObject });
      record = { ...base, type: 'share', url: null, title: '', description: '', embed };
    }
    this.medias.set(record.id, record);
    return record;
  }

  get(id: number): MediaRecord | undefined {
    return this.medias.get(id);
  }

  delete(id: number): boolean {
    return this.medias.delete(id);
  }
}

/** The Media object (schemas/media.md); `order` is the media's place in the contribution that shows it. */
export function mediaObject(media: MediaRecord, order = 0): JsonObject {
  const embed = media.embed;
  return {
    id: media.id,
    added_at: media.addedAt,
    type: media.type,
    title: media.title,
    description: media.description,
    url: media.url,
    image: null,
    image_width: null,
    image_height: null,
    order,
    embed: embed ? { id: embed.id, embed_type: embed.embedType, embed_id: embed.embedId, url: embed.url, metadata: embed.metadata } : null,
  };
}
