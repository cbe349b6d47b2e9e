// The reference server is an independent reading of the documentation: nothing under src/reference/ may import
// from another src/ folder (a misreading shared with the checks would pass unnoticed), and only a few packages.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/reference');
const PACKAGES = new Set(['yaml', 'fast-json-patch']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

it('src/reference imports only itself, node: built-ins and its few packages', () => {
  const problems: string[] = [];
  for (const file of files(ROOT)) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const spec = match[1]!;
      const where = `${relative(ROOT, file)}: ${spec}`;
      if (spec.startsWith('.')) {
        if (relative(ROOT, resolve(dirname(file), spec)).startsWith('..')) problems.push(where);
      } else if (!spec.startsWith('node:') && !PACKAGES.has(spec)) {
        problems.push(where);
      }
    }
  }
  assert.deepEqual(problems, []);
});
