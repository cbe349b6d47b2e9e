// Redaction rules and replay matching, as plain functions: what gets replaced, and how a request finds (or fails
// to find) its recorded exchange.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CassetteExchange, CassetteRequest } from '../../src/transport/cassette.js';
import { findMatch } from '../../src/transport/match.js';
import { createRedactor } from '../../src/transport/redact.js';
import { REDACTED } from '../../src/transport/secrets.js';

test('redaction: credential and configured headers, JSON pointers with wildcards, secrets anywhere', () => {
  const secret = 'p@ss word/123';
  const r = createRedactor({ secrets: [secret, 'short-secret', 'short'], headers: ['X-Api-Key'], paths: ['/spec/password', '/items/*/token'] });
  assert.deepEqual(r.headers({ Authorization: 'Bearer x', cookie: 'a=b', 'x-api-key': 'k', 'x-note': `has short-secret inside`, accept: 'json' }), {
    Authorization: `Bearer ${REDACTED}`, // the scheme is kept: which kind of credential went is no secret
    cookie: REDACTED,
    'x-api-key': REDACTED,
    'x-note': `has ${REDACTED} inside`,
    accept: 'json',
  });
  assert.equal(r.text(`/x?q=${encodeURIComponent(secret)}&y=${secret}`), `/x?q=${REDACTED}&y=${REDACTED}`);
  assert.equal(r.text('short-secret'), REDACTED, 'the longer secret wins over one it contains');
  const body = { spec: { password: 'pw', other: 1 }, items: [{ token: 't1' }, { token: 't2', keep: true }], [secret]: `echo ${secret}` };
  assert.deepEqual(r.body(body), {
    spec: { password: REDACTED, other: 1 },
    items: [{ token: REDACTED }, { token: REDACTED, keep: true }],
    [REDACTED]: `echo ${REDACTED}`,
  });
  assert.deepEqual(body.spec.password, 'pw', 'the input is not modified');
  assert.deepEqual(r.body({ unrelated: true }), { unrelated: true }, 'absent pointers are left alone');
});

function rec(identity: string, request: Partial<CassetteRequest>, status = 200): CassetteExchange {
  return { identity, request: { method: 'GET', path: '/x', query: {}, headers: {}, ...request }, response: { status, headers: {} }, durationMs: 1 };
}

test('matching: first unused exchange with the same method, path, query, identity and body', () => {
  const recorded = [
    rec('owner', { method: 'PUT', body: { a: 1, b: [1, 2] } }),
    rec('other', { method: 'PUT', body: { a: 1, b: [1, 2] } }),
    rec('owner', { method: 'PUT', body: { b: [1, 2], a: 1 } }),
  ];
  const used = recorded.map(() => false);
  const send = (identity: string, body: unknown) =>
    findMatch(recorded, used, { identity, request: { method: 'PUT', path: '/x', query: {}, headers: {}, body } });
  const first = send('other', { b: [1, 2], a: 1 });
  assert.deepEqual(first, { matched: true, index: 1 }, 'key order does not matter, identity does');
  used[1] = true;
  assert.deepEqual(send('owner', { a: 1, b: [1, 2] }), { matched: true, index: 0 });
  used[0] = true;
  assert.deepEqual(send('owner', { a: 1, b: [1, 2] }), { matched: true, index: 2 });
});

test('matching: a recorded <redacted> matches whatever a replay without secrets sends there', () => {
  const recorded = [rec('owner', { method: 'POST', path: '/login', query: { sig: `a-${REDACTED}` }, body: { token: REDACTED, user: 'u' } })];
  const req = (token: string, sig: string): CassetteRequest => ({ method: 'POST', path: '/login', query: { sig }, headers: {}, body: { token, user: 'u' } });
  assert.equal(findMatch(recorded, [false], { identity: 'owner', request: req('anything', 'a-zz') }).matched, true);
  const miss = findMatch(recorded, [false], { identity: 'owner', request: req('anything', 'b-zz') });
  assert.equal(miss.matched, false);
  assert.match(miss.matched ? '' : miss.message, /query\.sig: recorded "a-<redacted>", sent "b-zz"/);
});

test('matching: diagnostics name the closest exchange, preferring unused ones, and a JSON/text body mismatch', () => {
  const recorded = [
    rec('owner', { path: '/pods/a' }),
    rec('owner', { path: '/pods/b', bodyText: 'hello' }),
    rec('owner', { path: '/pods/b', bodyText: 'hello' }),
  ];
  const out = findMatch(recorded, [false, true, false], {
    identity: 'owner',
    request: { method: 'GET', path: '/pods/b', query: {}, headers: {}, body: { hello: true } },
  });
  assert.equal(out.matched, false);
  if (out.matched) return;
  assert.equal(out.closest, 2, 'of two equally close exchanges the unused one is named');
  assert.deepEqual(out.differences, ['body: recorded text "hello", sent {"hello":true}']);
  const none = findMatch([], [], { identity: 'owner', request: { method: 'GET', path: '/', query: {}, headers: {} } });
  assert.match(none.matched ? '' : none.message, /the cassette has no exchanges/);
});

test('matching: an id the server generated in a path is compared by type when nothing matches exactly (a note), never a name', () => {
  const uid = '7edaf46e-845f-4730-a8d7-1dd07c08392b';
  const recorded = [rec('owner', { method: 'PUT', path: '/api/v2/status/5/' }), rec('owner', { path: `/jobs/${uid}` }), rec('owner', { path: '/pods/p1' })];
  const send = (method: string, path: string) =>
    findMatch(recorded, [false, false, false], { identity: 'owner', request: { method, path, query: {}, headers: {} } });
  const status = send('PUT', '/api/v2/status/5001/');
  assert.equal(status.matched && status.index, 0);
  assert.match(
    status.matched ? (status.allowed ?? '') : '',
    /^PUT \/api\/v2\/status\/5001\/: matched recorded exchange #1 \(\/api\/v2\/status\/5\/\); the ids in the path are generated by the server and compared by type$/,
  );
  assert.equal(send('GET', '/jobs/00000000-0000-4000-8000-000000000000').matched, true);
  assert.equal(send('PUT', '/api/v2/status/5/').matched && 'allowed' in send('PUT', '/api/v2/status/5/'), false, 'an exact match carries no note');
  assert.equal(send('GET', '/pods/p2').matched, false, 'a name is not an id: it must match');
  assert.equal(send('GET', '/jobs/5').matched, false, 'an integer does not stand for a uid');
});
