// The reference server's SelfCommunity status body as seed 004 documents it, and the objects it refers to: medias
// (created, read, deleted; Media objects inside a status), the tags a user may address a contribution to (Tag
// objects), the location stored, action null, text optional, category validation, last_edited_at moving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReferenceServer } from '../../src/reference/server.ts';
import { client, get, start, TOKENS, type Client } from './helpers.ts';

let server: ReferenceServer;
let call: Client;

before(async () => {
  server = await start();
  call = client(server);
});
after(() => server.close());

const STATUS = '/api/v2/status/';
const MEDIA = '/api/v2/media/';
const TAGS = '/api/v2/user/tag/tags_to_address_a_contribution/';
const DRF_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

async function createStatus(): Promise<number> {
  const res = await call('POST', STATUS, { token: TOKENS.owner, body: { action: 'post', text: '<p>first</p>', categories: [1] } });
  assert.equal(res.status, 201, res.text);
  return get(res.json, 'id') as number;
}

const put = (id: number, body: unknown, token = TOKENS.owner) => call('PUT', `${STATUS}${id}/`, { token, body });
const read = async (id: number) => (await call('GET', `${STATUS}${id}/`)).json;

describe('medias', () => {
  it('creates an embed media (201, a Media with its Embed), reads it, and reuses a known embed', async () => {
    const body = { type: 'embed', embed: { embed_type: 'vouch', embed_id: 'e-1', url: 'https://example.com/e-1', metadata: { title: 'An embed' } } };
    const res = await call('POST', MEDIA, { token: TOKENS.owner, body });
    assert.equal(res.status, 201, res.text);
    const media = res.json;
    assert.equal(typeof get(media, 'id'), 'number');
    assert.equal(get(media, 'type'), 'embed');
    assert.equal(get(media, 'title'), 'An embed');
    assert.equal(get(media, 'url'), 'https://example.com/e-1');
    assert.match(String(get(media, 'added_at')), DRF_TIME);
    assert.deepEqual(Object.keys(media as object).sort(), [
      'added_at',
      'description',
      'embed',
      'id',
      'image',
      'image_height',
      'image_width',
      'order',
      'title',
      'type',
      'url',
    ]);
    assert.deepEqual(
      { ...(get(media, 'embed') as object), id: 0 },
      { id: 0, embed_type: 'vouch', embed_id: 'e-1', url: 'https://example.com/e-1', metadata: { title: 'An embed' } },
    );
    const again = await call('POST', MEDIA, { token: TOKENS.other, body });
    assert.notEqual(get(again.json, 'id'), get(media, 'id'));
    assert.equal(get(again.json, 'embed.id'), get(media, 'embed.id'), 'the same embed type and id reuse the Embed');
    const got = await call('GET', `${MEDIA}${String(get(media, 'id'))}/`, { token: TOKENS.other });
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, media);
  });

  it('creates url medias with a preview, and refuses bodies the endpoint does not allow', async () => {
    const url = await call('POST', MEDIA, { token: TOKENS.owner, body: { type: 'url', url: 'https://example.com/page' } });
    assert.equal(url.status, 201);
    assert.equal(get(url.json, 'title'), 'example.com');
    assert.equal(get(url.json, 'embed.embed_type'), 'sc_link');
    const bad = async (body: unknown) => (await call('POST', MEDIA, { token: TOKENS.owner, body })).json;
    assert.deepEqual(await bad({}), { type: ['This field is required.'] });
    assert.deepEqual(await bad({ type: 'image' }), { type: ['"image" is not a valid choice.'] });
    assert.deepEqual(await bad({ type: 'url' }), { url: ['This field is required.'] });
    assert.deepEqual(await bad({ type: 'url', url: 'not a url' }), { url: ['Enter a valid URL.'] });
    assert.deepEqual(await bad({ type: 'embed', embed: { embed_type: 'sc_link', embed_id: 'x' } }), {
      embed: { embed_type: ['"sc_link" is reserved for the community\'s own embeds.'] },
    });
    assert.deepEqual(await bad({ type: 'share', shared_object: 999999 }), { shared_object: ['Invalid pk "999999" - object does not exist.'] });
    assert.equal((await call('POST', MEDIA, { body: { type: 'url', url: 'https://example.com' } })).status, 401);
  });

  it('deletes by the creator only (403 for another user, 204, then 404); a status no longer lists a deleted media', async () => {
    const media = (await call('POST', MEDIA, { token: TOKENS.owner, body: { type: 'url', url: 'https://example.com/d' } })).json;
    const mediaId = get(media, 'id') as number;
    const id = await createStatus();
    const res = await put(id, { action: null, categories: [1], medias: [mediaId] });
    assert.equal(res.status, 200, res.text);
    assert.equal(get(res.json, 'medias[0].id'), mediaId);
    assert.equal(get(res.json, 'medias[0].type'), 'url');
    assert.equal(get(res.json, 'medias[0].order'), 0);
    assert.equal((await call('DELETE', `${MEDIA}${mediaId}/`, { token: TOKENS.other })).status, 403);
    assert.equal((await call('DELETE', `${MEDIA}${mediaId}/`, { token: TOKENS.owner })).status, 204);
    assert.equal((await call('GET', `${MEDIA}${mediaId}/`, { token: TOKENS.owner })).status, 404);
    assert.deepEqual(get(await read(id), 'medias'), []);
    assert.deepEqual((await put(id, { action: null, categories: [1], medias: [mediaId] })).json, {
      medias: [`Invalid pk "${mediaId}" - object does not exist.`],
    });
  });
});

