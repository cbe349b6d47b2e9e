// `vouch verify` on a certification bundle: before the replay, the claim is read as hostile input, the signature is
// checked with the reviewer's key (--key), and the bundled suites are hashed again and held to the claim's digest and
// the certifier's (--suites-digest); after the replay, the whole claim is derived again from the replayed verdicts,
// the bundled waivers, declarations, catalogue and cassettes, and every difference is named.
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { Manifest } from '../evidence/bundle.js';
import { checkSignature } from '../evidence/attestation.js';
import { bundledSuiteFiles } from '../evidence/suites-compare.js';
import type { TarEntry } from '../evidence/tar.js';
import type { RunSummary } from '../report/summary.js';
import { parseClaim } from '../claim/schema.js';
import { deriveClaim } from '../claim/derive.js';
import { differences } from '../claim/compare.js';
import { suitesDigest } from '../claim/digest.js';
import type { Claim } from '../claim/types.js';
import { loadScenarios } from '../scenario/loader.js';
import { renderDiagnostics } from '../model/diagnostic.js';
import { claimInputs } from './claim-inputs.js';

export type Refusal = { code: string; problems: string[] };

export interface Certified {
  claim?: Claim;
  keyid?: string;
  /** The digest of the bundled suites, recomputed. */
  digest: string;
  /** Lines to print: what was checked. */
  said: string[];
}

/** The bundle's suites as the digest covers them: every listed file but cassettes, results and the waivers file. */
export function bundledDigest(entries: readonly TarEntry[], manifest: Manifest): { digest: string; files: number } {
  const files = bundledSuiteFiles([...entries], manifest);
  return { digest: suitesDigest(files), files: files.length };
}

export function checkCertification(
  entries: readonly TarEntry[],
  manifest: Manifest,
  o: { key?: KeyObject; keyFile?: string; suitesDigest?: string },
): Certified | Refusal {
  const cert = manifest.run.certification;
  const { digest } = bundledDigest(entries, manifest);
  const said: string[] = [];
  if (!cert) {
    if (o.key)
      return {
        code: 'bundle-unsigned',
        problems: ['the bundle holds no conformance claim and no signature: it was made by `vouch bundle`, not `vouch certify --sign`'],
      };
    if (o.suitesDigest !== undefined) {
      if (digest !== o.suitesDigest)
        return {
          code: 'bundle-suites',
          problems: [`the bundled suites are not the certifier's: they hash to ${digest}, not ${o.suitesDigest} (--suites-digest)`],
        };
      said.push(`  ✓ the bundled suites hash to ${digest}, the digest you gave`);
    }
    return { digest, said };
  }
  const entry = entries.find((e) => e.path === cert.claim);
  const claim = entry ? parseClaim(entry.data.toString('utf8')) : `no ${cert.claim} in the bundle`;
  if (typeof claim === 'string') return { code: 'bundle-claim', problems: [`${cert.claim}: ${claim}`] };
  let keyid: string | undefined;
  if (o.key) {
    const sig = checkSignature(entries, cert.claim, claim, o.key);
    if (!sig.ok) return { code: 'bundle-signature', problems: sig.problems };
    keyid = sig.keyid;
    said.push(
      `  ✓ signed: the DSSE envelope's in-toto statement verifies with ${o.keyFile ?? 'your key'} (key id ${keyid}); it signs manifest.json and ${cert.claim}, and its predicate is the claim's`,
    );
  }
  const problems: string[] = [];
  if (digest !== cert.suitesDigest) problems.push(`the bundled suites hash to ${digest}, but the manifest says ${cert.suitesDigest}`);
  if (digest !== claim.suites.digest) problems.push(`the bundled suites hash to ${digest}, but the claim says ${claim.suites.digest}`);
  if (claim.suites.pinned !== cert.pinnedDigest) problems.push(`the claim's pinned digest ${claim.suites.pinned} is not the manifest's ${cert.pinnedDigest}`);
  if (o.suitesDigest !== undefined && digest !== o.suitesDigest)
    problems.push(`the bundled suites are not the certifier's: they hash to ${digest}, not ${o.suitesDigest} (--suites-digest)`);
  if (problems.length) return { code: 'bundle-suites', problems };
  said.push(
    o.suitesDigest !== undefined
      ? `  ✓ the bundled suites hash to ${digest}, the certifier's digest you gave`
      : `  ✓ the bundled suites hash to ${digest}, as the claim says (pass --suites-digest with the published digest to check they are the certifier's)`,
  );
  return { claim, keyid, digest, said };
}

/** The claim derived again from the replay; each difference from the bundled claim, named. */
export function rederive(
  dir: string,
  manifest: Manifest,
  claim: Claim,
  recorded: RunSummary,
  replayed: RunSummary,
  digest: string,
  suiteFiles: number,
): string[] {
  const cert = manifest.run.certification!;
  const loaded = loadScenarios(manifest.run.paths, { cwd: dir, projectRoot: dir });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return [`the bundled suites do not load: ${renderDiagnostics(errors.slice(0, 3), dir)}`];
  // The replay ran in a folder of its own: its file positions are made relative to the bundle, as the vendor's were to the project.
  const prefix = `${dir}/`;
  const scenarios = replayed.scenarios.map((s) => ({
    ...s,
    failedChecks: s.failedChecks.map((c) => (c.source?.startsWith(prefix) ? { ...c, source: c.source.slice(prefix.length) } : c)),
  }));
  const summary: RunSummary = { ...replayed, scenarios, runId: recorded.runId, mode: recorded.mode, startedAt: recorded.startedAt, targets: recorded.targets };
  const built = claimInputs({
    summary,
    scenarios: loaded.scenarios,
    cassetteDir: join(dir, manifest.run.cassettes),
    catalogue: cert.catalogue ? { abs: join(dir, cert.catalogue), shown: cert.catalogue } : undefined,
    declared: cert.declared,
    product: claim.product,
    suites: { digest, pinned: cert.pinnedDigest, files: suiteFiles, paths: manifest.run.paths },
    vouchVersion: manifest.vouchVersion,
    createdAt: claim.run.createdAt,
  });
  if (!built.inputs) return [`the bundled catalogue cannot be read: ${renderDiagnostics(built.diagnostics, dir)}`];
  return differences(claim, deriveClaim(built.inputs), '', 25);
}
