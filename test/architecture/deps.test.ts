// Enforces src/DEPS.json: each folder imports only the folders it may. The reference server imports nothing
// from the harness, so a misreading of the docs shared by the server and the checks cannot pass unnoticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { staticImports } from '../helpers/static-imports.js';

const src = join(repoRoot, 'src');
const rules = JSON.parse(readFileSync(join(src, 'DEPS.json'), 'utf8')) as Record<string, string[] | string>;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

it('every src/ folder imports only what src/DEPS.json allows', () => {
  const violations: string[] = [];
  const all = files(src);
  assert.ok(all.length > 20, 'the check reads the sources');
  for (const file of all) {
    const folder = relative(src, file).split('/')[0]!;
    if (!folder.endsWith('.ts') && !(folder in rules)) violations.push(`${relative(repoRoot, file)}: folder '${folder}' has no entry in src/DEPS.json`);
    const allowed = rules[folder];
    if (!Array.isArray(allowed) || allowed.includes('*')) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2]!;
      const target = relative(src, resolve(dirname(file), spec)).split('/')[0]!;
      if (target.startsWith('..')) violations.push(`${relative(repoRoot, file)} imports ${spec}: outside src/`);
      else if (target !== folder && !allowed.includes(target))
        violations.push(`${relative(repoRoot, file)} (${folder}) imports ${spec} (${target}), not allowed by src/DEPS.json`);
    }
  }
  assert.deepEqual(violations, []);
});

it('results is the run contract: report reads it, and neither report nor results reaches into runner or transport', () => {
  for (const folder of ['report', 'results']) {
    const allowed = rules[folder] as string[];
    assert.ok(Array.isArray(allowed), `src/DEPS.json names ${folder}`);
    for (const forbidden of ['runner', 'transport', '*']) assert.ok(!allowed.includes(forbidden), `src/DEPS.json lets ${folder} import ${forbidden}`);
  }
  // The reporters take the plan, the records and the verdict rules from results/, and nothing of the kind is kept twice.
  const reportImports = files(join(src, 'report')).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/from\s+'\.\.\/results\/([a-z-]+)\.js'/g)].map((m) => m[1]!),
  );
  for (const module of ['plan', 'record', 'log', 'verdicts']) assert.ok(reportImports.includes(module), `report/ reads results/${module}.ts`);
  assert.deepEqual(
    readdirSync(join(src, 'runner')).filter((n) => /^(plan|suite|result-io|result-channel|reporter-outputs)\.ts$/.test(n)),
    [],
    'the run contract lives in results/, not in runner/',
  );
});

it("the run's reporter touches no network: nothing it loads opens a connection (target versions come from the plan and the cassettes)", () => {
  // Everything the reporter can ever load in the runner: static imports and `await import(...)`.
  const seen = staticImports(join(src, 'report', 'playwright-reporter.ts'), { dynamic: true }).files;
  assert.ok(seen.size > 10, 'the reporter and what it loads');
  const network = [...seen].filter((f) => /from\s+'node:(http|https|net|tls|dns)'|\bfetch\(|from\s+'undici'/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(
    network.map((f) => relative(repoRoot, f)),
    [],
  );
});

it('the evidence commands (drift check, secret scan, bundle, bundle verification) live in src/evidence/, and only the CLI imports them', () => {
  const evidence = ['drift-check', 'drift', 'secret-scan', 'scan-files', 'bundle', 'tar', 'manifest-check', 'bundle-verify', 'suites-compare', 'attestation'];
  const present = readdirSync(join(src, 'evidence')).map((n) => n.replace(/\.ts$/, ''));
  for (const m of evidence) assert.ok(present.includes(m), `src/evidence/${m}.ts`);
  // None of them, under any name, is back in the run's folders.
  const stray = ['transport', 'report', 'runner', 'results'].flatMap((f) =>
    readdirSync(join(src, f))
      .filter((n) => /^(check|drift|scan|scan-files|bundle|tar|manifest-check|verify|suites-compare|attestation)\.ts$/.test(n))
      .map((n) => `${f}/${n}`),
  );
  assert.deepEqual(stray, []);
  const importers = Object.entries(rules)
    .filter(([folder, allowed]) => folder !== 'cli' && Array.isArray(allowed) && allowed.includes('evidence'))
    .map(([f]) => f);
  assert.deepEqual(importers, [], 'only cli may import evidence');
});

it("Playwright's runner process, loading the spec files to list the tests, loads none of the scenario work (transport, checks, schemas)", () => {
  // Only what runs when a module is loaded: static imports of values, not `import type` and not `await import(...)`.
  const seen = staticImports(join(src, 'runner', 'define.ts')).files;
  assert.ok(seen.has(join(src, 'results', 'plan.ts')), 'the walk follows imports');
  const heavy = [...seen].map((f) => relative(src, f)).filter((f) => /^(transport|assertions|variation|examples)\/|^runner\/(worker|execute)\.ts$/.test(f));
  assert.deepEqual(heavy, []);
});

it("Playwright's runner never loads Allure's library: the reporter's imports, static and dynamic, reach none, the Allure pass runs in a process of its own", () => {
  // Static imports of values, and `await import(...)` too: everything the reporter can ever load in the runner.
  const { files: seen, packages } = staticImports(join(src, 'report', 'playwright-reporter.ts'), { dynamic: true });
  assert.ok(seen.has(join(src, 'report', 'allure-format.ts')), 'the walk reaches the Allure format');
  assert.ok(seen.has(join(src, 'report', 'allure-pass.ts')), 'the walk reaches what starts the pass');
  assert.deepEqual(
    [...packages].filter((p) => p.startsWith('allure')),
    [],
  );
  assert.ok(!seen.has(join(src, 'report', 'allure-results.ts')), 'the writer is not loaded in the runner');
  // The pass's own process does load them: the walk would see them if they were reached.
  const pass = staticImports(join(src, 'report', 'allure-pass-process.ts'), { dynamic: true });
  assert.ok(
    [...pass.packages].some((p) => p.startsWith('allure-js-commons')),
    "the pass loads Allure's library",
  );
});
