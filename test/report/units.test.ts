// The report's small parts on their own: the tar writer and reader (long paths, unsafe entries, `tar` reads it),
// the static server's confinement to its folder, JUnit escaping and merging.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { canonicalName, TarError, tarGz, untarGz } from '../../src/evidence/tar.js';
import { fileFor } from '../../src/report/static-server.js';
import { escapeXml } from '../../src/report/junit.js';
import { mergeJunit } from '../../src/report/junit-merge.js';
import { unjudged } from '../../src/report/summary.js';

describe('tar', () => {
  const long = `suites/${'deep/'.repeat(30)}scenario.yaml`;
  const entries = [
    { path: 'manifest.json', data: Buffer.from('{}\n') },
    { path: long, data: Buffer.from('id: x\n') },
    { path: 'results/empty.txt', data: Buffer.alloc(0) },
    { path: 'results/block.bin', data: Buffer.alloc(1024, 7) },
  ];

  it('round-trips files, paths over 100 characters included', () => {
    assert.ok(long.length > 150);
    assert.deepEqual(untarGz(tarGz(entries)), entries);
  });

  it('writes what the system tar reads', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-tar-'));
    writeFileSync(join(dir, 'b.tar.gz'), tarGz(entries));
    const res = spawnSync('tar', ['tzf', 'b.tar.gz'], { cwd: dir, encoding: 'utf8' });
    if (res.error) return t.skip('no tar on this machine');
    assert.equal(res.status, 0, res.stderr);
    assert.deepEqual(
      res.stdout.trim().split('\n'),
      entries.map((e) => e.path),
    );
  });

  it('refuses unsafe paths and links when reading', () => {
    assert.throws(() => untarGz(tarGz([{ path: '../evil', data: Buffer.from('x') }])), /unsafe path/);
    assert.throws(() => untarGz(tarGz([{ path: '/etc/evil', data: Buffer.from('x') }])), /unsafe path/);
    const link = Buffer.alloc(1024);
    link.write('a-link', 0);
    link.write('0000644\0', 100);
    link.write('00000000000\0', 124);
    link[156] = '2'.charCodeAt(0);
    assert.throws(() => untarGz(gzipSync(link)), /type '2'/);
    assert.throws(() => untarGz(Buffer.from('not gzip')));
  });

  it('refuses every name that is not the one canonical spelling, and two entries for one file', () => {
    const one = (path: string) => ({ path, data: Buffer.from('x') });
    for (const bad of ['suites/./a.yaml', 'suites//a.yaml', 'suites/a.yaml/', 'a\\b', 'a\u001b[2Kb', '.', '']) {
      assert.throws(
        () => untarGz(tarGz([one(bad)])),
        (e: Error) => e instanceof TarError && e.kind === 'entry',
        JSON.stringify(bad),
      );
    }
    assert.deepEqual(
      untarGz(tarGz([one('./suites/a.yaml')])).map((e) => e.path),
      ['suites/a.yaml'],
      'a leading ./ (tar -C dir .) is dropped',
    );
    for (const twin of ['./suites/a.yaml', 'suites/A.yaml', 'suites/a.yaml']) {
      assert.throws(() => untarGz(tarGz([one('suites/a.yaml'), one(twin)])), /a second entry for the file "suites\/a\.yaml"/, twin);
    }
    assert.equal(canonicalName('suites/demo/x.yaml'), 'suites/demo/x.yaml');
    assert.throws(() => untarGz(tarGz([one('suites/a.yaml'), one('suites/a.yaml/b')])), /"suites\/a\.yaml\/b": inside "suites\/a\.yaml", which is a file/);
  });

  it('stops at the unpacked size and the entry count, and refuses a damaged header', () => {
    const bomb = gzipSync(Buffer.concat([gunzipSync(tarGz([{ path: 'z', data: Buffer.alloc(4 * 1024 * 1024) }]))]));
    assert.ok(bomb.length < 64 * 1024);
    assert.throws(
      () => untarGz(bomb, { maxBytes: 1024 * 1024, maxEntries: 10 }),
      (e: Error) => e instanceof TarError && e.kind === 'too-big',
    );
    const many = tarGz(Array.from({ length: 6 }, (_, i) => ({ path: `f${i}`, data: Buffer.from('x') })));
    assert.throws(
      () => untarGz(many, { maxBytes: 1024 * 1024, maxEntries: 5 }),
      (e: Error) => e instanceof TarError && e.kind === 'too-many',
    );
    assert.equal(untarGz(many, { maxBytes: 1024 * 1024, maxEntries: 6 }).length, 6);
    const raw = gunzipSync(tarGz([{ path: 'a', data: Buffer.from('x') }]));
    raw.write('9999', 124);
    assert.throws(
      () => untarGz(gzipSync(raw)),
      (e: Error) => e instanceof TarError && e.kind === 'format',
    );
  });
});

describe('static server', () => {
  it('serves files under its root and nothing outside it', () => {
    const root = mkdtempSync(join(tmpdir(), 'vouch-static-'));
    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, 'index.html'), '<html></html>');
    writeFileSync(join(root, 'data', 'a.json'), '{}');
    assert.equal(fileFor(root, '/'), join(root, 'index.html'));
    assert.equal(fileFor(root, '/data/a.json?x=1'), join(root, 'data', 'a.json'));
    assert.equal(fileFor(root, '/../../etc/passwd'), undefined);
    assert.equal(fileFor(root, '/%2e%2e/%2e%2e/etc/passwd'), undefined);
    assert.equal(fileFor(root, '/missing'), undefined);
    assert.equal(fileFor(root, '/%E0%A4%A'), undefined);
  });
});

describe('JUnit', () => {
  it('escapes attribute text and drops characters XML forbids', () => {
    assert.equal(escapeXml(`a<b>&"c'\u0001`), 'a&lt;b&gt;&amp;&quot;c&apos;');
  });

  it('names the files that hold no testsuite', () => {
    const one = '<testsuites><testsuite name="x" tests="1" failures="0" errors="0" skipped="0" time="0.5"><testcase name="t"/></testsuite></testsuites>';
    const merged = mergeJunit([
      { name: 'a.xml', xml: one },
      { name: 'b.xml', xml: '<html/>' },
    ]);
    assert.deepEqual(merged.empty, ['b.xml']);
    assert.equal(merged.tests, 1);
  });
});

describe('a run that judged less than it planned', () => {
  const summary = (ids: string[], shard?: string) => ({ scenarios: ids.map((id) => ({ id })) as never[], shard });

  it('names the planned scenarios without a verdict (a run of none judged is not a pass)', () => {
    assert.deepEqual(unjudged(['a', 'b', 'c'], summary([])), ['a', 'b', 'c']);
    assert.deepEqual(unjudged(['a', 'b', 'c'], summary(['b'])), ['a', 'c']);
    assert.deepEqual(unjudged(['a', 'b'], summary(['a', 'b'])), []);
  });

  it('leaves a shard to judge its own share', () => {
    assert.deepEqual(unjudged(['a', 'b', 'c'], summary(['a'], '1/3')), []);
  });
});
