// A worker loads its modules (runner/worker.ts and what it imports) when its first scenario starts, on the path of
// every run's first result. The libraries only some scenarios need load when first used: ajv and its compiler (the
// cassette shape is checked by precompiled code; OpenAPI and JSON schemas compile on first use), yaml (OpenAPI
// documents in YAML), json-diff (values that differ), the patch libraries and jsonpath-plus.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

it('loading the worker loads none of the libraries that only some scenarios use', () => {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(join(repoRoot, 'dist', 'runner', 'worker.js'))});
    const cache = Object.keys(createRequire(import.meta.url).cache);
    const pkgs = new Set(cache.map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\/(.*)/.exec(f)).filter(Boolean)
      .filter((m) => !(m[1] === 'ajv' && m[2].startsWith('dist/runtime/')) && !(m[1] === 'ajv-formats' && m[2] === 'dist/formats.js'))
      .map((m) => m[1]));
    console.log(JSON.stringify([...pkgs].sort()));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const loaded = JSON.parse(r.stdout) as string[];
  const lazy = ['ajv', 'ajv-formats', 'ajv-errors', 'yaml', 'json-diff', 'fast-json-patch', 'json-merge-patch', 'jsonpath-plus'];
  assert.deepEqual(
    loaded.filter((p) => lazy.includes(p)),
    [],
  );
});
