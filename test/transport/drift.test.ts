// --check's judgement of one exchange: a status or value among several the step accepts (401 or 403 without
// credentials; reason Unauthorized or Forbidden) is the server's configuration, a note; anything else stays drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CassetteExchange } from '../../src/transport/cassette.js';
import { exchangeDrift } from '../../src/transport/drift.js';

function answer(status: number, reason: string): CassetteExchange {
  return {
    identity: 'anonymous',
    request: { method: 'PUT', path: '/api/v1/namespaces/ns/pods/p/status', query: {}, headers: {} },
    response: { status, headers: { 'content-type': 'application/json' }, body: { kind: 'Status', status: 'Failure', reason, code: status } },
    durationMs: 1,
  };
}

const EXPECT = { status: [401, 403], body: { kind: 'Status', reason: { oneOf: ['Unauthorized', 'Forbidden'] }, code: '${steps.anonymous.response.status}' } };

test('401 and 403 that the step both accepts are notes (environment), not drift; the code follows the status', () => {
  const out = exchangeDrift('#4 PUT', answer(401, 'Unauthorized'), answer(403, 'Forbidden'), { api: 'kubernetes', expect: EXPECT });
  assert.deepEqual(out.drifts, []);
  assert.deepEqual(out.notes.map((n) => `${n.field} ${n.rule}`).sort(), ['body.code sample-value', 'body.reason environment', 'status environment']);
});

test('a status or value outside what the step accepts is still drift', () => {
  const out = exchangeDrift('#4 PUT', answer(401, 'Unauthorized'), answer(200, 'Forbidden'), { api: 'kubernetes', expect: EXPECT });
  assert.deepEqual(out.drifts.map((d) => d.field), ['status']);
  const strict = exchangeDrift('#4 PUT', answer(401, 'Unauthorized'), answer(403, 'Forbidden'), { api: 'kubernetes', expect: { status: 401, body: { reason: 'Unauthorized' } } });
  assert.deepEqual(strict.drifts.map((d) => d.field), ['status', 'body.reason']);
});
