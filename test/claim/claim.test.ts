// The claim's pure parts: verdicts per group (conformant, partial, not conformant, not applicable), core against
// extended features, options with the documented default, refusals, the suite digest's definition (sha256sum's
// listing), DSSE's pre-authentication encoding and envelopes, and naming differences between two claims.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { deriveClaim, groupVerdict, refusals } from '../../src/claim/derive.js';
import { codesIn, pathPattern } from '../../src/claim/coverage.js';
import { digestListing, normalizeDigest, suitesDigest } from '../../src/claim/digest.js';
import { differences } from '../../src/claim/compare.js';
import type { ClaimInputs } from '../../src/claim/types.js';
import { pae, parseEnvelope, signEnvelope, verifyEnvelope } from '../../src/signing/dsse.js';

const digest = `sha256:${'a'.repeat(64)}`;

function inputs(verdicts: Record<string, string>, more: Partial<ClaimInputs> = {}): ClaimInputs {
  const scenario = (id: string, extra: Partial<ClaimInputs['scenarios'][number]> = {}) => ({
    id,
    title: id,
    api: 'shop',
    operation: id.split('-')[0],
    doc: { source: 'shop.md', section: id.split('-')[0]! },
    covers: [],
    requires: [],
    ...extra,
  });
  return {
    summary: {
      runId: 'r1',
      mode: 'record',
      startedAt: '2026-12-01T10:00:00.000Z',
      targets: { shop: 'http://127.0.0.1:1' },
      scenarios: Object.entries(verdicts).map(([id, verdict]) => ({
        id,
        verdict,
        notes: [],
        reason: undefined,
        failedChecks:
          verdict === 'failed' || verdict === 'waived'
            ? [{ step: 's', check: 'status', kind: 'status', path: 'status', expected: 201, actual: 200, message: 'status: expected 201, got 200' }]
            : [],
        ...(verdict === 'not run' && id.startsWith('export')
          ? {
              notApplicable: {
                kind: 'extended' as const,
                name: 'export',
                declaration: 'extended feature export not declared',
                reason: 'not applicable: extended feature export not declared',
              },
            }
          : {}),
        ...(verdict === 'not run' && !id.startsWith('export')
          ? {
              notApplicable: {
                kind: 'option' as const,
                name: 'strict',
                declaration: 'strict: false (cfg)',
                reason: 'not applicable: requires strict; declared strict: false (cfg)',
              },
            }
          : {}),
        ...(verdict === 'waived' ? { waiver: { ticket: 'T-1', reason: 'r', expires: '2099-01-01' } } : {}),
      })),
    },
    scenarios: [
      scenario('create-a'),
      scenario('create-b', { requires: ['strict'] }),
      scenario('read-a'),
      scenario('bulk-a', { extended: 'bulk' }),
      scenario('export-a', { extended: 'export' }),
    ],
    exchanges: new Map(),
    identities: {},
    declared: { options: { strict: { value: false, source: 'cfg' } }, extended: { bulk: { source: 'cfg, extended' } } },
    product: { vendor: 'V', product: 'P', version: '1', contact: 'c' },
    suites: { digest, pinned: digest, files: 1, paths: ['suites/shop.yaml'] },
    vouchVersion: '0.1.0',
    createdAt: '2026-12-01T10:01:00.000Z',
    ...more,
  };
}

