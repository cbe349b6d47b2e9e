// The one secrets module: what is secret (tokens, credential and configured headers, cookies value by value,
// values at configured pointers), every form a secret is searched and scrubbed in, and a redactor that learns the
// secrets an exchange carries and scrubs them from the whole exchange, echoes included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../../src/model/types.js';
import { createRedactor } from '../../src/transport/redact.js';
import { headerSecrets, parsePointers, pointerSecrets, tokenSecrets } from '../../src/transport/secrets.js';
import { SecretMatcher } from '../../src/transport/secret-forms.js';

test('tokens are VOUCH_*_TOKEN and the variables the config names, long enough to look for', () => {
  const env = { VOUCH_A_DEFAULT_TOKEN: 'aaaaaaaa', VOUCH_B_X_TOKEN: 'abc', MY_TOKEN: 'mmmmmmmm', VOUCH_A_URL: 'http://x' };
  assert.deepEqual(tokenSecrets(env, ['MY_TOKEN', 'UNSET']), [
    { name: 'MY_TOKEN', value: 'mmmmmmmm' },
    { name: 'VOUCH_A_DEFAULT_TOKEN', value: 'aaaaaaaa' },
  ]);
});

test('a secret header gives its whole value, each cookie value (decoded too), and a credential without its scheme', () => {
  assert.deepEqual(headerSecrets('Set-Cookie', 'sessionid=abc%2Fdef12; Path=/; HttpOnly\nlang=en\ncsrftoken=zz99yy88xx'), [
    'sessionid=abc%2Fdef12; Path=/; HttpOnly\nlang=en\ncsrftoken=zz99yy88xx',
    'abc%2Fdef12',
    'abc/def12',
    'zz99yy88xx',
  ]);
  assert.deepEqual(headerSecrets('cookie', 'a=1; sessionid=qwerty123'), ['a=1; sessionid=qwerty123', 'qwerty123']);
  const basic = Buffer.from('alice:pa55word-x').toString('base64');
  assert.deepEqual(headerSecrets('authorization', `Basic ${basic}`), [basic, 'alice:pa55word-x', 'pa55word-x']);
  assert.deepEqual(headerSecrets('authorization', 'Bearer tok-123456'), ['tok-123456'], 'an echo keeps its scheme: Bearer <redacted>');
  assert.deepEqual(headerSecrets('authorization', 'Bearer <redacted>'), [], 'a redacted value is no secret to learn');
  assert.deepEqual(
    headerSecrets('set-cookie', 'lang=english; Path=/\ntheme=darkmode'),
    ['lang=english; Path=/\ntheme=darkmode'],
    'cookie values that are plain words would match ordinary text: replaced in the header, not searched elsewhere',
  );
});

test('values at configured pointers, wildcards and nested leaves included', () => {
  const body = { secret: 'top-secret-1', items: [{ key: 'item-key-01' }, { key: 'item-key-02' }], deep: { nested: { a: 'leaf-value-1', n: 12345678 } } };
  assert.deepEqual(pointerSecrets(body, parsePointers(['/secret', '/items/*/key', '/deep', '/absent'])), [
    'top-secret-1',
    'item-key-01',
    'item-key-02',
    'leaf-value-1',
    '12345678',
  ]);
});

test('a long secret is also found by either half, when that half does not read as a word', () => {
  const m = new SecretMatcher([
    { name: 'T', value: 'sekrit7owner/Zx+8=pW4q-9Lm2' },
    { name: 'W', value: 'interrupt-token-00000001' },
  ]);
  assert.equal(m.replace('a sekrit7owner/Zx b Zx+8=pW4q-9Lm2'), 'a <redacted>x b <redacted>');
  assert.equal(m.replace('the run was interrupted'), 'the run was interrupted', 'the first half of the second secret is a word');
});

test('a matcher replaces every form of a secret in one pass, and finds each with how it is written', () => {
  const token = 'tok/en+value=4~2';
  const m = new SecretMatcher([{ name: 'T', value: token }]);
  const text = `raw ${token} pct ${encodeURIComponent(token)} form ${new URLSearchParams({ v: token }).toString().slice(2)} b64 ${Buffer.from(token).toString('base64')} hex ${Buffer.from(token).toString('hex')}`;
  assert.equal(m.replace(text), 'raw <redacted> pct <redacted> form <redacted> b64 <redacted>g== hex <redacted>');
  assert.deepEqual(
    m.find(text).map((h) => h.how),
    ['as is', 'percent-encoded', 'form-encoded', 'base64-encoded', 'hex-encoded'],
  );
  assert.equal(new SecretMatcher().replace(text), text);
});

test("a redactor learns an exchange's cookie, configured header and field, and scrubs their echoes everywhere in it", () => {
  const r = createRedactor({ secrets: ['bearer-token-1'], headers: ['x-session'], paths: ['/secret'] });
  const e: Exchange = {
    source: 'live',
    request: {
      method: 'GET',
      url: 'http://h/x?s=body-secret-9',
      path: '/x',
      query: { s: 'body-secret-9' },
      headers: { 'x-session': 'xs-777777', authorization: 'Bearer <redacted>' },
      identity: 'default',
    },
    response: {
      status: 200,
      headers: { 'set-cookie': 'sid=cookie-val-1; Path=/', 'content-type': 'application/json' },
      body: { secret: 'body-secret-9', note: 'sid cookie-val-1 xs xs-777777 token bearer-token-1', b64: Buffer.from('cookie-val-1').toString('base64') },
      bodyText: JSON.stringify(
        { secret: 'body-secret-9', note: 'sid cookie-val-1 xs xs-777777 token bearer-token-1', b64: Buffer.from('cookie-val-1').toString('base64') },
        null,
        2,
      ),
      durationMs: 1,
    },
  };
  const out = r.exchange(e);
  assert.equal(out.request.url, 'http://h/x?s=<redacted>');
  assert.deepEqual(out.request.headers, { 'x-session': '<redacted>', authorization: 'Bearer <redacted>' });
  assert.deepEqual(out.response!.headers, { 'set-cookie': '<redacted>', 'content-type': 'application/json' });
  assert.deepEqual(out.response!.body, { secret: '<redacted>', note: 'sid <redacted> xs <redacted> token <redacted>', b64: '<redacted>' });
  assert.deepEqual(JSON.parse(out.response!.bodyText), out.response!.body, 'the text is redacted like the body');
  const short = r.exchange({ ...e, response: { ...e.response!, body: { secret: 'abc' }, bodyText: '{ "secret": "abc" }' } });
  assert.equal(short.response!.bodyText, '{"secret":"<redacted>"}', 'a value too short to search for: the text follows the redacted body');
  assert.equal(r.text('later: cookie-val-1'), 'later: <redacted>', 'what it learned stays learned for the scenario');
  assert.equal((e.response!.body as { secret: string }).secret, 'body-secret-9', 'the running scenario keeps the real values');
});
