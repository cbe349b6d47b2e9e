// The files that make up a set of suites, as `vouch bundle` packs them and the suite digest hashes them: each scenario
// file's whole folder (or the file alone at the project's root), every file a scenario refers to, and the behaviour
// catalogue the suites' coverage is read from. Paths are relative to the project, with forward slashes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { diag } from '../model/diagnostic.js';
import type { Diagnostic, Scenario } from '../model/types.js';
import { loadScenarios } from '../scenario/loader.js';
import { fileRefs, resolveRef } from '../scenario/file-refs.js';
import { folderFiles, type BundleFile } from '../evidence/bundle.js';
import { suitesDigest } from '../claim/digest.js';

export interface SuiteFiles {
  files: BundleFile[];
  scenarios: Scenario[];
  /** The behaviour catalogue among the files, relative to the project, when there is one. */
  catalogue?: string;
  diagnostics: Diagnostic[];
}

export function toProjectPath(cwd: string, abs: string): string | Diagnostic {
  const rel = relative(cwd, abs);
  if (rel.startsWith('..') || rel === '' || resolve(cwd, rel) !== resolve(abs)) {
    return diag('outside-project', `${abs} is outside the project folder ${cwd} and cannot be bundled`, {
      hint: 'keep suites inside the folder you run vouch in',
    });
  }
  return rel.split(sep).join('/');
}

/** behaviours.json in the first folder given, else beside the scenario files' folders, else in suites/ (as `vouch coverage` finds it). */
export function findCatalogue(paths: readonly string[], cwd: string, explicit?: string): string | undefined {
  if (explicit) return resolve(cwd, explicit);
  const dirs = paths.map((p) => resolve(cwd, p)).filter((p) => existsSync(p) && statSync(p).isDirectory());
  return [...dirs, resolve(cwd, 'suites')].map((d) => join(d, 'behaviours.json')).find((f) => existsSync(f));
}

/**
 * The suite files of scenario files (absolute paths, as a plan lists them). `skip` names folders left out of a
 * scenario folder's walk (the output and cassette folders, node_modules, .git).
 */
export function suiteFiles(scenarioFiles: readonly string[], o: { cwd: string; projectRoot: string; skip?: string[]; catalogue?: string }): SuiteFiles {
  const loaded = loadScenarios([...scenarioFiles], { cwd: o.cwd, projectRoot: o.projectRoot });
  const diagnostics: Diagnostic[] = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (diagnostics.length) return { files: [], scenarios: [], diagnostics };
  const skip = new Set(['node_modules', '.git', ...(o.skip ?? []).map((p) => resolve(p))]);
  const out: BundleFile[] = [];
  const add = (abs: string) => {
    const path = toProjectPath(o.cwd, abs);
    if (typeof path === 'string') out.push({ from: abs, path });
    else diagnostics.push(path);
  };
  for (const file of new Set(scenarioFiles)) {
    const dir = dirname(file);
    if (resolve(dir) === resolve(o.cwd)) add(file);
    else {
      const prefix = toProjectPath(o.cwd, dir);
      if (typeof prefix === 'string') out.push(...folderFiles(dir, `${prefix}/`, skip));
      else diagnostics.push(prefix);
    }
  }
  for (const s of loaded.scenarios) {
    for (const ref of fileRefs(s)) {
      const abs = resolveRef(s, ref.file);
      if (existsSync(abs)) add(abs);
    }
  }
  let catalogue: string | undefined;
  if (o.catalogue && existsSync(o.catalogue)) {
    add(o.catalogue);
    const rel = toProjectPath(o.cwd, o.catalogue);
    catalogue = typeof rel === 'string' ? rel : undefined;
  }
  return {
    files: [...new Map(out.map((f) => [f.path, f])).values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    scenarios: loaded.scenarios,
    ...(catalogue ? { catalogue } : {}),
    diagnostics,
  };
}

export function digestOf(files: readonly BundleFile[]): string {
  return suitesDigest(files.map((f) => ({ path: f.path, data: readFileSync(f.from) })));
}
