// Certification end to end, through the CLI as a vendor and a reviewer use it: `vouch keygen`; `vouch certify --sign`
// against `vouch serve` run as a faithful variant (k8s-go-omitempty,sc-nulls) and a declared option (categories
// optional); `vouch verify --key --suites-digest` green. Then 15 kinds of forged bundle, by an outsider (no key) and by
// the key holder (re-signed), each refused with its reason named. And the refusals of `vouch certify` itself.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, createPrivateKey } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, repoRoot, runVouch, vouchBin, type CliResult } from '../helpers/cli.js';
import { Forgery } from '../helpers/claim-forge.js';
import { parseClaim } from '../../src/claim/schema.js';
import type { Claim } from '../../src/claim/types.js';
import type { Manifest } from '../../src/evidence/bundle.js';
import { loadScenarios } from '../../src/scenario/loader.js';

/** The bundled suites as the test certifies them: the scenarios that require categoriesRequired do not apply. */
const BUNDLED = loadScenarios(['suites'], { cwd: repoRoot, projectRoot: repoRoot }).scenarios;
const NEEDS_CATEGORIES = BUNDLED.filter((s) => s.requires?.includes('categoriesRequired'))
  .map((s) => s.id)
  .sort();
const PASSED = BUNDLED.length - NEEDS_CATEGORIES.length;

const TOKENS = {
  VOUCH_KUBERNETES_DEFAULT_TOKEN: 'k8s-certify-token',
  VOUCH_SELFCOMMUNITY_OWNER_TOKEN: 'owner-certify-token',
  VOUCH_SELFCOMMUNITY_OTHER_TOKEN: 'other-certify-token',
};

async function serve(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [vouchBin, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vouch serve did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => reject(new Error(`vouch serve exited: ${out}`)));
  });
  return { url, child };
}