describe('the claim', () => {
  it('judges a group: any failure is not conformant, a waived one partial, none applicable not applicable', () => {
    assert.equal(groupVerdict(['passed', 'passed']), 'conformant');
    assert.equal(groupVerdict(['passed', 'waived']), 'partial');
    assert.equal(groupVerdict(['waived', 'failed']), 'not conformant');
    assert.equal(groupVerdict(['not applicable']), 'not applicable');
    assert.equal(groupVerdict(['not applicable', 'passed']), 'conformant');
  });

  it('judges core apart from extended features, and says which features were declared and whether they passed', () => {
    const c = deriveClaim(inputs({ 'create-a': 'waived', 'create-b': 'not run', 'read-a': 'passed', 'bulk-a': 'failed', 'export-a': 'not run' }));
    assert.equal(c.result, 'partial', 'core: a waived deviation, the extended failure does not count');
    assert.deepEqual(
      c.extended.map((e) => [e.feature, e.declared, e.result]),
      [
        ['bulk', true, 'failed'],
        ['export', false, 'not declared'],
      ],
    );
    assert.deepEqual(
      c.operations.map((o) => [o.operation, o.verdict]),
      [
        ['create', 'partial'],
        ['read', 'conformant'],
        ['bulk', 'not conformant'],
        ['export', 'not applicable'],
      ],
    );
    assert.deepEqual(c.counts, { total: 5, passed: 1, failed: 1, waived: 1, 'not applicable': 2 });
    assert.equal(c.scenarios.find((s) => s.id === 'create-a')?.firstFailedCheck?.message, 'status: expected 201, got 200');
    assert.deepEqual(c.options, [
      { name: 'strict', value: false, declared: true, declaration: 'strict: false (cfg)', requiredBy: ['create-b'], notApplicable: ['create-b'] },
    ]);
  });

  it('an option no vendor declared is the documented behaviour, and the claim says it was not declared', () => {
    const c = deriveClaim(
      inputs(
        { 'create-a': 'passed', 'create-b': 'passed', 'read-a': 'passed', 'bulk-a': 'passed', 'export-a': 'not run' },
        { declared: { options: {}, extended: { bulk: { source: 'cfg' } } } },
      ),
    );
    assert.equal(c.options[0]?.declaration, 'strict: true (the documented behaviour; not declared)');
    assert.equal(c.result, 'conformant');
  });

  it('refuses a claim for other suites, a broken or flaky scenario, or one not run without a declared reason', () => {
    const i = inputs({ 'create-a': 'broken', 'read-a': 'flaky' });
    i.summary.scenarios.push({ id: 'x', verdict: 'not run', reason: 'no target for API shop', failedChecks: [], notes: [] });
    const r = refusals({ summary: i.summary, suites: { ...i.suites, pinned: `sha256:${'b'.repeat(64)}` } });
    assert.equal(r.length, 4, r.join('\n'));
    assert.match(r[0]!, /digest sha256:a{64} is not the pinned published digest sha256:b{64}/);
    assert.match(r.join('\n'), /create-a is broken/);
    assert.match(r.join('\n'), /read-a passed only on a retry/);
    assert.match(r.join('\n'), /x was not run without a declared reason \(no target for API shop\)/);
  });

  it('names each difference between a stated and a derived claim, by the ids of list elements', () => {
    const a = deriveClaim(inputs({ 'create-a': 'passed', 'read-a': 'passed' }));
    const b = structuredClone(a);
    b.operations.find((o) => o.operation === 'read')!.verdict = 'partial';
    assert.deepEqual(differences(b, a), ['operations[shop read].verdict: stated "partial", derived "conformant"']);
  });

  it('reads the codes behaviours name and matches documented paths', () => {
    assert.deepEqual(codesIn('answers 401 or 403 with a Status; then 422. Not 1.32+ or v200x'), [401, 403, 422]);
    assert.ok(pathPattern('/api/v2/status/{id}/').test('/api/v2/status/17/'));
    assert.ok(!pathPattern('/api/v2/status/{id}/').test('/api/v2/status/17/x/'));
  });
});

describe('the suite digest', () => {
  it("is the SHA-256 of sha256sum's listing, sorted by path in byte order", () => {
    const files = [
      { path: 'suites/b.yaml', data: Buffer.from('b') },
      { path: 'suites/Z.json', data: Buffer.from('z') },
      { path: 'suites/a.yaml', data: Buffer.from('a') },
    ];
    const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
    const listing = `${sha('z')}  suites/Z.json\n${sha('a')}  suites/a.yaml\n${sha('b')}  suites/b.yaml\n`;
    assert.equal(digestListing(files), listing);
    assert.equal(suitesDigest(files), `sha256:${sha(listing)}`);
    assert.notEqual(suitesDigest([...files.slice(1), { path: 'suites/b.yaml', data: Buffer.from('b ') }]), suitesDigest(files), 'a changed byte');
    assert.notEqual(suitesDigest(files.slice(1)), suitesDigest(files), 'a removed file');
    assert.equal(normalizeDigest(`  ${'A'.repeat(64)}\n`), `sha256:${'a'.repeat(64)}`);
    assert.equal(normalizeDigest('sha256:abc'), undefined);
  });
});

describe('DSSE', () => {
  it("encodes the pre-authentication message as the specification's example does", () => {
    assert.equal(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString(), 'DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('signs and verifies with ed25519; another key, another payload type or a changed payload do not verify', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const env = signEnvelope('application/vnd.in-toto+json', Buffer.from('{"a":1}'), privateKey);
    assert.ok(verifyEnvelope(env, publicKey));
    assert.ok(!verifyEnvelope(env, generateKeyPairSync('ed25519').publicKey));
    assert.ok(!verifyEnvelope({ ...env, payloadType: 'application/json' }, publicKey));
    assert.ok(!verifyEnvelope({ ...env, payload: Buffer.from('{"a":2}').toString('base64') }, publicKey));
    assert.equal(parseEnvelope({ payloadType: 'x', payload: 'not base64!', signatures: [] }), "the envelope's payload is not base64");
    assert.equal(parseEnvelope({ payloadType: 'x', payload: '', signatures: [] }), 'the envelope holds no signature');
  });
});
