// The field matchers as data: `oneOf` takes plain values (equality) and matcher objects, so one expectation can
// accept the documented forms of one field (a Tag id, or a Tag object with that id).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { match } from '../../src/assertions/matchers.js';
import { missing } from '../../src/util/field-path.js';

describe('oneOf', () => {
  it('passes a value equal to one of the plain values, and says which values it wanted', () => {
    assert.equal(match({ oneOf: [200, 201] }, 201).pass, true);
    const out = match({ oneOf: [200, 201] }, 204);
    assert.deepEqual([out.pass, out.expected], [false, 'one of [200,201]']);
  });

  it('applies a matcher object among the alternatives', () => {
    const tag = { oneOf: [{ equals: 7 }, { contains: { id: 7 } }] };
    assert.equal(match(tag, 7).pass, true, 'the id itself');
    assert.equal(match(tag, { id: 7, name: 'Staff', type: 'user' }).pass, true, 'a Tag object with that id');
    assert.equal(match(tag, 8).pass, false);
    assert.equal(match(tag, { id: '7', name: 'Staff' }).pass, false, 'an id of another type inside an object');
    assert.equal(match(tag, missing).pass, false, 'absent');
    assert.equal(match(tag, 8).expected, 'one of: 7, or containing {"id":7}');
    assert.equal(match({ oneOf: [{ type: 'null' }, { rfc3339: true }] }, '2026-01-01T00:00:00Z').pass, true);
  });
});
