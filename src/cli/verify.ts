// `vouch verify <bundle>`: unpacks into a temporary folder, checks every file against the manifest, then runs
// `vouch run --mode replay` there (no network) and compares each scenario's verdict with the recorded one.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diag } from '../model/diagnostic.js';
import type { Manifest } from '../report/bundle.js';
import type { RunSummary } from '../report/summary.js';
import { untarGz, type TarEntry } from '../report/tar.js';
import { checkFiles, compareVerdicts, grepFor, readManifest } from '../report/verify.js';
import { packageRoot, vouchVersion } from '../util/version.js';
import { EXIT, failWith } from './output.js';

const vouchBin = fileURLToPath(new URL('bin/vouch.js', packageRoot));

export async function verifyBundle(bundle: string, keep: boolean): Promise<number> {
  if (!existsSync(bundle)) failWith([diag('no-file', `no such bundle ${bundle}`, { hint: 'name the .tar.gz that `vouch bundle` wrote' })]);
  let entries: TarEntry[];
  try {
    entries = untarGz(readFileSync(bundle));
  } catch (e) {
    process.stdout.write(`✗ ${bundle} is not a readable evidence bundle: ${(e as Error).message}\n`);
    return EXIT.failed;
  }
  const manifest = readManifest(entries);
  if (typeof manifest === 'string') {
    process.stdout.write(`✗ ${manifest}\n`);
    return EXIT.failed;
  }
  process.stdout.write(`vouch verify: ${bundle}: run ${manifest.runId}, Vouch ${manifest.vouchVersion}, ${manifest.run.mode} run of ${manifest.run.startedAt}\n`);
  if (!filesIntact(manifest, entries)) return EXIT.failed;
  const root = mkdtempSync(join(tmpdir(), 'vouch-verify-'));
  try {
    unpack(root, entries);
    return await replayVerdicts(root, manifest);
  } finally {
    if (keep) process.stdout.write(`  kept: ${root}\n`);
    else rmSync(root, { recursive: true, force: true });
  }
}

function filesIntact(manifest: Manifest, entries: TarEntry[]): boolean {
  const problems = checkFiles(manifest, entries);
  for (const p of problems) process.stdout.write(`  ✗ ${p.problem}: ${p.path}\n`);
  if (problems.length) {
    process.stdout.write(`✗ ${problems.length} file(s) do not match the manifest; the evidence was changed after it was bundled (nothing replayed)\n`);
    return false;
  }
  process.stdout.write(`  ✓ ${manifest.files.length} files match their SHA-256 in manifest.json\n`);
  if (manifest.vouchVersion !== vouchVersion) process.stdout.write(`  note: bundled by Vouch ${manifest.vouchVersion}, replayed by Vouch ${vouchVersion}\n`);
  return true;
}

function unpack(root: string, entries: TarEntry[]): void {
  for (const e of entries) {
    const file = join(root, 'bundle', e.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, e.data);
  }
}

async function replayVerdicts(root: string, manifest: Manifest): Promise<number> {
  const dir = join(root, 'bundle');
  const recorded = JSON.parse(readFileSync(join(dir, manifest.run.results, 'summary.json'), 'utf8')) as RunSummary;
  if (recorded.runId !== manifest.runId) {
    process.stdout.write(`✗ summary.json is of run ${recorded.runId}, the manifest of run ${manifest.runId}\n`);
    return EXIT.failed;
  }
  const ids = recorded.scenarios.filter((s) => s.verdict !== 'not run').map((s) => s.id);
  if (ids.length === 0) {
    process.stdout.write('✓ no scenario ran in the recorded run; nothing to replay\n');
    return EXIT.ok;
  }
  const out = join(root, 'replay');
  const args = ['run', ...manifest.run.paths, '--mode', 'replay', '--cassettes', manifest.run.cassettes, '--output', out, '--quiet', '--grep', grepFor(ids)];
  if (manifest.run.kubernetesVersion) args.push('--kubernetes-version', manifest.run.kubernetesVersion);
  if (manifest.run.strictSchema) args.push('--strict');
  const run = await runVouch(args, dir);
  const summaryFile = join(out, 'summary.json');
  if (run.code === EXIT.usage || !existsSync(summaryFile)) {
    process.stdout.write(`✗ the bundled suites could not be replayed (vouch run exited ${run.code}):\n${run.stderr}`);
    return EXIT.failed;
  }
  return report(compareVerdicts(recorded, JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary));
}

function report(checks: ReturnType<typeof compareVerdicts>): number {
  for (const c of checks) {
    const line = c.ok ? `  ✓ ${c.id}: ${c.recorded}, replayed ${c.replayed}${c.detail ? ` (${c.detail})` : ''}` : `  ✗ ${c.id}: recorded ${c.recorded}, replayed ${c.replayed ?? 'not at all'}${c.detail ? ` (${c.detail})` : ''}`;
    process.stdout.write(`${line}\n`);
  }
  const bad = checks.filter((c) => !c.ok).length;
  if (bad) {
    process.stdout.write(`✗ ${bad} of ${checks.length} scenario verdict(s) do not replay\n`);
    return EXIT.failed;
  }
  process.stdout.write(`✓ verified: the files are intact and all ${checks.length} scenario verdict(s) replay offline\n`);
  return EXIT.ok;
}

/** The replay runs in its own process with no target in its environment: cassettes only, network refused. */
function runVouch(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^VOUCH_.*_URL$/.test(k) && k !== 'KUBECONFIG'));
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [vouchBin, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolveRun({ code: code ?? 1, stderr }));
  });
}