describe('addressing tags', () => {
  it('lists the user tags a logged user may address (a plain list of Tags); 401 without credentials', async () => {
    const res = await call('GET', TAGS, { token: TOKENS.owner });
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(res.json));
    const tags = res.json as unknown[];
    assert.ok(tags.length >= 1);
    for (const t of tags) {
      assert.equal(get(t, 'type'), 'user');
      assert.deepEqual(Object.keys(t as object).sort(), [
        'active',
        'color',
        'created_at',
        'deleted',
        'description',
        'id',
        'name',
        'type',
        'visibility_boost',
        'visible',
      ]);
    }
    assert.equal((await call('GET', TAGS)).status, 401);
  });

  it('a status addressed to a tag answers with the Tag object; a tag that is not a user tag is refused', async () => {
    const tags = (await call('GET', TAGS, { token: TOKENS.owner })).json as unknown[];
    const tagId = get(tags[0], 'id') as number;
    const id = await createStatus();
    const res = await put(id, { action: null, categories: [1], addressing: [tagId] });
    assert.equal(res.status, 200);
    assert.deepEqual(get(res.json, 'addressing'), [tags[0]]);
    assert.deepEqual(get(await read(id), 'addressing'), [tags[0]]);
    assert.deepEqual((await put(id, { action: null, categories: [1], addressing: [3] })).json, { addressing: ['Invalid pk "3" - object does not exist.'] });
  });
});

describe('the status body of an update', () => {
  it('action null is accepted and answered as null; a body without action is refused', async () => {
    const id = await createStatus();
    const res = await put(id, { action: null, text: '<p>x</p>', categories: [1] });
    assert.equal(res.status, 200);
    assert.equal(get(res.json, 'action'), null);
    assert.deepEqual((await put(id, { text: 'x', categories: [1] })).json, { action: ['This field is required.'] });
  });

  it('text is optional: an update without it keeps the stored text', async () => {
    const id = await createStatus();
    const res = await put(id, { action: 'edit', categories: [2] });
    assert.equal(res.status, 200);
    assert.equal(get(res.json, 'html'), '<p>first</p>');
    assert.equal(get(res.json, 'categories[0].id'), 2);
  });

  it('the location is stored (a read shows it), and null clears it', async () => {
    const id = await createStatus();
    const location = { location: 'Milan, Italy', lat: 45.4642, lng: 9.19 };
    assert.deepEqual(get((await put(id, { action: null, categories: [1], location })).json, 'location'), location);
    assert.deepEqual(get(await read(id), 'location'), location);
    const cleared = await put(id, { action: null, categories: [1], location: null });
    assert.equal(cleared.status, 200);
    assert.equal(get(cleared.json, 'location'), null);
    assert.equal(get(await read(id), 'location'), null);
  });

  it("categories: an empty list and an unknown id are refused with DRF's words; a change is stored", async () => {
    const id = await createStatus();
    assert.deepEqual((await put(id, { action: null, categories: [] })).json, { categories: ['This list may not be empty.'] });
    assert.deepEqual((await put(id, { action: null, categories: [2147483647] })).json, { categories: ['Invalid pk "2147483647" - object does not exist.'] });
    assert.deepEqual(
      (get(await read(id), 'categories') as unknown[]).map((c) => get(c, 'id')),
      [1],
    );
    await put(id, { action: null, categories: [3] });
    assert.deepEqual(
      (get(await read(id), 'categories') as unknown[]).map((c) => get(c, 'id')),
      [3],
    );
  });

  it('last_edited_at is null before the first edit and moves on every edit', async () => {
    const id = await createStatus();
    assert.equal(get(await read(id), 'last_edited_at'), null);
    const first = get((await put(id, { action: null, categories: [1] })).json, 'last_edited_at');
    await new Promise((r) => setTimeout(r, 5));
    const second = get((await put(id, { action: null, categories: [1] })).json, 'last_edited_at');
    assert.match(String(first), DRF_TIME);
    assert.match(String(second), DRF_TIME);
    assert.ok(String(second) > String(first), `${String(second)} after ${String(first)}`);
    assert.equal(get(await read(id), 'last_edited_at'), second);
  });

  it('every SelfCommunity JSON answer says application/json', async () => {
    const id = await createStatus();
    for (const res of [
      await put(id, { action: null, categories: [] }),
      await call('GET', `${STATUS}${id}/`),
      await call('GET', TAGS, { token: TOKENS.owner }),
    ]) {
      assert.equal(res.headers.get('content-type'), 'application/json');
    }
  });
});
