// One JSON diff engine (issue 21): src/util/json-differences.ts, built on json-diff. Example diffs, relations,
// replay matching and `--check` drift use it; no other module loads json-diff or walks two documents side by side.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { jsonDifferences } from '../../src/util/json-differences.js';
import { missing } from '../../src/util/field-path.js';

const src = join(repoRoot, 'src');
const ENGINE = 'src/util/json-differences.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

const sources = files(src).map((f) => ({ file: relative(repoRoot, f), text: readFileSync(f, 'utf8') }));

it('only the engine loads json-diff', () => {
  const loaders = sources.filter((s) => /from\s+['"]json-diff['"]|(?:require|import)\(\s*['"]json-diff['"]\s*\)/.test(s.text)).map((s) => s.file);
  assert.deepEqual(loaders, [ENGINE]);
});

it('example diffs, relations, replay matching and --check drift diff through the engine', () => {
  const users = sources
    .filter((s) => /from\s+'(?:\.\.\/util|\.)\/json-differences\.js'/.test(s.text))
    .map((s) => s.file)
    .sort();
  const expected = ['src/assertions/example-diff.ts', 'src/assertions/relations.ts', 'src/evidence/drift.ts', 'src/transport/json-compare.ts'];
  assert.deepEqual(users, expected);
  // Replay matching compares through json-compare.ts, the engine's adapter for the transport.
  assert.match(readFileSync(join(src, 'transport', 'match.ts'), 'utf8'), /from '\.\/json-compare\.js'/);
});

it('no assertion, transport, variation or evidence module walks two JSON documents side by side (a second engine)', () => {
  // The signature of a hand-written diff: the union of two objects' keys, walked to compare their values.
  const union = /new Set\(\[\.\.\.Object\.keys\([^)]*\),\s*\.\.\.Object\.keys\(/;
  const walkers = sources.filter((s) => /^src\/(assertions|transport|variation|evidence)\//.test(s.file) && union.test(s.text)).map((s) => s.file);
  assert.deepEqual(walkers, []);
});

it('the engine: document order, arrays by index, an array is not an object, field names are only field names', () => {
  const rows = (a: unknown, b: unknown) =>
    jsonDifferences(a, b).map((d) => [d.path.join('.'), d.kind, d.left === missing ? '-' : d.left, d.right === missing ? '-' : d.right]);
  assert.deepEqual(rows({ a: 1, b: 2, c: [1, 2] }, { a: 3, c: [1, 5, 6], d: 4 }), [
    ['a', 'changed', 1, 3],
    ['b', 'missing', 2, '-'],
    ['c.1', 'changed', 2, 5],
    ['c.2', 'unexpected', '-', 6],
    ['d', 'unexpected', '-', 4],
  ]);
  assert.deepEqual(rows({ x: [] }, { x: {} }), [['x', 'changed', [], {}]]);
  assert.deepEqual(rows({ x: [1] }, { x: { 0: 1 } }), [['x', 'changed', [1], { 0: 1 }]]);
  assert.deepEqual(rows({ a__deleted: 1, __old: 1, __new: 2 }, { a__deleted: 2, __old: 1, __new: 2 }), [['a__deleted', 'changed', 1, 2]]);
  assert.deepEqual(rows(JSON.parse('{"__proto__": {"x": 1}}'), JSON.parse('{"__proto__": {"x": 2}}')), [['__proto__.x', 'changed', 1, 2]]);
  assert.deepEqual(
    rows([1, 2], [2, 1]),
    [
      ['0', 'changed', 1, 2],
      ['1', 'changed', 2, 1],
    ],
    'no fuzzy sequence matching',
  );
  assert.deepEqual(rows({ a: { b: [1] } }, { a: { b: [1] } }), []);
  // A hole is an absent element: the projection of an example leaves one where an element is not compared.
  // biome-ignore lint/suspicious/noSparseArray: the hole is what this case is about
  assert.deepEqual(rows([1, , 3], [1, 9, 4]), [
    ['2', 'changed', 3, 4],
    ['1', 'unexpected', '-', 9],
  ]);
});

it("the engine's grouped order: at each level missing, then unexpected, then changed (relations list them so)", () => {
  const paths = jsonDifferences({ a: 1, b: { x: 1, y: 2 }, c: 3 }, { a: 2, b: { x: 2, z: 3 }, d: 4 }, { grouped: true }).map(
    (d) => `${d.path.join('.')} ${d.kind}`,
  );
  assert.deepEqual(paths, ['c missing', 'd unexpected', 'a changed', 'b.y missing', 'b.z unexpected', 'b.x changed']);
});
