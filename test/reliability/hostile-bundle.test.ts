// A vendor's bundle is hostile input to `vouch verify`: it must never run code from the bundle, send the
// certifier's token anywhere, print the certifier's environment, believe a forged summary, replay a smuggled suite
// or let escape codes fake a green line. Every case ends in bounded time with a named refusal (or a verdict that
// does not replay), and bundle code never runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fixtureCopy, hasStackTrace, repoRoot, runVouch, type CliResult } from '../helpers/cli.js';
import { startItemServer, type ItemServer } from '../report/helpers.js';
import { editSummary, entryText, forge, setEntry, startListener, zeroBomb, type Listener } from './bundle-forge.js';
import { countFiles, filesContaining } from './helpers.js';

const BOUND_MS = 90_000;
const CERTIFIER_TOKEN = 'certifier-token-Hq7Lm2xP9';
const CERTIFIER_AWS = 'certifier-aws-Zr8Kq3Vb6';
const ESC = '\u001b';

describe('vouch verify treats a bundle as hostile', { concurrency: false }, () => {
  let server: ItemServer;
  let listener: Listener;
  let dir: string;
  let bundle: string;
  let envBundle: string;
  let n = 0;

  before(async () => {
    server = await startItemServer();
    listener = await startListener();
    dir = fixtureCopy('report');
    const rec = await runVouch(['run', '--mode', 'record', '--target', `demo=${server.url}`, '-q'], {
      cwd: dir,
      env: { VOUCH_DEMO_DEFAULT_TOKEN: 'vendor-token-1234' },
    });
    assert.equal(rec.code, 1, rec.stdout + rec.stderr);
    bundle = bundlePath(await runVouch(['bundle'], { cwd: dir }));
    cpSync(join(repoRoot, 'test', 'fixtures', 'hostile', 'suites', 'env'), join(dir, 'suites', 'env'), { recursive: true });
    const envRun = await runVouch(['run', 'suites/env', '--mode', 'record', '--target', `demo=${server.url}`, '-q', '--output', 'reports-env'], {
      cwd: dir,
      env: { AWS_SECRET_ACCESS_KEY: 'probe-name', VOUCH_DEMO_DEFAULT_TOKEN: 'vendor-token-1234' },
    });
    assert.equal(envRun.code, 0, envRun.stdout + envRun.stderr);
    envBundle = bundlePath(await runVouch(['bundle', '--output', 'reports-env'], { cwd: dir }));
    await server.close();
  });
  after(async () => {
    await listener.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function bundlePath(r: CliResult): string {
    assert.equal(r.code, 0, r.stdout + r.stderr);
    return join(dir, /evidence bundle (\S+\.tar\.gz)/.exec(r.stdout)![1]!);
  }

  /** verify, as a certifier with a token and a cloud secret in the environment, within a bound. */
  async function verify(file: string, extra: string[] = []): Promise<CliResult & { ms: number }> {
    const t0 = Date.now();
    const r = await runVouch(['verify', file, ...extra], {
      cwd: dir,
      env: { VOUCH_DEMO_DEFAULT_TOKEN: CERTIFIER_TOKEN, AWS_SECRET_ACCESS_KEY: CERTIFIER_AWS },
      timeoutMs: BOUND_MS,
    });
    const ms = Date.now() - t0;
    assert.notEqual(r.code, -1, `verify ended within ${BOUND_MS} ms`);
    const all = r.stdout + r.stderr;
    assert.ok(!hasStackTrace(all), all);
    for (const secret of [CERTIFIER_TOKEN, CERTIFIER_AWS]) assert.ok(!all.includes(secret), `the certifier's secret is not printed:\n${all}`);
    assert.ok(!all.includes(ESC), `no escape code reaches the terminal:\n${JSON.stringify(all)}`);
    return { ...r, ms };
  }

  function refused(r: CliResult, code: string, what: RegExp): void {
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`error\\[${code}\\]: `), r.stdout);
    assert.match(r.stdout, what);
    assert.doesNotMatch(r.stdout, /^\s*✓ verified/m);
  }

  const out = (name: string) => join(dir, `forged-${++n}-${name}.tar.gz`);

  it("code injection: a reporter named in the manifest's paths never runs", async () => {
    const marker = join(dir, 'evil-ran');
    const evil = `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, JSON.stringify(process.env));\nexport default class { onBegin() {} };\n`;
    const bad = forge(bundle, out('reporter'), (f) => {
      setEntry(f, 'evil.mjs', evil);
      f.manifest.run.paths.push('--reporter', './evil.mjs');
    });
    const r = await verify(bad);
    refused(r, 'bundle-manifest', /run\.paths\[\d+\]: '--reporter' is not/);
    assert.ok(!existsSync(marker), 'evil.mjs never ran');
  });

  it('token exfiltration: --mode live --target in the paths sends nothing anywhere', async () => {
    const bad = forge(bundle, out('live'), (f) => f.manifest.run.paths.push('--mode', 'live', '--target', `demo=${listener.url}`));
    refused(await verify(bad), 'bundle-manifest', /run\.paths\[\d+\]: '--mode' is not/);
    assert.deepEqual(listener.log, [], 'nothing reached the listener');
  });

  it('a config file in the bundle naming a target is ignored: the replay stays offline and sends no token', async () => {
    const bad = forge(bundle, out('config'), (f) => {
      setEntry(
        f,
        'vouch.config.yaml',
        `targets:\n  demo:\n    url: ${listener.url}\n    identities: { default: { tokenEnv: VOUCH_DEMO_DEFAULT_TOKEN } }\ncassettes: results\n`,
      );
    });
    const r = await verify(bad);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ items-create: passed, replayed passed/);
    assert.deepEqual(listener.log, [], 'nothing reached the listener');
  });

  it("env leak: ${env.AWS_SECRET_ACCESS_KEY} in a bundled scenario resolves to a placeholder, never the certifier's value", async () => {
    const r = await verify(envBundle, ['--keep']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ env-probe: recorded passed, replayed failed \(.*<env\.AWS_SECRET_ACCESS_KEY>/);
    const kept = /kept: (\S+)/.exec(r.stdout)![1]!;
    assert.ok(countFiles([kept]) > 5, 'the replay wrote its reports');
    assert.deepEqual(filesContaining([kept], [CERTIFIER_AWS, CERTIFIER_TOKEN]), [], 'no file of the replay holds a certifier secret');
    rmSync(kept, { recursive: true, force: true });
  });

  it('verdict hiding: a failed verdict relabelled `not run` without a reason is refused', async () => {
    const bad = forge(bundle, out('not-run'), (f) =>
      editSummary(f, (ss) => ss.map((s) => (s.id === 'items-create-status' ? { ...s, verdict: 'not run', failedChecks: [], firstFailure: undefined } : s))),
    );
    refused(await verify(bad), 'bundle-verdicts', /items-create-status: recorded `not run` without a reason/);
  });

  it('verdict hiding: `not run` with a reason the run contradicts (its API had a target) is refused', async () => {
    const reason = 'no target for API demo (add --target demo=URL)';
    const bad = forge(bundle, out('reason'), (f) =>
      editSummary(f, (ss) => ss.map((s) => (s.id === 'private-read' ? { ...s, verdict: 'not run', reason, failedChecks: [] } : s))),
    );
    refused(await verify(bad), 'bundle-verdicts', /private-read: recorded `not run` \(no target for API demo\), but the run had a target for demo/);
  });

  it('verdict hiding: a failed verdict deleted from summary.json is refused (its cassette is in the bundle)', async () => {
    const bad = forge(bundle, out('deleted'), (f) => editSummary(f, (ss) => ss.filter((s) => s.id !== 'items-read-example')));
    refused(await verify(bad), 'bundle-verdicts', /items-read-example: in the bundled suites, with a cassette, but has no verdict in summary\.json/);
  });

  it('verdict hiding: failed relabelled passed does not replay', async () => {
    const bad = forge(bundle, out('passed'), (f) =>
      editSummary(f, (ss) => ss.map((s) => (s.id === 'items-create-status' ? { ...s, verdict: 'passed', failedChecks: [] } : s))),
    );
    const r = await verify(bad);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /✗ items-create-status: recorded passed, replayed failed/);
  });

  it("verdict hiding: with the API's target removed from the run, every scenario that has a cassette is still replayed", async () => {
    const reason = 'no target for API demo (add --target demo=URL)';
    const bad = forge(bundle, out('untargeted'), (f) => {
      editSummary(f, (ss) => ss.map((s) => (s.api === 'demo' ? { ...s, verdict: 'not run', reason, failedChecks: [], firstFailure: reason } : s)));
      const s = JSON.parse(entryText(f, 'results/summary.json')) as { targets: Record<string, string> };
      s.targets = {};
      setEntry(f, 'results/summary.json', JSON.stringify(s));
      f.manifest.run.targets = {};
    });
    const r = await verify(bad);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /✗ items-create-status: recorded not run, replayed failed/);
    assert.match(r.stdout, /✗ items-create: recorded not run, replayed passed/);
  });

  for (const [name, path] of [
    ['a `.` segment', 'suites/demo/./items.yaml'],
    ['an empty segment', 'suites//demo/items.yaml'],
    ['a duplicate after normalisation', './suites/demo/items.yaml'],
    ['a duplicate that differs in case only', 'suites/demo/Items.yaml'],
    ['a file used as a folder', 'suites/demo/items.yaml/x.yaml'],
  ]) {
    it(`suite smuggling: a weakened copy stored after the official entry under ${name} is refused`, async () => {
      const bad = forge(bundle, out('smuggle'), (f) => {
        const weak = entryText(f, 'suites/demo/items.yaml').replace('expect: { status: 200 }', 'expect: { status: 201 }');
        f.entries.push({ path: path!, data: Buffer.from(weak) });
      });
      refused(await verify(bad), 'bundle-entry', new RegExp(path!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
    });
  }

  it('escape codes in manifest fields are shown escaped, and cannot fake a green line', async () => {
    const fake = `\r${ESC}[2K${ESC}[32m✓ verified: the files are intact and all 6 scenario verdict(s) replay offline${ESC}[0m\n`;
    const bad = forge(bundle, out('escapes'), (f) => {
      f.manifest.vouchVersion = `0.1.0${fake}`;
      f.manifest.run.startedAt = fake;
    });
    const r = await verify(bad);
    refused(r, 'bundle-manifest', /\\u001b\[32m✓ verified/);
  });

  it('escape codes in a forged scenario id are shown escaped', async () => {
    const bad = forge(bundle, out('escaped-id'), (f) => editSummary(f, (ss) => [...ss, { ...ss[0]!, id: `x${ESC}[1A${ESC}[2K✓ verified` }]));
    refused(await verify(bad), 'bundle-verdicts', /x\\u001b\[1A\\u001b\[2K✓ verified: not in the bundled suites/);
  });

  it('a malformed manifest is refused with its cause, never an internal error', async () => {
    for (const [i, change] of [
      (m: Record<string, unknown>) => delete m['run'],
      (m: Record<string, unknown>) => (m['files'] = [{ path: 7 }]),
      (m: Record<string, unknown>) => ((m['run'] as Record<string, unknown>)['paths'] = 'suites'),
    ].entries()) {
      const bad = forge(bundle, out(`malformed-${i}`), (f) => change(f.manifest as unknown as Record<string, unknown>), { recompute: i !== 1 });
      refused(await verify(bad), 'bundle-manifest', /manifest\.json is not a valid evidence manifest: /);
    }
  });

  it('a malformed summary.json or a bundled suite that does not load is refused by name', async () => {
    const summary = forge(bundle, out('summary'), (f) => setEntry(f, 'results/summary.json', '{"runId": '));
    refused(await verify(summary), 'bundle-summary', /summary\.json is not JSON/);
    const suite = forge(bundle, out('suite'), (f) => setEntry(f, 'suites/demo/items.yaml', `id: [unclosed\n${ESC}[31m`));
    refused(await verify(suite), 'bundle-suites', /the bundled suites do not load/);
  });

  it('manifest fields pointing outside the bundle are refused', async () => {
    const cases: [string, (m: { run: { results: string; cassettes: string; paths: string[] } }) => void, RegExp][] = [
      ['results', (m) => (m.run.results = '../..'), /run\.results: '\.\.\/\.\.' is not/],
      ['cassettes', (m) => (m.run.cassettes = '/etc'), /run\.cassettes: '\/etc' is not/],
      ['paths', (m) => (m.run.paths = ['../../etc/passwd']), /run\.paths\[0\]: '\.\.\/\.\.\/etc\/passwd' is not/],
    ];
    for (const [name, change, what] of cases) {
      const bad = forge(bundle, out(`outside-${name}`), (f) => change(f.manifest));
      refused(await verify(bad), 'bundle-manifest', what);
    }
  });

  it('size caps: an archive, its unpacked size and its entry count each have a limit, refused in one line', async () => {
    const bomb = out('bomb');
    writeFileSync(bomb, zeroBomb(64 * 1024 * 1024));
    const unpacked = await verify(bomb, ['--max-size', '8']);
    refused(unpacked, 'bundle-size', /unpacks to more than 8 MB \(--max-size\)/);
    assert.ok(unpacked.ms < 30_000, `refused quickly (${unpacked.ms} ms)`);
    refused(await verify(bundle, ['--max-files', '5']), 'bundle-size', /more than 5 files \(--max-files\)/);
    refused(await verify(bundle, ['--max-size', '0.001']), 'bundle-size', /is larger than 0\.001 MB \(--max-size\)/);
  });

  it('a bundle that is not a regular file is refused without reading it', async (t) => {
    const fifo = join(dir, 'bundle.fifo');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return t.skip('no mkfifo here');
    }
    const r = await verify(fifo);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /error\[no-file\]: .*bundle\.fifo is not a regular file/);
  });

  it('a replay that passes its wall-clock limit is stopped, with the limit named, and leaves no process behind', async () => {
    const r = await verify(bundle, ['--time-limit', '1', '--keep']);
    refused(r, 'verify-time-limit', /the replay did not finish within 1 s \(--time-limit\)/);
    const kept = /kept: (\S+)/.exec(r.stdout)![1]!;
    await new Promise((res) => setTimeout(res, 500));
    assert.deepEqual(processesMentioning(kept), [], 'no replay process is left');
    rmSync(kept, { recursive: true, force: true });
  });
});

/** Processes of this user whose environment or command line names the folder (Linux /proc; none elsewhere). */
function processesMentioning(folder: string): string[] {
  if (!existsSync('/proc')) return [];
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const text = readFileSync(`/proc/${pid}/environ`, 'latin1') + readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      if (text.includes(folder)) out.push(pid);
    } catch {
      // gone, or another user's
    }
  }
  return out;
}
