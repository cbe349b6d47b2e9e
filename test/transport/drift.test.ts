// How one stored exchange and its fresh recording differ (evidence/drift.ts). A status or value among several the
// step accepts (401 or 403 without credentials; reason Unauthorized or Forbidden) is the server's configuration, a
// note; a field of an error body that shares its name with a field the request sent (DRF keys field errors by the
// field: {"categories": ["..."]}) is the server's wording, not an echo of the request. Anything else stays drift.
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CassetteExchange } from '../../src/transport/cassette.js';
import { exchangeDrift } from '../../src/evidence/drift.js';

function answer(status: number, reason: string): CassetteExchange {
  return {
    identity: 'anonymous',
    request: { method: 'PUT', path: '/api/v1/namespaces/ns/pods/p/status', query: {}, headers: {} },
    response: { status, headers: { 'content-type': 'application/json' }, body: { kind: 'Status', status: 'Failure', reason, code: status } },
    durationMs: 1,
  };
}

function exchange(status: number, body: unknown, requestBody: unknown): CassetteExchange {
  return {
    identity: 'owner',
    request: { method: 'PUT', path: '/api/v2/status/7/', query: {}, headers: { 'content-type': 'application/json' }, body: requestBody },
    response: { status, headers: { 'content-type': 'application/json' }, body },
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
  assert.deepEqual(
    out.drifts.map((d) => d.field),
    ['status'],
  );
  const strict = exchangeDrift('#4 PUT', answer(401, 'Unauthorized'), answer(403, 'Forbidden'), {
    api: 'kubernetes',
    expect: { status: 401, body: { reason: 'Unauthorized' } },
  });
  assert.deepEqual(
    strict.drifts.map((d) => d.field),
    ['status', 'body.reason'],
  );
});

const sent = { action: 'edit', categories: [] };

describe('drift of error bodies', () => {
  it('a DRF field error and another error format for the same refusal: no drift', () => {
    const drf = exchange(400, { categories: ['This list may not be empty.'] }, sent);
    const listed = exchange(400, { errors: [{ field: 'categories', messages: [{ code: 'invalid', message: 'This list may not be empty.' }] }] }, sent);
    assert.deepEqual(exchangeDrift('#1', drf, listed, { api: 'selfcommunity' }).drifts, []);
    assert.deepEqual(exchangeDrift('#1', listed, drf, { api: 'selfcommunity' }).drifts, []);
  });

  it('a successful answer that stops echoing what the request sent still drifts', () => {
    const echoed = exchange(200, { id: 7, action: 'edit' }, sent);
    const dropped = exchange(200, { id: 7 }, sent);
    assert.deepEqual(
      exchangeDrift('#1', echoed, dropped, { api: 'selfcommunity' }).drifts.map((d) => [d.field, d.because]),
      [['body.action', 'the request sent it']],
    );
  });

  it('a changed status code drifts, whatever the bodies', () => {
    const drifts = exchangeDrift('#1', exchange(400, {}, sent), exchange(200, {}, sent), { api: 'selfcommunity' }).drifts;
    assert.deepEqual(
      drifts.map((d) => d.field),
      ['status'],
    );
  });
});
