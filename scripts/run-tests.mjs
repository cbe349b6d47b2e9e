#!/usr/bin/env node
// Runs the project's own tests (test/**/*.test.ts) with Node's test runner, TypeScript loaded by tsx.
// Node 20's --test does not expand globs, so the files are listed here. Extra arguments are file filters.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') return [];
    return statSync(path).isDirectory() ? walk(path) : name.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = walk('test')
  .map((f) => relative('.', f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(2);
}
const concurrency = process.env.VOUCH_TEST_CONCURRENCY ?? '2';
// The tests' throw-away projects would otherwise leave entries in the user's parse cache (src/scenario/parse-cache.ts).
const cache = process.env.VOUCH_CACHE_DIR ? undefined : mkdtempSync(join(tmpdir(), 'vouch-test-cache-'));
const res = spawnSync(
  process.execPath,
  // A test that leaves a server or a child process behind must not hold CI until its time limit: the runner exits
  // when the tests are done (--test-force-exit), and a single test that hangs fails after 20 minutes.
  ['--import', 'tsx', '--test', '--test-force-exit', '--test-timeout=1200000', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: cache ? { ...process.env, VOUCH_CACHE_DIR: cache } : process.env },
);
if (cache) rmSync(cache, { recursive: true, force: true });
process.exit(res.status ?? 1);
