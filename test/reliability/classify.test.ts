// How the live client names a transport failure: the kind comes from the error itself, never from the call log
// Playwright appends (URLs and headers), and a body cut short is a transport failure, not an answer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyError } from '../../src/transport/http-common.js';

const req = { method: 'GET', url: 'http://127.0.0.1:1/x' };

/** Playwright's message shape: the error, then a call log with the request and response lines. */
function pwError(first: string, callLog: string[] = []): Error {
  return new Error(`apiRequestContext.fetch: ${first}\nCall log:\n${callLog.map((l) => `\u001b[2m  - ${l}\u001b[22m`).join('\n')}\n`);
}

describe('classifyError', () => {
  const cases: [string, Error, string][] = [
    ['connection refused', pwError('connect ECONNREFUSED 127.0.0.1:1'), 'refused'],
    ['unknown host', pwError('getaddrinfo ENOTFOUND vouch-fault.invalid'), 'dns'],
    ['untrusted certificate', pwError('self-signed certificate'), 'tls'],
    ['timeout', pwError('Timeout 300ms exceeded.'), 'timeout'],
    ['reset before the answer', pwError('read ECONNRESET'), 'reset'],
    // Node says `aborted` both when the peer resets mid-body and when it closes before Content-Length bytes came.
    ['reset mid-body', pwError('aborted', ['→ GET http://127.0.0.1:1/reset-mid-body', '← 200 OK', 'transfer-encoding: chunked']), 'reset'],
    ['truncated body', pwError('aborted', ['→ GET http://127.0.0.1:1/truncated', '← 200 OK', 'content-length: 1000']), 'reset'],
    // The call log names /redirect and a TLS-ish header; neither may decide the kind of a plain reset.
    ['reset on a path with misleading words', pwError('aborted', ['→ GET http://127.0.0.1:1/redirect/tls-certificate', 'x-note: SSL timed out']), 'reset'],
    ['redirect loop', pwError('Max redirect count exceeded', ['→ GET http://127.0.0.1:1/loop', '← 302 Found']), 'redirect'],
    ['redirect to file:', new Error('redirect to unsupported protocol file:'), 'redirect'],
  ];
  for (const [name, error, kind] of cases) {
    it(`${name} is ${kind}, with a one-line message`, () => {
      const e = classifyError(error, req);
      assert.equal(e.kind, kind, e.message);
      assert.ok(!e.message.includes('\n'), 'one line');
      assert.ok(!e.message.includes('Call log'), 'no call log');
      assert.ok(e.message.startsWith('GET http://127.0.0.1:1/x: '), e.message);
      if (kind !== 'other') assert.ok(e.hint, 'a hint says what to do');
    });
  }
  it('a redirect loop says so in its hint', () => {
    assert.match(classifyError(pwError('Max redirect count exceeded'), req).hint ?? '', /redirect/);
  });
});
