// The signed part of a certification: an in-toto Statement v1 whose subjects are the bundle's manifest.json (which
// holds the SHA-256 of every other file) and the claim, and whose predicate repeats what the claim states (verdicts,
// suite digest, product, Vouch version), in a DSSE envelope signed with the vendor's ed25519 key.
import type { KeyObject } from 'node:crypto';
import type { Claim } from '../claim/types.js';
import { differences } from '../claim/compare.js';
import { keyId, parseEnvelope, signEnvelope, verifyEnvelope } from '../signing/dsse.js';
import { IN_TOTO_PAYLOAD_TYPE, parseStatement, statement, type Statement } from '../signing/statement.js';
import { MANIFEST, SIGNATURE, sha256 } from './bundle.js';
import type { TarEntry } from './tar.js';

export const PREDICATE_TYPE = 'https://vouch.dev/attestation/conformance/v1';

export interface ConformancePredicate {
  product: Claim['product'];
  vouchVersion: string;
  runId: string;
  result: Claim['result'];
  suites: { digest: string; pinned: string };
  targets: Claim['targets'];
  options: { name: string; value: boolean; declared: boolean }[];
  extended: { feature: string; declared: boolean; result: string }[];
  counts: Claim['counts'];
  verdicts: {
    operations: { api: string; operation: string; verdict: string }[];
    sections: { api: string; doc: string; section: string; verdict: string }[];
    scenarios: { id: string; verdict: string }[];
  };
  waivers: { applied: { scenario: string; ticket: string; expires: string }[]; unused: string[]; expired: string[] };
}

export function predicateOf(c: Claim): ConformancePredicate {
  return {
    product: c.product,
    vouchVersion: c.vouch.version,
    runId: c.run.id,
    result: c.result,
    suites: { digest: c.suites.digest, pinned: c.suites.pinned },
    targets: c.targets,
    options: c.options.map((o) => ({ name: o.name, value: o.value, declared: o.declared })),
    extended: c.extended.map((e) => ({ feature: e.feature, declared: e.declared, result: e.result })),
    counts: c.counts,
    verdicts: {
      operations: c.operations.map((o) => ({ api: o.api, operation: o.operation, verdict: o.verdict })),
      sections: c.sections.map((s) => ({ api: s.api, doc: s.doc, section: s.section, verdict: s.verdict })),
      scenarios: c.scenarios.map((s) => ({ id: s.id, verdict: s.verdict })),
    },
    waivers: {
      applied: c.waivers.applied.map((w) => ({ scenario: w.scenario, ticket: w.ticket, expires: w.expires })),
      unused: c.waivers.unused.map((w) => w.scenario),
      expired: c.waivers.expired.map((w) => w.scenario),
    },
  };
}

/** The envelope entry of a signed bundle: the statement over the manifest's bytes and the claim's. */
export function signatureEntry(manifest: Buffer, claimPath: string, claimBytes: Buffer, claim: Claim, key: KeyObject): TarEntry {
  const st = statement(
    [
      { name: MANIFEST, digest: { sha256: sha256(manifest) } },
      { name: claimPath, digest: { sha256: sha256(claimBytes) } },
    ],
    PREDICATE_TYPE,
    predicateOf(claim),
  );
  const env = signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(st)), key);
  return { path: SIGNATURE, data: Buffer.from(`${JSON.stringify(env, null, 2)}\n`) };
}

export type SignatureCheck = { ok: true; keyid: string; statement: Statement<ConformancePredicate> } | { ok: false; problems: string[] };

/** Checks the envelope against the key, the statement's subjects against the bundle's bytes, its predicate against the claim. */
export function checkSignature(entries: readonly TarEntry[], claimPath: string, claim: Claim, key: KeyObject): SignatureCheck {
  const fail = (...problems: string[]): SignatureCheck => ({ ok: false, problems });
  const entry = entries.find((e) => e.path === SIGNATURE);
  if (!entry) return fail(`the bundle is not signed: it has no ${SIGNATURE}`);
  let raw: unknown;
  try {
    raw = JSON.parse(entry.data.toString('utf8'));
  } catch {
    return fail(`${SIGNATURE} is not JSON`);
  }
  const env = parseEnvelope(raw);
  if (typeof env === 'string') return fail(`${SIGNATURE}: ${env}`);
  if (env.payloadType !== IN_TOTO_PAYLOAD_TYPE) return fail(`${SIGNATURE}: payloadType ${JSON.stringify(env.payloadType)} is not ${IN_TOTO_PAYLOAD_TYPE}`);
  const mine = keyId(key);
  if (!verifyEnvelope(env, key)) {
    const named = env.signatures.map((s) => s.keyid).filter(Boolean);
    return fail(
      `${SIGNATURE}: no signature verifies with the given key (key id ${mine}${named.length ? `; the envelope names ${named.join(', ')}` : ''}): signed with another key, or changed after signing`,
    );
  }
  const st = parseStatement(Buffer.from(env.payload, 'base64'));
  if (typeof st === 'string') return fail(`${SIGNATURE}: ${st}`);
  if (st.predicateType !== PREDICATE_TYPE) return fail(`${SIGNATURE}: predicateType ${JSON.stringify(st.predicateType)} is not ${PREDICATE_TYPE}`);
  const problems: string[] = [];
  const expected = new Map([
    [MANIFEST, entries.find((e) => e.path === MANIFEST)?.data],
    [claimPath, entries.find((e) => e.path === claimPath)?.data],
  ]);
  for (const [name, data] of expected) {
    const subj = st.subject.find((s) => s.name === name);
    if (!subj) problems.push(`the signed statement names no subject ${name}`);
    else if (!data) problems.push(`the signed statement's subject ${name} is not in the bundle`);
    else if (subj.digest.sha256 !== sha256(data))
      problems.push(`statement subject ${name}: signed sha256 ${subj.digest.sha256}, the bundle's ${name} has ${sha256(data)}`);
  }
  for (const s of st.subject) if (!expected.has(s.name)) problems.push(`the signed statement names a subject the bundle does not sign: ${s.name}`);
  for (const d of differences(st.predicate, predicateOf(claim), 'predicate', 10))
    problems.push(`the signed predicate and ${claimPath} differ: ${d.replace(/stated/, 'signed').replace(/derived/, 'claim')}`);
  return problems.length ? { ok: false, problems } : { ok: true, keyid: mine, statement: st as Statement<ConformancePredicate> };
}
