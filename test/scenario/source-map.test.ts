// A scenario's source positions are packed (model/source-map.ts): they must point where the plain form pointed,
// for any key a YAML file may hold, after a trip through JSON (the parse cache and the plan), at a fraction of the size.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceMap } from '../../src/model/source-map.js';
import { parseYamlFile } from '../../src/scenario/yaml-source.js';
import { repoRoot } from '../helpers/cli.js';

const yaml = ['id: odd-keys', 'vars:', '  "tab\\there": 1', '  "new\\nline": { "50%": [a, b] }', '  "a/b~c": x', '  "%09": literal', 'steps: []', ''].join(
  '\n',
);

it('points at every key and value, whatever characters a key holds, also after a trip through JSON', () => {
  const { docs, diagnostics } = parseYamlFile('/p/odd.yaml', yaml);
  assert.deepEqual(diagnostics, []);
  const map = docs[0]!.locations;
  const back = SourceMap.from(JSON.parse(JSON.stringify(map)));
  // Where `needle` is written on line `line` (1-based), as the parser reports it.
  const at = (line: number, needle: string, length?: number) => {
    const col = yaml.split('\n')[line - 1]!.indexOf(needle) + 1;
    assert.ok(col > 0, needle);
    return { file: '/p/odd.yaml', line, col, length: length ?? needle.length };
  };
  for (const m of [map, back]) {
    assert.deepEqual(m.get('/vars/tab\there'), at(3, '1'));
    assert.deepEqual(m.get('/vars/tab\there#key'), at(3, '"tab\\there"'));
    assert.deepEqual(m.get('/vars/new\nline/50%/1'), at(4, 'b'));
    assert.deepEqual(m.get('/vars/a~1b~0c'), at(5, 'x'));
    assert.deepEqual(m.get('/vars/%09'), at(6, 'literal'));
    assert.equal(m.get('/vars/%09#key')?.line, 6);
    assert.equal(m.get('/vars/\t'), undefined, 'the escaped form of a key is not a key');
    // locate: the pointer itself, else its nearest ancestor; with preferKey, its key first.
    assert.equal(m.locate('/vars/new\nline/50%/7/deeper')?.col, at(4, '[a, b]').col);
    assert.equal(m.locate('/vars/a~1b~0c', true)?.col, 3);
    assert.equal(m.locate('/nowhere')?.line, 1, 'the document itself');
  }
  assert.equal(back.size, map.size);
  assert.deepEqual([...back.entries()], [...map.entries()]);
});

it('holds the map of a scenario in a quarter of the bytes of one object per position', () => {
  // The benchmark's pod scenario (bench/pods.mjs): 131 positions, 1.4 KB of YAML.
  const text = readFileSync(join(repoRoot, 'test', 'fixtures', 'bench-pod.yaml'), 'utf8');
  const map = parseYamlFile('/p/pods/part-000.yaml', text).docs[0]!.locations;
  assert.ok(map.size > 100, `${map.size} positions`);
  const plain = JSON.stringify(Object.fromEntries(map.entries()));
  const packed = JSON.stringify(map);
  assert.ok(packed.length * 4 < plain.length, `packed ${packed.length} bytes, plain ${plain.length}`);
});
