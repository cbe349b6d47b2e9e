// The reference server's SelfCommunity side over HTTP: statuses (create 201, get, list, update by the creator,
// delete 204), the full Status object, and DRF's 401/403/404/400/405/415 answers.
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
const DRF_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

async function createStatus(text = '<p>Hello <b>world</b></p>'): Promise<number> {
  const res = await call('POST', STATUS, { token: TOKENS.owner, body: { action: null, text, categories: [1] } });
  assert.equal(res.status, 201, res.text);
  return get(res.json, 'id') as number;
}

describe('statuses', () => {
  it('creates with 201 and the full Status object', async () => {
    const res = await call('POST', STATUS, {
      token: TOKENS.owner,
      body: {
        action: 'post',
        text: '<p>Hello <b>world</b> &amp; friends</p>',
        categories: [1, 2],
        medias: [],
        location: { location: 'Rome', lat: 41.9, lng: 12.5 },
        addressing: [1],
      },
    });
    assert.equal(res.status, 201);
    const s = res.json;
    assert.equal(typeof get(s, 'id'), 'number');
    assert.equal(get(s, 'type'), 'status');
    assert.equal(get(s, 'action'), 'post');
    assert.equal(get(s, 'html'), '<p>Hello <b>world</b> &amp; friends</p>');
    assert.equal(get(s, 'summary'), 'Hello world & friends');
    assert.deepEqual(
      (get(s, 'categories') as unknown[]).map((c) => get(c, 'id')),
      [1, 2],
    );
    for (const key of ['name', 'slug', 'order', 'active', 'auto_follow', 'image_original', 'lastmod_datetime', 'stream_order_by', 'followers_counter']) {
      assert.notEqual(get(s, `categories[0].${key}`), undefined, `category.${key}`);
    }
    assert.equal(get(s, 'author.id'), 1);
    assert.equal(get(s, 'author.username'), 'owner');
    for (const key of ['real_name', 'date_joined', 'avatar', 'reputation', 'statuses_counter', 'tags']) {
      assert.notEqual(get(s, `author.${key}`), undefined, `author.${key}`);
    }
    assert.deepEqual(get(s, 'medias'), []);
    assert.deepEqual(get(s, 'location'), { location: 'Rome', lat: 41.9, lng: 12.5 });
    assert.deepEqual(
      (get(s, 'addressing') as unknown[]).map((t) => [get(t, 'id'), get(t, 'type')]),
      [[1, 'user']],
      'addressing: Tag objects',
    );
    assert.match(String(get(s, 'added_at')), DRF_TIME);
    assert.match(String(get(s, 'last_activity_at')), DRF_TIME);
    assert.equal(get(s, 'last_edited_at'), null);
    for (const [key, value] of Object.entries({
      deleted: false,
      collapsed: false,
      comment_count: 0,
      vote_count: 0,
      followed: false,
      suspended: false,
      flag_count: 0,
      share_count: 0,
    })) {
      assert.equal(get(s, key), value, key);
    }
    assert.equal(res.headers.get('content-type'), 'application/json');
  });

  it('gets (anonymously too) and lists with limit/offset', async () => {
    const a = await createStatus('first');
    const b = await createStatus('second');
    const got = await call('GET', `${STATUS}${a}/`);
    assert.equal(got.status, 200);
    assert.equal(get(got.json, 'html'), 'first');
    const page = await call('GET', `${STATUS}?limit=1&offset=1`);
    assert.equal(page.status, 200);
    assert.ok((get(page.json, 'count') as number) >= 2);
    assert.equal((get(page.json, 'results') as unknown[]).length, 1);
    assert.match(String(get(page.json, 'next')), /\/api\/v2\/status\/\?limit=1&offset=2$/);
    assert.match(String(get(page.json, 'previous')), /\/api\/v2\/status\/\?limit=1$/);
    const newest = await call('GET', `${STATUS}?limit=1`);
    assert.equal(get(newest.json, 'results[0].id'), b, 'default ordering is -added_at');
    assert.equal(get(newest.json, 'previous'), null);
  });

  it('updates by the creator: 200, html and categories changed, last_edited_at set', async () => {
    const id = await createStatus();
    const res = await call('PUT', `${STATUS}${id}/`, { token: TOKENS.owner, body: { action: 'edit', text: '<p>Edited</p>', categories: [3] } });
    assert.equal(res.status, 200);
    assert.equal(get(res.json, 'id'), id);
    assert.equal(get(res.json, 'html'), '<p>Edited</p>');
    assert.equal(get(res.json, 'summary'), 'Edited');
    assert.equal(get(res.json, 'action'), 'edit');
    assert.deepEqual(
      (get(res.json, 'categories') as unknown[]).map((c) => get(c, 'id')),
      [3],
    );
    assert.match(String(get(res.json, 'last_edited_at')), DRF_TIME);
    const read = await call('GET', `${STATUS}${id}/`);
    assert.equal(get(read.json, 'html'), '<p>Edited</p>');
  });

  it('patches part of a status (PATCH: every field optional)', async () => {
    const id = await createStatus('<p>kept</p>');
    const res = await call('PATCH', `${STATUS}${id}/`, { token: TOKENS.owner, body: { categories: [2] } });
    assert.equal(res.status, 200);
    assert.equal(get(res.json, 'html'), '<p>kept</p>');
    assert.deepEqual(
      (get(res.json, 'categories') as unknown[]).map((c) => get(c, 'id')),
      [2],
    );
    assert.equal((await call('PATCH', `${STATUS}${id}/`, { token: TOKENS.other, body: { text: 'x' } })).status, 403);
  });

  it('deletes by the creator with 204, then 404', async () => {
    const id = await createStatus();
    const res = await call('DELETE', `${STATUS}${id}/`, { token: TOKENS.owner });
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assert.equal((await call('GET', `${STATUS}${id}/`)).status, 404);
  });
});

