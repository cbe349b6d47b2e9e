// The example diff as a function (placeholders read as types, array elements by index, wrong shapes), and what it
// cannot compare (no file, a pointer to nothing, no JSON body): a failure with a message, never a pass.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffAgainstExample, exampleAssertion } from '../../src/assertions/example-diff.js';
import { context, documented, exchange } from './helpers.js';

const POD_EXAMPLE = '../../../suites/kubernetes/examples/000-pod-status-response.json';

describe('diffAgainstExample (pure)', () => {
  it('reads documentation placeholders as types', () => {
    const example = {
      id: 'integer',
      on: 'boolean',
      n: 'number',
      url: 'string(uri)',
      at: 'string(date-time)',
      seen: '2019-08-24T14:15:22Z',
      lat: 0,
      ids: ['integer'],
      tags: [],
      none: null,
    };
    const good = {
      id: 7,
      on: false,
      n: 1.5,
      url: 'https://example.org/x',
      at: '2026-01-01T00:00:00.5+01:00',
      seen: '2026-01-01T00:00:00Z',
      lat: 45.46,
      ids: [3, 4],
      tags: ['a'],
    };
    assert.deepEqual(diffAgainstExample(example, good).failures, []);
    const bad = { id: 7.5, on: 'false', n: '1', url: 'not a uri', at: 'yesterday', seen: 'soon', lat: '45', ids: ['3'], tags: {}, none: 'x' };
    assert.deepEqual(
      diffAgainstExample(example, bad).failures.map((f) => f.message),
      [
        'id: expected integer, got number',
        'on: expected boolean, got string',
        'n: expected number, got string',
        'url: expected string(uri), got "not a uri"',
        'at: expected string(date-time), got "yesterday"',
        'seen: expected string(date-time), got "soon"',
        'lat: expected number, got string',
        'ids[0]: expected integer, got string',
        'tags: expected array, got object',
      ],
    );
  });

  it('compares documented array elements by index and ignores wildcard paths entirely', () => {
    const example = {
      conditions: [
        { type: 'Ready', at: '2016-08-08T07:41:29Z' },
        { type: 'PodScheduled', at: '2016-08-08T07:41:29Z' },
      ],
    };
    const actual = { conditions: [{ type: 'Ready', at: 5 }] };
    assert.deepEqual(
      diffAgainstExample(example, actual, { required: ['conditions[1]'] }).failures.map((f) => f.message),
      ['conditions[0].at: expected string(date-time), got integer', 'conditions[1]: missing'],
    );
    assert.deepEqual(diffAgainstExample(example, actual, { ignore: ['conditions[*].at', 'conditions[1]'] }).failures, []);
  });

  it('treats a body of the wrong shape as one difference, and counts the compared fields', () => {
    const d = diffAgainstExample({ a: 1, b: { c: 'x' } }, ['not', 'an', 'object'], { label: 'x.json (subset)' });
    assert.deepEqual(
      d.failures.map((f) => f.message),
      ['(body): expected object, got array'],
    );
    assert.equal(d.text, 'example x.json (subset): 1 difference in 1 field\n  wrong type:\n    (body): expected object, got array');
    assert.equal(diffAgainstExample({ a: 1, b: { c: 'x', d: [] } }, { a: 2, b: { c: 'y', d: [] } }).compared, 3);
  });

  it('rejects a malformed path option with a message, not a crash of the run', () => {
    const r = exampleAssertion.check({ file: POD_EXAMPLE, ignore: ['spec..[x'] }, exchange({ body: {} }), context());
    assert.equal(r.length, 1);
    assert.match(r[0]!.message, /^example \.\.\/\.\.\/\.\.\/suites\/kubernetes\/examples\/000-pod-status-response\.json: cannot read field path/);
  });
});

describe('example: what it cannot compare is a failure, never a pass', () => {
  it('fails on a missing example file, a pointer to nothing, and a response without a JSON body', () => {
    const noFile = exampleAssertion.check('nope.json', exchange({ body: {} }), context());
    assert.equal(noFile.length, 1);
    assert.equal(noFile[0]!.passed, false);
    assert.match(noFile[0]!.message, /^example nope\.json: no such file .*nope\.json$/);
    const noPart = exampleAssertion.check({ file: POD_EXAMPLE, pointer: '/spec/nothing' }, exchange({ body: {} }), context());
    assert.equal(noPart[0]!.message, `example ${POD_EXAMPLE}: nothing at pointer /spec/nothing`);
    const noBody = exampleAssertion.check(POD_EXAMPLE, exchange({ bodyText: '<html>oops</html>' }), context());
    assert.equal(noBody[0]!.passed, false);
    assert.equal(noBody[0]!.message, `example ${POD_EXAMPLE}: the response has no JSON body to compare`);
  });

  it('narrows an example with a pointer', () => {
    const status = documented<{ status: unknown }>('kubernetes', '000-pod-status-response.json').status;
    const r = exampleAssertion.check({ file: POD_EXAMPLE, pointer: '/status' }, exchange({ body: status }), context());
    assert.equal(r[r.length - 1]!.passed, true);
    assert.match(r[r.length - 1]!.message, /no differences in 8 fields/);
  });
});
