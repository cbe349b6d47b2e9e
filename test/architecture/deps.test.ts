// Enforces src/DEPS.json: each folder imports only the folders it may. The reference server imports nothing
// from the harness, so a misreading of the docs shared by the server and the checks cannot pass unnoticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

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
      else if (target !== folder && !allowed.includes(target)) violations.push(`${relative(repoRoot, file)} (${folder}) imports ${spec} (${target}), not allowed by src/DEPS.json`);
    }
  }
  assert.deepEqual(violations, []);
});
