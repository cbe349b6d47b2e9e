// The scanner finds every form the scrubber removes: for each kind of secret (a token, a secret header, a cookie, a
// value at a redact path) and each form in transport/secret-forms.ts's SECRET_FORMS, a cassette holding the secret where it
// comes from and a report holding it in that form are flagged by `vouch cassettes scan`'s scanner; after the
// redactor has scrubbed both, neither holds any form of it and the scanner finds nothing. A form added to the
// scrubber is tested here without a change, and fails here if the scanner does not look for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange } from '../../src/model/types.js';
import { createRedactor } from '../../src/transport/redact.js';
import { scanPaths } from '../../src/evidence/secret-scan.js';
import { SECRET_KINDS, type SecretKind } from '../../src/transport/secrets.js';
import { SECRET_FORMS, secretForms } from '../../src/transport/secret-forms.js';
import { tempDir } from './helpers.js';

/** Long enough to be split in two, and with characters that make every form differ from the others (`"`, `/`, `+`, `~`). */
const SECRET = 'Zx7"k/Qm+9~pW4q-Lm2s8Rt5Vb';
const PLACES = { headers: ['x-session'], paths: ['/secret'] };
const TOKEN_ENV = 'VOUCH_DEMO_DEFAULT_TOKEN';

interface Case {
  /** The name the scanner gives the secret in its findings. */
  name: string;
  /** The exchange that carries the secret where it comes from (nothing, for a token: it comes from the environment). */
  exchange: Exchange;
  tokens: string[];
}

function exchange(request: Partial<Exchange['request']>, responseHeaders: Record<string, string> = {}): Exchange {
  return {
    source: 'live',
    request: {
      method: 'POST',
      url: 'http://h/login',
      path: '/login',
      query: {},
      headers: { authorization: 'Bearer <redacted>' },
      identity: 'default',
      ...request,
    },
    response: { status: 200, headers: { 'content-type': 'application/json', ...responseHeaders }, bodyText: '{"ok":true}', body: { ok: true }, durationMs: 1 },
  };
}

const CASES: Record<SecretKind, Case> = {
  token: { name: TOKEN_ENV, exchange: exchange({}), tokens: [SECRET] },
  header: { name: 'the x-session header', exchange: exchange({ headers: { 'x-session': SECRET } }), tokens: [] },
  cookie: { name: 'the cookie sid', exchange: exchange({}, { 'set-cookie': `sid=${SECRET}; Path=/; HttpOnly` }), tokens: [] },
  field: { name: 'the field at /secret', exchange: exchange({ body: { user: 'u', secret: SECRET } }), tokens: [] },
};

/** A cassette-like file holding the exchange, and a report attachment holding the text; the scanner's findings in the attachment. */
function scan(c: Case, e: Exchange, attachment: string) {
  const dir = tempDir();
  mkdirSync(join(dir, 'cassettes'));
  mkdirSync(join(dir, 'reports'));
  writeFileSync(join(dir, 'cassettes', 'c.json'), `${JSON.stringify(e, null, 2)}\n`);
  writeFileSync(join(dir, 'reports', 'attachment.txt'), `step 1\n${attachment}\n`);
  const r = scanPaths(
    [dir],
    c.tokens.map((value) => ({ name: TOKEN_ENV, value })),
    PLACES,
  );
  return { all: r.findings, inAttachment: r.findings.filter((f) => f.file.endsWith('attachment.txt')) };
}

test('the test secret takes every form the scrubber knows', () => {
  assert.deepEqual(new Set(secretForms(SECRET).map((f) => f.how)), new Set(SECRET_FORMS.map((f) => f.how)));
  assert.deepEqual(Object.keys(CASES).sort(), [...SECRET_KINDS].sort());
});

for (const kind of SECRET_KINDS) {
  for (const form of SECRET_FORMS) {
    test(`a ${kind} written ${form.how} is flagged by the scanner, and gone after scrubbing`, () => {
      const c = CASES[kind];
      const example = form.example(SECRET);
      const texts = form.texts(SECRET, Buffer.from(SECRET));
      assert.ok(
        texts.some((t) => example.includes(t)),
        `the example holds the form: ${example}`,
      );

      const found = scan(c, c.exchange, example);
      const suffix = form.how === 'as is' ? '' : `, ${form.how}`;
      assert.deepEqual(
        found.inAttachment.map((f) => [f.line, f.kind, f.message]),
        [[2, 'secret-value', `the value of ${c.name} appears here${suffix}`]],
      );
      if (kind !== 'token')
        assert.ok(
          found.all.some((f) => f.file.endsWith('c.json')),
          'where it comes from, it is flagged too',
        );

      const redactor = createRedactor({ secrets: c.tokens, ...PLACES });
      const scrubbedExchange = redactor.exchange(c.exchange);
      const scrubbedExample = redactor.text(example);
      const written = `${JSON.stringify(scrubbedExchange)}\n${scrubbedExample}`;
      for (const f of secretForms(SECRET)) assert.ok(!written.includes(f.text), `no ${f.how} form left: ${written}`);
      assert.deepEqual(scan(c, scrubbedExchange, scrubbedExample).all, [], 'after scrubbing the scanner finds nothing');
    });
  }
}
