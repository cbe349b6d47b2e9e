// The SelfCommunity status store: an author's statuses_count follows creations and deletions, and stays the same
// cost however many statuses the server holds (it once scanned them all on every reply).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StatusStore } from '../../src/reference/selfcommunity/statuses.ts';
import type { StatusInput } from '../../src/reference/selfcommunity/validate.ts';

const input: StatusInput = { action: null, text: '<p>hi</p>', categories: [1], medias: [], location: null, addressing: [] };

it('counts statuses per author through creations and deletions', () => {
  const store = new StatusStore();
  const a = store.create(7, input);
  store.create(7, input);
  store.create(8, input);
  assert.equal(store.countBy(7), 2);
  assert.equal(store.countBy(8), 1);
  assert.equal(store.countBy(9), 0);
  assert.equal(store.delete(a.id), true);
  assert.equal(store.delete(a.id), false, 'a second delete finds nothing');
  assert.equal(store.countBy(7), 1);
  assert.equal(store.all().filter((r) => r.authorId === 7).length, store.countBy(7));
});

it('an update does not change the count', () => {
  const store = new StatusStore();
  const a = store.create(7, input);
  store.update(a.id, { text: 'changed' });
  assert.equal(store.countBy(7), 1);
});
