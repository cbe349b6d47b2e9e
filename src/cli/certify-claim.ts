// After a certification run: the reasons it cannot support a claim (stale or missing cassettes, broken, flaky or
// unexplained not-run scenarios), else the claim written as JSON and HTML, linked from the Allure results, and the
// evidence bundle (suites, catalogue, cassettes, results, claim, waivers, declarations) packed and signed.
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Scenario } from '../model/types.js';
import type { Plan } from '../results/plan.js';
import { deriveClaim, refusals } from '../claim/derive.js';
import { claimHtml } from '../claim/html.js';
import type { Claim, Product, SuitesClaim } from '../claim/types.js';
import { keyId } from '../signing/dsse.js';
import { cassettePath, readCassette } from '../transport/cassette.js';
import { folderFiles, packBundle, sha256, type BundleFile } from '../evidence/bundle.js';
import { signatureEntry } from '../evidence/attestation.js';
import { writeAllureRunFiles } from '../report/allure-meta.js';
import type { RunSummary } from '../report/summary.js';
import { renderDiagnostics } from '../model/diagnostic.js';
import { claimInputs } from './claim-inputs.js';
import { writeFileAtomicSync } from '../util/atomic-write.js';

export const CLAIM_FILES = { json: 'conformance.json', html: 'conformance.html' } as const;

const JUDGED = new Set(['passed', 'failed', 'waived']);

/** Judged scenarios whose cassette this run did not write: evidence that does not show what was judged. */
export function staleCassettes(plan: Plan, scenarios: readonly Scenario[], summary: RunSummary): string[] {
  const judged = new Set(summary.scenarios.filter((s) => JUDGED.has(s.verdict)).map((s) => s.id));
  const out: string[] = [];
  for (const s of scenarios) {
    if (!judged.has(s.id)) continue;
    const file = cassettePath(plan.config.cassetteDir, s.api, s.id);
    if (!existsSync(file)) {
      out.push(`${s.id} has no cassette (${file}): its verdict cannot be replayed`);
      continue;
    }
    const c = readCassette(file, { scenarioId: s.id });
    if (c.scenario.hash !== s.hash)
      out.push(`${s.id}'s cassette is stale: recorded from another version of the scenario (${c.scenario.hash.slice(0, 12)}, now ${s.hash.slice(0, 12)})`);
    else if (c.recordedAt < plan.createdAt) out.push(`${s.id}'s cassette is stale: recorded at ${c.recordedAt}, before this run (${plan.createdAt}) began`);
  }
  return out;
}

export interface ClaimJob {
  plan: Plan;
  summary: RunSummary;
  scenarios: readonly Scenario[];
  suites: SuitesClaim;
  suiteFiles: BundleFile[];
  catalogue?: { abs: string; shown: string };
  product: Product;
  stale: string[];
  key?: KeyObject;
  bundleOut?: string;
  cwd: string;
}

export type Written = { refused: string[] } | { claim: Claim; json: string; html: string; bundle: string; bundleSha256: string; keyid?: string };

export function writeClaim(job: ClaimJob): Written {
  const { plan, summary } = job;
  const refused = [...refusals({ summary, suites: job.suites }), ...job.stale];
  if (refused.length) return { refused };
  const createdAt = new Date().toISOString();
  const declared = plan.declared ?? { options: {}, extended: {} };
  const built = claimInputs({
    summary,
    scenarios: job.scenarios,
    cassetteDir: plan.config.cassetteDir,
    catalogue: job.catalogue,
    declared,
    product: job.product,
    suites: job.suites,
    vouchVersion: plan.vouchVersion,
    createdAt,
  });
  if (!built.inputs) return { refused: [`the behaviour catalogue cannot be read:\n${renderDiagnostics(built.diagnostics)}`] };
  const claim = deriveClaim(built.inputs);
  const out = plan.config.outputDir;
  const bundle = resolve(job.bundleOut ?? join(out, `vouch-certification-${plan.runId}.tar.gz`));
  const keyid = job.key ? keyId(job.key) : undefined;
  const json = join(out, CLAIM_FILES.json);
  const html = join(out, CLAIM_FILES.html);
  const claimText = `${JSON.stringify(claim, null, 2)}\n`;
  writeFileAtomicSync(json, claimText);
  writeFileAtomicSync(html, claimHtml(claim, { keyid, bundle: basename(bundle) }));
  // The Allure report (built into OUTPUT/allure-report/) shows the claim's verdicts on its overview and links to it.
  writeAllureRunFiles(join(out, 'allure-results'), plan, {
    targetVersions: summary.targetVersions,
    verdicts: claim.operations,
    conformance: { html: `../${CLAIM_FILES.html}`, result: claim.result },
  });
  const packed = pack(job, claim, Buffer.from(claimText), declared);
  mkdirSync(dirname(bundle), { recursive: true });
  writeFileAtomicSync(bundle, packed);
  return { claim, json, html, bundle, bundleSha256: sha256(packed), keyid };
}

function pack(job: ClaimJob, claim: Claim, claimBytes: Buffer, declared: NonNullable<Plan['declared']>): Buffer {
  const { plan, summary } = job;
  const out = plan.config.outputDir;
  const cassettes: BundleFile[] = [];
  for (const s of job.scenarios) {
    if (!JUDGED.has(summary.scenarios.find((x) => x.id === s.id)?.verdict ?? '')) continue;
    const file = cassettePath(plan.config.cassetteDir, s.api, s.id);
    cassettes.push({ from: file, path: `cassettes/${relative(plan.config.cassetteDir, file).split(sep).join('/')}` });
  }
  const results: BundleFile[] = ['summary.json', 'junit.xml', CLAIM_FILES.json, CLAIM_FILES.html]
    .filter((n) => existsSync(join(out, n)))
    .map((n) => ({ from: join(out, n), path: `results/${n}` }));
  if (existsSync(join(out, 'allure-results'))) results.push(...folderFiles(join(out, 'allure-results'), 'results/allure-results/'));
  const waivers = plan.waivers ? { from: resolve(job.cwd, plan.waivers.file), path: plan.waivers.file.split(sep).join('/') } : undefined;
  const files = [...job.suiteFiles, ...cassettes, ...results, ...(waivers ? [waivers] : [])];
  const claimPath = `results/${CLAIM_FILES.json}`;
  const { archive } = packBundle(
    files,
    {
      vouchVersion: plan.vouchVersion,
      runId: plan.runId,
      createdAt: claim.run.createdAt,
      run: {
        mode: summary.mode,
        startedAt: summary.startedAt,
        targets: summary.targets,
        counts: summary.counts,
        paths: job.suites.paths,
        cassettes: 'cassettes',
        results: 'results',
        kubernetesVersion: plan.config.kubernetesVersion,
        strictSchema: plan.config.strictSchema,
        certification: {
          claim: claimPath,
          declared,
          ...(waivers ? { waivers: waivers.path } : {}),
          waiversAsOf: plan.waivers?.asOf ?? summary.startedAt.slice(0, 10),
          ...(job.catalogue ? { catalogue: job.catalogue.shown } : {}),
          suitesDigest: job.suites.digest,
          pinnedDigest: job.suites.pinned,
        },
      },
    },
    job.key ? (manifest) => signatureEntry(manifest, claimPath, claimBytes, claim, job.key!) : undefined,
  );
  return archive;
}
