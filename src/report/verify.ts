// Checking an evidence bundle: every file against the manifest's SHA-256 (modified, missing and extra files by
// name), then each scenario's recorded verdict against the verdict its cassettes replay to.
import type { Manifest } from './bundle.js';
import { MANIFEST, sha256 } from './bundle.js';
import type { TarEntry } from './tar.js';
import type { FinalVerdict, RunSummary } from './summary.js';

export type FileProblem = { path: string; problem: 'modified' | 'missing' | 'extra' };

export function readManifest(entries: TarEntry[]): Manifest | string {
  const m = entries.find((e) => e.path === MANIFEST);
  if (!m) return `the bundle has no ${MANIFEST}`;
  try {
    const manifest = JSON.parse(m.data.toString('utf8')) as Manifest;
    if (manifest.kind !== 'vouch-evidence-bundle' || manifest.format !== 1 || !Array.isArray(manifest.files)) return `${MANIFEST} is not a Vouch evidence manifest (format 1)`;
    return manifest;
  } catch (e) {
    return `${MANIFEST} is not JSON: ${(e as Error).message}`;
  }
}

export function checkFiles(manifest: Manifest, entries: TarEntry[]): FileProblem[] {
  const byPath = new Map(entries.filter((e) => e.path !== MANIFEST).map((e) => [e.path, e]));
  const out: FileProblem[] = [];
  for (const f of manifest.files) {
    const e = byPath.get(f.path);
    if (!e) out.push({ path: f.path, problem: 'missing' });
    else if (e.data.length !== f.size || sha256(e.data) !== f.sha256) out.push({ path: f.path, problem: 'modified' });
    byPath.delete(f.path);
  }
  for (const path of byPath.keys()) out.push({ path, problem: 'extra' });
  return out;
}

export interface VerdictCheck {
  id: string;
  recorded: FinalVerdict;
  replayed?: FinalVerdict;
  ok: boolean;
  /** The replayed first failure, when the verdicts differ or the replay could not judge (broken). */
  detail?: string;
}

/** A flaky scenario passed in the end, so passing on replay reproduces it; `not run` ones are not compared. */
export function compareVerdicts(recorded: RunSummary, replayed: RunSummary): VerdictCheck[] {
  const again = new Map(replayed.scenarios.map((s) => [s.id, s]));
  const norm = (v: FinalVerdict): FinalVerdict => (v === 'flaky' ? 'passed' : v);
  return recorded.scenarios
    .filter((s) => s.verdict !== 'not run')
    .map((s) => {
      const r = again.get(s.id);
      const ok = r !== undefined && norm(r.verdict) === norm(s.verdict);
      const show = !ok || r?.verdict === 'broken';
      return { id: s.id, recorded: s.verdict, replayed: r?.verdict, ok, detail: show ? (r?.firstFailure ?? r?.reason) : undefined };
    });
}

/** An exact-match --grep for the scenarios to replay (Playwright greps `ID: TITLE @tags`). */
export function grepFor(ids: string[]): string {
  return `^(?:${ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}): `;
}