describe('status errors', () => {
  it('401 without or with a bad token, with a WWW-Authenticate challenge', async () => {
    const id = await createStatus();
    const none = await call('PUT', `${STATUS}${id}/`, { body: { action: null, categories: [1] } });
    assert.equal(none.status, 401);
    assert.deepEqual(none.json, { detail: 'Authentication credentials were not provided.' });
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="api"');
    const bad = await call('PUT', `${STATUS}${id}/`, { token: 'nope', body: { action: null, categories: [1] } });
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.json, { detail: 'Invalid token.' });
    assert.equal((await call('POST', STATUS, { body: { action: null, categories: [1] } })).status, 401);
    assert.equal((await call('DELETE', `${STATUS}${id}/`)).status, 401);
  });

  it('403 for a user who is not the creator (update and delete)', async () => {
    const id = await createStatus();
    const put = await call('PUT', `${STATUS}${id}/`, { token: TOKENS.other, body: { action: null, text: 'x', categories: [1] } });
    assert.equal(put.status, 403);
    assert.deepEqual(put.json, { detail: 'You do not have permission to perform this action.' });
    assert.equal((await call('DELETE', `${STATUS}${id}/`, { token: TOKENS.other })).status, 403);
    assert.equal(get((await call('GET', `${STATUS}${id}/`)).json, 'html'), '<p>Hello <b>world</b></p>');
  });

  it('404 for a missing status', async () => {
    const res = await call('PUT', `${STATUS}999999/`, { token: TOKENS.owner, body: { action: null, categories: [1] } });
    assert.equal(res.status, 404);
    assert.deepEqual(res.json, { detail: 'Not found.' });
    assert.equal((await call('GET', `${STATUS}abc/`)).status, 404);
  });

  it('400 with DRF field errors', async () => {
    const id = await createStatus();
    const put = (body: unknown) => call('PUT', `${STATUS}${id}/`, { token: TOKENS.owner, body });
    assert.deepEqual((await put({ text: 'x' })).json, { action: ['This field is required.'], categories: ['This field is required.'] });
    assert.deepEqual((await put({ action: null, categories: [] })).json, { categories: ['This list may not be empty.'] });
    assert.deepEqual((await put({ action: null, categories: [9] })).json, { categories: ['Invalid pk "9" - object does not exist.'] });
    assert.deepEqual((await put({ action: null, categories: ['x'] })).json, { categories: ['Incorrect type. Expected pk value, received str.'] });
    assert.deepEqual((await put({ action: null, categories: 1 })).json, { categories: ['Expected a list of items but got type "int".'] });
    assert.deepEqual((await put({ action: null, categories: [1], medias: [5] })).json, { medias: ['Invalid pk "5" - object does not exist.'] });
    assert.deepEqual((await put({ action: null, categories: [1], location: { location: 'x', lat: 'north' } })).json, {
      location: { lat: ['A valid number is required.'], lng: ['This field is required.'] },
    });
    const bad = await put({ action: null });
    assert.equal(bad.status, 400);
  });

  it('405 for an unsupported method, 415 for a non-JSON body, 400 for broken JSON', async () => {
    const id = await createStatus();
    const method = await call('POST', `${STATUS}${id}/`, { token: TOKENS.owner, body: {} });
    assert.equal(method.status, 405);
    assert.deepEqual(method.json, { detail: 'Method "POST" not allowed.' });
    const type = await call('PUT', `${STATUS}${id}/`, { token: TOKENS.owner, body: 'text', type: 'text/plain' });
    assert.equal(type.status, 415);
    const broken = await call('PUT', `${STATUS}${id}/`, { token: TOKENS.owner, body: '{"action":', type: 'application/json' });
    assert.equal(broken.status, 400);
    assert.match(String(get(broken.json, 'detail')), /^JSON parse error - /);
  });
});

describe('categories and the current user', () => {
  it('serves the seeded categories and /user/me/', async () => {
    const list = await call('GET', '/api/v2/category/');
    assert.deepEqual(
      (get(list.json, 'results') as unknown[]).map((c) => get(c, 'id')),
      [1, 2, 3],
    );
    assert.equal(get((await call('GET', '/api/v2/category/2/')).json, 'name'), 'Announcements');
    assert.equal((await call('GET', '/api/v2/category/9/')).status, 404);
    const me = await call('GET', '/api/v2/user/me/', { token: TOKENS.other });
    assert.equal(get(me.json, 'username'), 'other');
    assert.equal(get(me.json, 'id'), 2);
    assert.equal((await call('GET', '/api/v2/user/me/')).status, 401);
  });
});
