// The floor under Vouch: Playwright Test alone running N tests of the shape Vouch gives a scenario (on `_baseTest`,
// a worker-scoped fixture, the same 13 annotations and tag, 3 `test.step`s, spread over as many spec files as Vouch
// makes, results/scenarios.ts partCount: 8, or one per 250 tests), with nothing inside the steps and the `dot`
// reporter. No attachment: a scenario's result goes to the results log, not to Playwright (issue 20). What Vouch costs
// above this is Vouch: its CLI and plan, the scenario work, its reporters and the Allure results.
// Usage: node bench/playwright-floor.mjs DIR N [--workers W]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './generate.mjs';

const [dir, nArg] = process.argv.slice(2);
const workers = process.argv.includes('--workers') ? process.argv[process.argv.indexOf('--workers') + 1] : '2';
const n = Number(nArg);
if (!dir || !n) {
  process.stderr.write('usage: node bench/playwright-floor.mjs DIR N [--workers W]\n');
  process.exit(2);
}
const req = createRequire(join(repoRoot, 'package.json'));
const pwTest = req.resolve('@playwright/test');
const cli = join(req.resolve('@playwright/test/package.json'), '..', 'cli.js');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const parts = Math.min(n, Math.max(8, Math.ceil(n / 250)));
writeFileSync(
  join(dir, 'lib.mjs'),
  `import pw from ${JSON.stringify(pwTest)};
const test = pw._baseTest.extend({ ctx: [async ({}, use) => { await use({}); }, { scope: 'worker' }] });
export function define(from, to) {
  for (let i = from; i < to; i++) {
    const annotation = Array.from({ length: 12 }, (_, k) => ({ type: 'allure.label.l' + k, description: 'value ' + k + ' of ' + i }));
    annotation.push({ type: 'description', description: 'Scenario ' + i });
    test('bench-' + i + ': title', { tag: ['@bench'], annotation }, async ({ ctx }) => {
      for (let s = 0; s < 3; s++) await test.step('step ' + s, async () => {});
    });
  }
}
`,
);
for (let p = 0; p < parts; p++) {
  const from = Math.floor((p * n) / parts);
  const to = Math.floor(((p + 1) * n) / parts);
  writeFileSync(join(dir, `part-${p}.spec.mjs`), `import { define } from './lib.mjs';\ndefine(${from}, ${to});\n`);
}
writeFileSync(
  join(dir, 'pw.config.mjs'),
  `export default { testDir: '.', reporter: [['dot']], fullyParallel: false, outputDir: './test-results', preserveOutput: 'never' };\n`,
);
const r = spawnSync(process.execPath, [cli, 'test', '-c', 'pw.config.mjs', '--workers', workers], {
  cwd: dir,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, PW_DISABLE_TS_ESM: '1' },
});
process.exit(r.status ?? 1);
