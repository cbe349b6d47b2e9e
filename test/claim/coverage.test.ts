// The claim's coverage where the suites leave something out: a documented response code no judged exchange got, an
// identity the config knows that sent nothing, a behaviour whose only scenario did not apply. (The bundled suites
// exercise every code and identity, so test/cli/certify.test.ts sees only the covered side.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveCoverage } from '../../src/claim/coverage.ts';
import type { ClaimInputs } from '../../src/claim/types.ts';

const DOC = 'todo.md';

function inputs(): ClaimInputs {
  return {
    summary: { runId: 'r1', mode: 'record', startedAt: '2026-12-04T00:00:00Z', targets: {}, scenarios: [] },
    scenarios: [
      { id: 'update-ok', title: 'update', api: 'todos', covers: ['T-01', 'T-02'], requires: [] },
      { id: 'update-empty', title: 'empty', api: 'todos', covers: ['T-03'], requires: ['titleRequired'] },
    ],
    exchanges: new Map([
      [
        'update-ok',
        [
          { method: 'PUT', path: '/todos/7', status: 200, identity: 'owner' },
          { method: 'GET', path: '/todos/7', status: 200, identity: 'owner' },
        ],
      ],
    ]),
    identities: { todos: ['owner', 'other'] },
    catalogue: {
      file: 'behaviours.json',
      title: 'todos',
      behaviours: [
        { id: 'T-01', doc: DOC, section: 'Update', kind: 'operation', text: 'PUT /todos/{id} replaces a todo' },
        { id: 'T-02', doc: DOC, section: 'Update', kind: 'response', text: 'A successful update answers 200' },
        { id: 'T-03', doc: DOC, section: 'Update', kind: 'parameter', text: 'An empty title answers 400' },
        { id: 'T-04', doc: DOC, section: 'Update', kind: 'response', text: 'Another user answers 403', notCovered: 'needs a second account' },
      ],
    },
    declared: { options: {}, extended: [] } as unknown as ClaimInputs['declared'],
    product: { vendor: 'v', product: 'p', version: '1' } as ClaimInputs['product'],
    suites: {} as ClaimInputs['suites'],
    vouchVersion: '0.1.0',
    createdAt: '2026-12-04T00:00:00Z',
  };
}

test('codes, identities and behaviours that were not exercised are listed, each with why', () => {
  const c = deriveCoverage(inputs(), new Set(['update-ok']), new Map([['update-empty', 'titleRequired: false (vouch.config.yaml)']]));
  const put = c.operations.find((o) => o.id === 'T-01')!;
  assert.deepEqual(put.responseCodes, { documented: [200, 400, 403], exercised: [200], notExercised: [400, 403] });
  assert.deepEqual(put.identities, ['owner']);
  assert.deepEqual(
    c.identities.map((i) => `${i.identity} ${i.exercised} ${i.requests}`),
    ['other false 0', 'owner true 2'],
  );
  const why = Object.fromEntries(c.behaviours.map((b) => [b.id, b.why ?? 'exercised']));
  assert.deepEqual(why, {
    'T-01': 'exercised',
    'T-02': 'exercised',
    'T-03': 'not applicable: titleRequired: false (vouch.config.yaml)',
    'T-04': 'no scenario covers it: needs a second account',
  });
  assert.deepEqual(c.counts, { behaviours: 4, exercised: 2, notExercised: 2, operations: 1, operationsExercised: 1 });
});
