// The schema builders the config, waivers and behaviour-catalogue schemas are written with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { closedObject, eachOf, nonEmptyString } from '../../src/util/json-schema.ts';

test('closedObject allows only the properties named and requires those listed; eachOf gives each key the same schema', () => {
  const schema = closedObject({ id: { type: 'integer' }, ...eachOf(['a', 'b'], nonEmptyString) }, ['id', 'a']);
  assert.deepEqual(schema, {
    type: 'object',
    required: ['id', 'a'],
    additionalProperties: false,
    properties: { id: { type: 'integer' }, a: { type: 'string', minLength: 1 }, b: { type: 'string', minLength: 1 } },
  });
  const valid = new Ajv().compile(schema);
  assert.equal(valid({ id: 1, a: 'x' }), true);
  assert.equal(valid({ id: 1, a: 'x', b: '' }), false, 'an empty string is refused');
  assert.equal(valid({ id: 1 }), false, 'a required property is missing');
  assert.equal(valid({ id: 1, a: 'x', c: 1 }), false, 'a property not named is refused');
  assert.equal('required' in closedObject({}), false, 'no required list when none is given');
});
