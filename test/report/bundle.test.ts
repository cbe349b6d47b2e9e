// The evidence bundle through the CLI: a recorded run packed with a SHA-256 manifest, verified by an offline replay;
// a tampered bundle (modified, missing, extra files) and a verdict that no longer replays both fail, by name.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureCopy, hasStackTrace, runVouch } from '../helpers/cli.js';
import { sha256, type Manifest } from '../../src/evidence/bundle.js';
import { tarGz, untarGz, type TarEntry } from '../../src/evidence/tar.js';
import { allureResults, labels, startItemServer, type ItemServer } from './helpers.js';

function rewrite(bundle: string, out: string, change: (entries: TarEntry[]) => TarEntry[]): void {
  writeFileSync(out, tarGz(change(untarGz(readFileSync(bundle)))));
}

function edit(entries: TarEntry[], path: string, fn: (text: string) => string): TarEntry[] {
  return entries.map((e) => (e.path === path ? { path, data: Buffer.from(fn(e.data.toString('utf8'))) } : e));
}

describe('vouch bundle and vouch verify', () => {
  let server: ItemServer;
  let dir: string;
  let bundle: string;

  before(async () => {
    server = await startItemServer();
    dir = fixtureCopy('report');
    const rec = await runVouch(['run', '--mode', 'record', '--target', `demo=${server.url}`, '-q'], {
      cwd: dir,
      env: { VOUCH_DEMO_DEFAULT_TOKEN: 'tok-bundle-1' },
    });
    assert.equal(rec.code, 1, rec.stdout + rec.stderr);
  });
  after(() => server.close());

  it('packs suites, cassettes, results and a manifest with a SHA-256 for every file, the version and the run id', async () => {
    const r = await runVouch(['bundle'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const m = /evidence bundle (\S+\.tar\.gz): (\d+) files/.exec(r.stdout);
    assert.ok(m, r.stdout);
    bundle = join(dir, m[1]!);
    assert.match(r.stderr, /warning: 1 scenario\(s\) have no cassette.*dropped-connection/);
    const entries = untarGz(readFileSync(bundle));
    const manifest = JSON.parse(entries.find((e) => e.path === 'manifest.json')!.data.toString('utf8')) as Manifest;
    const summary = JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')) as { runId: string };
    assert.equal(manifest.runId, summary.runId);
    assert.match(manifest.vouchVersion, /^\d+\.\d+\.\d+/);
    assert.equal(manifest.files.length, Number(m[2]));
    const paths = manifest.files.map((f) => f.path);
    for (const p of [
      'suites/demo/items.yaml',
      'suites/demo/access.yaml',
      'suites/demo/examples/item.json',
      'cassettes/demo/items-create.json',
      'results/summary.json',
      'results/junit.xml',
      'results/allure-results/categories.json',
    ]) {
      assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
    }
    for (const f of manifest.files) assert.equal(f.sha256, sha256(entries.find((e) => e.path === f.path)!.data), f.path);
  });

  it("verifies an untouched bundle: hashes match, the suites are the certifier's, every recorded verdict replays offline", async () => {
    server.close();
    const r = await runVouch(['verify', bundle, '--keep', '--suites', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ \d+ files match their SHA-256/);
    assert.match(r.stdout, /✓ items-create: passed, replayed passed/);
    assert.match(r.stdout, /✓ items-read-example: failed, replayed failed/);
    assert.match(r.stdout, /✓ private-read: failed, replayed failed/);
    assert.match(r.stdout, /✓ dropped-connection: broken, replayed broken \(.*no cassette/i);
    assert.match(r.stdout, /- other-ping: not run \(no target for API other.*\); nothing to replay/);
    assert.match(r.stdout, /✓ the bundled suites are byte for byte your copy in \./);
    assert.match(r.stdout, /✓ verified: the files are intact and all 6 scenario verdict\(s\) replay offline/);
    assert.match(
      r.stdout,
      /the bundle is self-consistent .*\n.*not who made it nor which server produced the cassettes: this bundle is not signed \(vouch certify --sign makes signed ones\)/,
    );
    const kept = /kept: (\S+)/.exec(r.stdout)![1]!;
    const replayed = allureResults(join(kept, 'replay', 'allure-results')).get('items-create')!;
    assert.deepEqual(labels(replayed, 'source'), ['replayed']);
    assert.ok(
      replayed.parameters.some((p) => p.name === 'recorded at' && /^\d{4}-\d\d-\d\dT/.test(p.value)),
      JSON.stringify(replayed.parameters),
    );
    rmSync(kept, { recursive: true, force: true });
  });

  it('fails a tampered bundle, naming each modified, missing and extra file, and replays nothing', async () => {
    const bad = join(dir, 'tampered.tar.gz');
    rewrite(bundle, bad, (entries) =>
      edit(entries, 'cassettes/demo/items-create.json', (t) => t.replace('"status": 201', '"status": 200'))
        .filter((e) => e.path !== 'results/junit.xml')
        .concat([{ path: 'suites/demo/extra.yaml', data: Buffer.from('id: extra\n') }]),
    );
    const r = await runVouch(['verify', bad], { cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ modified: cassettes\/demo\/items-create\.json/);
    assert.match(r.stdout, /✗ missing: results\/junit\.xml/);
    assert.match(r.stdout, /✗ extra: suites\/demo\/extra\.yaml/);
    assert.match(r.stdout, /3 file\(s\) do not match the manifest.*nothing replayed/);
    assert.ok(!hasStackTrace(r.stdout + r.stderr));
  });

  it('fails when a recorded verdict does not replay, even with the manifest made to match', async () => {
    const bad = join(dir, 'reforged.tar.gz');
    const cassette = 'cassettes/demo/items-create.json';
    rewrite(bundle, bad, (entries) => {
      const changed = edit(entries, cassette, (t) => t.replace('"status": 201', '"status": 500'));
      const data = changed.find((e) => e.path === cassette)!.data;
      return edit(changed, 'manifest.json', (t) => {
        const m = JSON.parse(t) as Manifest;
        m.files = m.files.map((f) => (f.path === cassette ? { ...f, sha256: sha256(data), size: data.length } : f));
        return JSON.stringify(m);
      });
    });
    const r = await runVouch(['verify', bad], { cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ \d+ files match/);
    assert.match(r.stdout, /✗ items-create: recorded passed, replayed failed \(.*status: expected 201, got 500/);
    assert.match(r.stdout, /✗ 1 of 6 scenario verdict\(s\) do not replay/);
  });

  it("--suites names each bundled suite file that differs from the certifier's copy, is missing from it, or is not in the bundle", async () => {
    const copy = mkdtempSync(join(tmpdir(), 'vouch-certifier-'));
    cpSync(join(dir, 'suites'), join(copy, 'suites'), { recursive: true });
    writeFileSync(join(copy, 'suites/demo/items.yaml'), readFileSync(join(copy, 'suites/demo/items.yaml'), 'utf8').replace('status: 201', 'status: 200'));
    rmSync(join(copy, 'suites/demo/access.yaml'));
    writeFileSync(join(copy, 'suites/demo/left-out.yaml'), 'id: left-out\n');
    const r = await runVouch(['verify', bundle, '--suites', copy], { cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ differs: suites\/demo\/items\.yaml/);
    assert.match(r.stdout, /✗ missing from your copy: suites\/demo\/access\.yaml/);
    assert.match(r.stdout, /✗ not in the bundle: suites\/demo\/left-out\.yaml/);
    assert.match(r.stdout, /✗ the bundled suites differ from your copy in .*: 3 file\(s\)/);
    assert.doesNotMatch(r.stdout, /✓ verified/);
    rmSync(copy, { recursive: true, force: true });
  });

  it('refuses what is not a bundle', async () => {
    writeFileSync(join(dir, 'junk.tar.gz'), 'not gzip');
    const r = await runVouch(['verify', 'junk.tar.gz'], { cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ junk\.tar\.gz is not a readable evidence bundle/);
    const none = await runVouch(['verify', 'nope.tar.gz'], { cwd: dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /error\[no-file\]: no such bundle nope\.tar\.gz/);
  });
});
