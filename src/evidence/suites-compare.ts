// `vouch verify --suites DIR`: the bundled suites against the certifier's own copy, byte for byte. Each bundled
// suite file is looked for at DIR/<its path>; each file of the copy's folders that the run's scenario files come
// from (as `vouch bundle` packs them) must be in the bundle. A weakened suite, or a scenario file left out, is named.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { folderFiles, MANIFEST, SIGNATURE, type Manifest } from './bundle.js';
import type { TarEntry } from './tar.js';

export interface SuiteDifference {
  path: string;
  problem: 'differs' | 'missing from your copy' | 'not in the bundle';
}

/** The bundled files that are suites (scenarios and the files they refer to): all but the manifest, cassettes and results. */
export function bundledSuiteFiles(entries: TarEntry[], manifest: Manifest): TarEntry[] {
  const under = (p: string, folder: string) => p.startsWith(`${folder}/`);
  const waivers = manifest.run.certification?.waivers;
  return entries.filter(
    (e) => e.path !== MANIFEST && e.path !== SIGNATURE && e.path !== waivers && !under(e.path, manifest.run.cassettes) && !under(e.path, manifest.run.results),
  );
}

export function compareSuites(entries: TarEntry[], manifest: Manifest, copy: string): SuiteDifference[] {
  const suites = bundledSuiteFiles(entries, manifest);
  const out: SuiteDifference[] = [];
  for (const e of suites) {
    const file = join(copy, e.path);
    if (!existsSync(file) || !statSync(file).isFile()) out.push({ path: e.path, problem: 'missing from your copy' });
    else if (!readFileSync(file).equals(e.data)) out.push({ path: e.path, problem: 'differs' });
  }
  const bundled = new Set(suites.map((e) => e.path));
  // `vouch bundle` packs the whole folder of each scenario file (or the file alone, at the project's root).
  const folders = new Set(manifest.run.paths.map((p) => (bundled.has(p) ? p.split('/').slice(0, -1).join('/') : p)).filter(Boolean));
  for (const folder of [...folders].sort()) {
    if (!existsSync(join(copy, folder))) continue;
    for (const f of folderFiles(join(copy, folder), `${folder}/`, new Set(['node_modules', '.git']))) {
      if (!bundled.has(f.path)) out.push({ path: f.path, problem: 'not in the bundle' });
    }
  }
  return out;
}