describe('vouch certify, signed, and vouch verify --key', () => {
  let dir: string;
  let server: { url: string; child: ChildProcess };
  let digest: string;
  let bundle: string;
  let certified: CliResult;
  const verify = (file: string, ...extra: string[]) =>
    runVouch(['verify', file, '--key', 'vendor.pub', '--suites-digest', digest, ...extra], { cwd: dir, timeoutMs: 180_000 });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vouch-certify-'));
    cpSync(join(repoRoot, 'suites'), join(dir, 'suites'), { recursive: true });
    writeFileSync(
      join(dir, 'vouch.config.yaml'),
      [
        'product: { vendor: Acme Corp, product: Acme Platform, version: 2.4.1, contact: conformance@acme.example }',
        'options:',
        '  categoriesRequired: false     # our communities make categories optional',
        '',
      ].join('\n'),
    );
    // A waiver for a failure that does not happen: reported unused in the claim (and a file the forgeries can edit).
    writeFileSync(
      join(dir, 'waivers.yaml'),
      [
        'waivers:',
        '  - scenario: sc-status-update-owner',
        '    reason: the author used to come back without its avatar',
        '    ticket: ACME-101',
        '    expires: 2099-12-31',
        '    fingerprint: [{ step: owner updates the status, check: body, kind: body, path: author.avatar, actual: absent }]',
        '',
      ].join('\n'),
    );
    server = await serve([
      '--variant',
      'k8s-go-omitempty,sc-nulls',
      '--option',
      'categoriesRequired=false',
      '--k8s-token',
      TOKENS.VOUCH_KUBERNETES_DEFAULT_TOKEN,
      '--user',
      `owner:${TOKENS.VOUCH_SELFCOMMUNITY_OWNER_TOKEN}`,
      '--user',
      `other:${TOKENS.VOUCH_SELFCOMMUNITY_OTHER_TOKEN}`,
    ]);
  });
  after(() => {
    server.child.kill('SIGTERM');
  });

  it('vouch keygen makes an ed25519 key pair: the private key mode 0600, never overwritten', async () => {
    const r = await runVouch(['keygen', '--out', 'vendor'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /private: vendor\.key \(mode 0600; keep it secret\)\n {2}public: {2}vendor\.pub .*\n {2}key id: {2}[0-9a-f]{64}/);
    assert.equal(statSync(join(dir, 'vendor.key')).mode & 0o777, 0o600);
    assert.equal(createPrivateKey(readFileSync(join(dir, 'vendor.key'))).asymmetricKeyType, 'ed25519');
    const again = await runVouch(['keygen', '--out', 'vendor'], { cwd: dir });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /error\[key-exists\]: .*vendor\.key already exists; Vouch never overwrites a key/);
  });

  it('refuses to claim anything, before sending a request, for suites other than the pinned ones, or a scenario that would not run without a declared reason', async () => {
    digest = (await runVouch(['digest', 'suites'], { cwd: dir })).stdout.trim();
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    const targets = ['--target', `kubernetes=${server.url}`, '--target', `selfcommunity=${server.url}`];
    const other = await runVouch(['certify', ...targets, '--suites-digest', `sha256:${'0'.repeat(64)}`], { cwd: dir, env: TOKENS });
    assert.equal(other.code, 2, other.stdout + other.stderr);
    assert.match(other.stderr, new RegExp(`error\\[certify-refused\\]: the suites' digest is ${digest}, not the pinned published digest sha256:0{64}`));
    assert.match(other.stderr, /no claim: .*; nothing was sent/);
    const half = await runVouch(['certify', '--target', `kubernetes=${server.url}`, '--suites-digest', digest], { cwd: dir, env: TOKENS });
    assert.equal(half.code, 2, half.stdout + half.stderr);
    assert.match(half.stderr, /error\[certify-refused\]: sc-status-update-owner would not run, and no declaration says why: no target for API selfcommunity/);
    const unpinned = await runVouch(['certify', ...targets], { cwd: dir, env: TOKENS });
    assert.equal(unpinned.code, 2);
    assert.match(unpinned.stderr, /error\[bad-flag\]: vouch certify needs --suites-digest/);
    for (const r of [other, half, unpinned]) assert.ok(!hasStackTrace(r.stderr), r.stderr);
  });

  it('certifies vouch serve as a faithful variant with a declared option: signed claim, the not-applicable scenario quoting the declaration', async () => {
    certified = await runVouch(
      ['certify', '--target', `kubernetes=${server.url}`, '--target', `selfcommunity=${server.url}`, '--suites-digest', digest, '--sign', 'vendor.key', '-q'],
      { cwd: dir, env: TOKENS, timeoutMs: 300_000 },
    );
    assert.equal(certified.code, 0, certified.stdout + certified.stderr);
    assert.match(
      certified.stdout,
      new RegExp(
        `vouch certify: Acme Corp Acme Platform 2\\.4\\.1: CONFORMANT\n {2}${PASSED} passed, 0 failed, 0 waived, ${NEEDS_CATEGORIES.length} not applicable`,
      ),
    );
    bundle = join(dir, /evidence: (\S+\.tar\.gz)/.exec(certified.stdout)![1]!);
    const claim = parseClaim(readFileSync(join(dir, 'reports', 'conformance.json'), 'utf8'));
    assert.ok(typeof claim !== 'string', `the claim follows schema/conformance.schema.json: ${String(claim)}`);
    assert.equal(claim.result, 'conformant');
    assert.deepEqual(claim.product, { vendor: 'Acme Corp', product: 'Acme Platform', version: '2.4.1', contact: 'conformance@acme.example' });
    assert.equal(claim.suites.digest, digest);
    assert.deepEqual(claim.targets.find((t) => t.api === 'kubernetes')?.reportedVersion, 'v1.33.0+vouch');
    const na = claim.scenarios.find((s) => s.id === 'sc-status-update-no-categories')!;
    assert.equal(na.verdict, 'not applicable');
    assert.equal(na.notApplicable?.declaration, 'categoriesRequired: false (vouch.config.yaml, options.categoriesRequired)');
    assert.ok(
      NEEDS_CATEGORIES.includes('sc-status-update-no-categories') && NEEDS_CATEGORIES.includes('sc-status-body-categories-empty'),
      NEEDS_CATEGORIES.join(', '),
    );
    const options = claim.options.map((o) => ({ ...o, requiredBy: [...o.requiredBy].sort(), notApplicable: [...o.notApplicable].sort() }));
    assert.deepEqual(options, [
      {
        name: 'categoriesRequired',
        value: false,
        declared: true,
        declaration: 'categoriesRequired: false (vouch.config.yaml, options.categoriesRequired)',
        requiredBy: NEEDS_CATEGORIES,
        notApplicable: NEEDS_CATEGORIES,
      },
    ]);
    assert.deepEqual(claim.operations.map((o) => `${o.api} ${o.operation}: ${o.verdict}`).sort(), [
      'kubernetes job-status: conformant',
      'kubernetes patch-pod: conformant',
      'kubernetes replace-pod-status: conformant',
      'selfcommunity update-status: conformant',
    ]);
    assert.ok(claim.sections.length >= 5);
    // The faithful variant's differences are allowed, by rule, and listed.
    assert.ok(
      claim.variations.some((v) => v.rule === 'null') && claim.variations.some((v) => v.rule === 'zero-value'),
      JSON.stringify(claim.variations.map((v) => v.rule)),
    );
    // Coverage from the behaviour catalogue and the recorded exchanges.
    const put = claim.coverage.operations.find((o) => o.id === 'D004-01')!;
    // 400 is still exercised where categories are optional: a body without action, a category that does not exist.
    assert.deepEqual(put.responseCodes.exercised, [200, 400, 401, 403, 404]);
    assert.deepEqual(put.responseCodes.notExercised, []);
    assert.deepEqual(put.identities, ['anonymous', 'other', 'owner']);
    // Every identity of both APIs is exercised by the bundled suites, with the codes it got.
    assert.deepEqual(
      claim.coverage.identities.map((i) => `${i.api} ${i.identity} ${i.exercised}`),
      ['kubernetes anonymous true', 'kubernetes default true', 'selfcommunity anonymous true', 'selfcommunity other true', 'selfcommunity owner true'],
    );
    assert.deepEqual(claim.coverage.identities.find((i) => i.api === 'selfcommunity' && i.identity === 'other')?.responseCodes, [403]);
    assert.match(claim.coverage.behaviours.find((b) => b.id === 'D004-11')?.why ?? '', /^not applicable: categoriesRequired: false/);
    assert.equal(claim.waivers.unused[0]?.ticket, 'ACME-101');
    const html = readFileSync(join(dir, 'reports', 'conformance.html'), 'utf8');
    assert.match(html, /<title>Conformance claim: Acme Platform 2\.4\.1 — conformant<\/title>/);
    assert.match(html, /categoriesRequired: false \(vouch\.config\.yaml, options\.categoriesRequired\)/);
    assert.doesNotMatch(html, /<script|<link|src=|url\(/, 'one self-contained file, nothing fetched');
    const executor = JSON.parse(readFileSync(join(dir, 'reports', 'allure-results', 'executor.json'), 'utf8')) as { buildUrl: string };
    assert.equal(executor.buildUrl, '../conformance.html');
    assert.match(readFileSync(join(dir, 'reports', 'allure-results', 'environment.properties'), 'utf8'), /^verdict\.selfcommunity\.update-status=conformant$/m);
  });

  it("vouch verify --key --suites-digest: signature, every hash, the certifier's suites, every verdict replayed and the claim derived again", async () => {
    server.child.kill('SIGTERM');
    const r = await verify(bundle);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ signed: the DSSE envelope's in-toto statement verifies with vendor\.pub \(key id [0-9a-f]{64}\)/);
    assert.match(r.stdout, /✓ \d+ files match their SHA-256 in manifest\.json/);
    assert.match(r.stdout, new RegExp(`✓ the bundled suites hash to ${digest}, the certifier's digest you gave`));
    assert.match(r.stdout, /- sc-status-update-no-categories: not run \(not applicable: requires categoriesRequired; declared categoriesRequired: false/);
    assert.match(r.stdout, /✓ the claim follows from the evidence/);
    assert.match(
      r.stdout,
      new RegExp(`✓ verified: .*all ${PASSED} scenario verdict\\(s\\) replay offline; the claim \\(conformant\\) is derived again exactly`),
    );
  });

  describe('forged bundles are refused, each with its reason named', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const vendorKey = () => createPrivateKey(readFileSync(join(dir, 'vendor.key')));
    let n = 0;
    const forged = (f: Forgery) => f.write(join(dir, `forged-${++n}.tar.gz`));
    async function refused(file: string, reason: RegExp): Promise<void> {
      const r = await verify(file);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.ok(!hasStackTrace(r.stdout + r.stderr), r.stdout + r.stderr);
      assert.match(r.stdout, reason);
      assert.match(r.stdout, /✗ not verified|✗ the claim does not follow|do not replay|do not match the manifest/);
    }

    it('1. a claim edited and re-signed with another key', async () => {
      await refused(
        forged(
          new Forgery(bundle)
            .claim((c) => (c.product.version = '3.0.0'))
            .recompute()
            .sign(other),
        ),
        /error\[bundle-signature\]: vouch\.dsse\.json: no signature verifies with the given key/,
      );
    });
    it('2. an edited claim (the manifest left as it was)', async () => {
      await refused(forged(new Forgery(bundle).claim((c) => (c.result = 'partial'))), /✗ modified: results\/conformance\.json/);
    });
    it('3. an edited claim with every hash recomputed, not re-signed', async () => {
      await refused(
        forged(new Forgery(bundle).claim((c) => (c.operations[0]!.verdict = 'partial')).recompute()),
        /error\[bundle-signature\]: statement subject manifest\.json: signed sha256 [0-9a-f]{64}, the bundle's manifest\.json has [0-9a-f]{64}/,
      );
    });
    it('4. an edited verdict, re-signed by the key holder', async () => {
      const f = new Forgery(bundle).claim((c: Claim) => {
        c.scenarios.find((s) => s.id === 'k8s-pod-status-stale-conflict')!.verdict = 'waived';
      });
      await refused(
        forged(f.recompute().sign(vendorKey())),
        /✗ conformance\.json scenarios\[id=k8s-pod-status-stale-conflict\]\.verdict: stated "waived", derived "passed"/,
      );
    });
    it('5. an edited waiver, re-signed by the key holder', async () => {
      const f = new Forgery(bundle).edit('waivers.yaml', (t) => t.replace('ticket: ACME-101', 'ticket: ACME-999'));
      await refused(
        forged(f.recompute().sign(vendorKey())),
        /✗ conformance\.json waivers\.unused\[scenario=sc-status-update-owner\]\.ticket: stated "ACME-101", derived "ACME-999"/,
      );
    });
    it('6. an extra file', async () => {
      await refused(forged(new Forgery(bundle).set('suites/selfcommunity/extra.yaml', 'id: extra\n')), /✗ extra: suites\/selfcommunity\/extra\.yaml/);
    });
    it('7. a missing file', async () => {
      await refused(
        forged(new Forgery(bundle).drop('cassettes/selfcommunity/sc-status-update-owner.json')),
        /✗ missing: cassettes\/selfcommunity\/sc-status-update-owner\.json/,
      );
    });
    it('8. a changed suite with its digest recomputed, re-signed by the key holder', async () => {
      const f = new Forgery(bundle).edit('suites/selfcommunity/status-update.yaml', (t) => t.replace('      status: 403\n', '      status: [403, 200]\n'));
      f.recompute();
      const entries = f.entries.filter((e) => e.path.startsWith('suites/'));
      const { suitesDigest } = await import('../../src/claim/digest.js');
      const d = suitesDigest(entries);
      f.claim((c) => (c.suites.digest = d))
        .manifest((m: Manifest) => (m.run.certification!.suitesDigest = d))
        .recompute();
      await refused(
        forged(f.sign(vendorKey())),
        new RegExp(`error\\[bundle-suites\\]: the bundled suites are not the certifier's: they hash to ${d}, not ${digest} \\(--suites-digest\\)`),
      );
    });
    it('9. a cassette swapped for one where another user may edit the status, re-signed by the key holder', async () => {
      const f = new Forgery(bundle).edit('cassettes/selfcommunity/sc-status-update-other-user.json', (t) => t.replace('"status": 403', '"status": 200'));
      await refused(forged(f.recompute().sign(vendorKey())), /✗ sc-status-update-other-user: recorded passed, replayed failed/);
    });
    it('10. a payload type change', async () => {
      await refused(
        forged(new Forgery(bundle).envelope((e) => (e.payloadType = 'application/json'))),
        /error\[bundle-signature\]: vouch\.dsse\.json: payloadType "application\/json" is not application\/vnd\.in-toto\+json/,
      );
    });
    it('11. a truncated signature', async () => {
      await refused(
        forged(new Forgery(bundle).envelope((e) => (e.signatures[0]!.sig = e.signatures[0]!.sig.slice(0, 44)))),
        /error\[bundle-signature\]: vouch\.dsse\.json: no signature verifies with the given key/,
      );
    });
    it('12. a statement whose subject is another manifest, re-signed by the key holder', async () => {
      await refused(
        forged(new Forgery(bundle).sign(vendorKey(), (st) => (st.subject[0]!.digest.sha256 = 'f'.repeat(64)))),
        /statement subject manifest\.json: signed sha256 f{64}, the bundle's manifest\.json has [0-9a-f]{64}/,
      );
    });
    it('13. a signed predicate that says more than the claim, re-signed by the key holder', async () => {
      await refused(
        forged(new Forgery(bundle).sign(vendorKey(), (st) => (st.predicate.counts.passed = PASSED + 1))),
        new RegExp(`the signed predicate and results/conformance\\.json differ: predicate\\.counts\\.passed: signed ${PASSED + 1}, claim ${PASSED}`),
      );
    });
    it('14. the signature removed', async () => {
      await refused(forged(new Forgery(bundle).drop('vouch.dsse.json')), /error\[bundle-signature\]: the bundle is not signed: it has no vouch\.dsse\.json/);
    });
    it('15. a declaration changed after the run so a not-applicable scenario looks excused, re-signed by the key holder', async () => {
      const f = new Forgery(bundle).manifest(
        (m: Manifest) =>
          (m.run.certification!.declared.options['categoriesRequired'] = { value: true, source: 'vouch.config.yaml, options.categoriesRequired' }),
      );
      await refused(
        forged(f.sign(vendorKey())),
        /error\[bundle-verdicts\]: summary\.json does not agree with the bundle:\n[\s\S]*sc-status-update-no-categories: recorded `not run` as not applicable, but the bundle's declarations leave it applicable/,
      );
    });

    it('covers at least 10 kinds, and the untouched bundle still verifies', async () => {
      assert.ok(n >= 10, `${n} forged bundles`);
      assert.equal(readdirSync(dir).filter((f) => f.startsWith('forged-')).length, n);
      const r = await verify(bundle);
      assert.equal(r.code, 0, r.stdout);
    });
  });
});
