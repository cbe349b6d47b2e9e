// What loading a module of src/ loads with it: its static imports of values, followed through src/ (not
// `import type`, and not `await import(...)` unless asked: `dynamic` follows those too, for everything the module
// can ever load in its process), and the packages they name (node: built-ins left out).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function staticImports(entry: string, { dynamic = false } = {}): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(file, 'utf8');
    const specs = [...code.matchAll(/^(?:import|export)\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    if (dynamic) specs.push(...[...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!));
    for (const spec of specs) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}
