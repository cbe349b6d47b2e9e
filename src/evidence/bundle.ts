// The evidence bundle: suites, cassettes and results of one run in a .tar.gz, with manifest.json holding a SHA-256
// for every file, the Vouch version and the run id, and what `vouch verify` needs to replay the run offline.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { tarGz, type TarEntry } from './tar.js';
import type { RunSummary } from '../report/summary.js';
import type { Declarations } from '../config/declarations.js';

export const MANIFEST = 'manifest.json';
/** The DSSE envelope of a signed bundle (`vouch certify --sign`): outside the manifest, whose hash it signs. */
export const SIGNATURE = 'vouch.dsse.json';

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}

export interface Manifest {
  format: 1;
  kind: 'vouch-evidence-bundle';
  vouchVersion: string;
  runId: string;
  createdAt: string;
  run: {
    mode: string;
    startedAt: string;
    targets: Record<string, string>;
    counts: RunSummary['counts'];
    /** Scenario files (and folders) as `vouch run` is given them, relative to the bundle's root. */
    paths: string[];
    /** The cassette folder, relative to the bundle's root. */
    cassettes: string;
    /** The run's results (summary.json, junit.xml, allure-results/), relative to the bundle's root. */
    results: string;
    kubernetesVersion?: string;
    strictSchema: boolean;
    /** `vouch certify`: what the claim was derived from besides the run, so that `vouch verify` derives it again. */
    certification?: CertificationInputs;
  };
  files: ManifestFile[];
}

export interface CertificationInputs {
  /** The claim, relative to the bundle's root (results/conformance.json). */
  claim: string;
  /** The vendor's declared options and extended features. */
  declared: Declarations;
  /** The waivers file the run used, relative to the bundle's root, and the day they were judged on. */
  waivers?: string;
  waiversAsOf: string;
  /** The behaviour catalogue, relative to the bundle's root. */
  catalogue?: string;
  /** The suite files' digest (claim/digest.ts) and the published one it was pinned to. */
  suitesDigest: string;
  pinnedDigest: string;
}

/** A file to pack: where it is now, and its path inside the bundle (forward slashes). */
export interface BundleFile {
  from: string;
  path: string;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every regular file under a folder, as bundle files under `prefix`, skipping the names in `skip`. */
export function folderFiles(dir: string, prefix: string, skip: Set<string> = new Set()): BundleFile[] {
  const out: BundleFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const abs = join(d, name);
      if (skip.has(name) || skip.has(abs)) continue;
      const st = statSync(abs);
      if (st.isDirectory()) walk(abs);
      else if (st.isFile()) out.push({ from: abs, path: `${prefix}${relative(dir, abs).split(sep).join('/')}` });
    }
  };
  walk(dir);
  return out;
}

/**
 * Packs the files (each once, in path order) and the manifest describing them; returns the archive and the manifest.
 * `seal` may add one entry made from the manifest's bytes and the packed entries (the signature of a signed bundle).
 */
export function packBundle(
  files: BundleFile[],
  meta: Omit<Manifest, 'files' | 'format' | 'kind'>,
  seal?: (manifest: Buffer, entries: TarEntry[]) => TarEntry,
): { archive: Buffer; manifest: Manifest } {
  const unique = new Map(files.map((f) => [f.path, f]));
  const entries: TarEntry[] = [...unique.values()].sort((a, b) => a.path.localeCompare(b.path)).map((f) => ({ path: f.path, data: readFileSync(f.from) }));
  const manifest: Manifest = {
    format: 1,
    kind: 'vouch-evidence-bundle',
    ...meta,
    files: entries.map((e) => ({ path: e.path, sha256: sha256(e.data), size: e.data.length })),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const all = [{ path: MANIFEST, data: manifestBytes }, ...(seal ? [seal(manifestBytes, entries)] : []), ...entries];
  return { archive: tarGz(all), manifest };
}
