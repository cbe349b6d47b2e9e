// `vouch verify <bundle>`: a vendor's bundle is hostile input. Read within size limits, every entry name canonical,
// the manifest checked, every file against its SHA-256, the recorded summary against the bundled suites; then the
// bundled scenarios replayed offline by a replay Vouch builds itself (cli/verify-replay.ts), each verdict compared.
// Whatever the bundle says is printed with its control characters shown, never acting on the terminal.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { defineCommand } from './flags.js';
import { diag, renderDiagnostic } from '../model/diagnostic.js';
import type { Manifest } from '../evidence/bundle.js';
import { checkManifest } from '../evidence/manifest-check.js';
import { bundledSuiteFiles, compareSuites } from '../evidence/suites-compare.js';
import { TarError, untarGz, type TarEntry } from '../evidence/tar.js';
import { checkFiles, checkRecorded, compareVerdicts, parseSummary, type BundledScenario, type VerdictCheck } from '../evidence/bundle-verify.js';
import { loadScenarios } from '../scenario/loader.js';
import { cassettePath } from '../transport/cassette.js';
import { printable } from '../util/printable.js';
import { vouchVersion } from '../util/version.js';
import { EXIT, failWith } from './output.js';
import { replayBundle } from './verify-replay.js';
import { checkCertification, rederive, type Certified } from './verify-claim.js';
import { loadPublicKey } from '../signing/keys.js';
import { normalizeDigest } from '../claim/digest.js';
import type { KeyObject } from 'node:crypto';

export interface VerifyOptions {
  bundle: string;
  keep: boolean;
  /** The certifier's own copy of the project the suites come from, compared byte for byte. */
  suites?: string;
  timeLimitS: number;
  maxSizeMb: number;
  maxFiles: number;
  /** The vendor's public key (--key): the bundle must be signed with its private half. */
  key?: KeyObject;
  keyFile?: string;
  /** The certifier's published suite digest (--suites-digest). */
  suitesDigest?: string;
}

const MB = 1024 * 1024;

/** One line of output; what came from the bundle in it cannot act on the terminal. */
const say = (line: string): void => void process.stdout.write(`${printable(line)}\n`);

/** A named refusal (a Diagnostic, each of its lines printable) and the verdict line; exit 1. */
function refuse(code: string, message: string, verdict = 'the bundle was refused; nothing in it was run'): number {
  const [first = '', ...rest] = message.split('\n').map(printable);
  process.stdout.write(`${renderDiagnostic(diag(code, [first, ...rest.map((l) => `  ${l}`)].join('\n')))}\n`);
  say(`✗ not verified: ${verdict}`);
  return EXIT.failed;
}

function readBundle(o: VerifyOptions): Buffer | number {
  if (!existsSync(o.bundle)) failWith([diag('no-file', `no such bundle ${o.bundle}`, { hint: 'name the .tar.gz that `vouch bundle` wrote' })]);
  const st = statSync(o.bundle);
  if (!st.isFile()) failWith([diag('no-file', `${o.bundle} is not a regular file`, { hint: 'name the .tar.gz that `vouch bundle` wrote' })]);
  if (st.size > o.maxSizeMb * MB) return refuse('bundle-size', `${o.bundle} is larger than ${o.maxSizeMb} MB (--max-size)`);
  return readFileSync(o.bundle);
}

function readEntries(o: VerifyOptions, gz: Buffer): TarEntry[] | number {
  try {
    return untarGz(gz, { maxBytes: Math.floor(o.maxSizeMb * MB), maxEntries: o.maxFiles });
  } catch (e) {
    if (!(e instanceof TarError)) throw e;
    if (e.kind === 'too-big') return refuse('bundle-size', `${o.bundle} unpacks to more than ${o.maxSizeMb} MB (--max-size)`);
    if (e.kind === 'too-many') return refuse('bundle-size', `${o.bundle} holds more than ${o.maxFiles} files (--max-files)`);
    if (e.kind === 'entry') return refuse('bundle-entry', `${o.bundle}: ${e.message}`);
    say(`✗ ${o.bundle} is not a readable evidence bundle: ${e.message}`);
    return EXIT.failed;
  }
}

export async function verifyBundle(o: VerifyOptions): Promise<number> {
  const gz = readBundle(o);
  if (typeof gz === 'number') return gz;
  const entries = readEntries(o, gz);
  if (typeof entries === 'number') return entries;
  const manifest = checkManifest(entries);
  if (Array.isArray(manifest)) return refuse('bundle-manifest', manifest.join('\n'));
  say(`vouch verify: ${o.bundle}: run ${manifest.runId}, Vouch ${manifest.vouchVersion}, ${manifest.run.mode} run of ${manifest.run.startedAt}`);
  if (!filesIntact(manifest, entries)) return EXIT.failed;
  const certified = checkCertification(entries, manifest, { key: o.key, keyFile: o.keyFile, suitesDigest: o.suitesDigest });
  if ('problems' in certified) return refuse(certified.code, certified.problems.join('\n'));
  for (const line of certified.said) say(line);
  // The bundle's suites are parsed here and in the replay: never into the certifier's parse cache.
  process.env['VOUCH_CACHE_DIR'] = 'off';
  const root = mkdtempSync(join(tmpdir(), 'vouch-verify-'));
  try {
    unpack(join(root, 'bundle'), entries);
    return await verifyUnpacked(o, manifest, entries, root, certified);
  } finally {
    if (o.keep) say(`  kept: ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

function filesIntact(manifest: Manifest, entries: TarEntry[]): boolean {
  const problems = checkFiles(manifest, entries);
  for (const p of problems) say(`  ✗ ${p.problem}: ${p.path}`);
  if (problems.length) {
    say(`✗ ${problems.length} file(s) do not match the manifest; the evidence was changed after it was bundled (nothing replayed)`);
    return false;
  }
  say(`  ✓ ${manifest.files.length} files match their SHA-256 in manifest.json`);
  if (manifest.vouchVersion !== vouchVersion) say(`  note: bundled by Vouch ${manifest.vouchVersion}, replayed by Vouch ${vouchVersion}`);
  return true;
}

/** Entry names are canonical and unique (evidence/tar.ts), so each lands on its own file under `dir`. */
function unpack(dir: string, entries: TarEntry[]): void {
  for (const e of entries) {
    const file = join(dir, e.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, e.data, { flag: 'wx' });
  }
}

async function verifyUnpacked(o: VerifyOptions, manifest: Manifest, entries: TarEntry[], root: string, certified: Certified): Promise<number> {
  const dir = join(root, 'bundle');
  const recorded = parseSummary(readFileSync(join(dir, manifest.run.results, 'summary.json'), 'utf8'));
  if (typeof recorded === 'string') return refuse('bundle-summary', recorded);
  const bundled = bundledScenarios(dir, manifest);
  if (typeof bundled === 'string') return refuse('bundle-suites', bundled);
  const lies = checkRecorded(manifest, recorded, bundled);
  if (lies.length) return refuse('bundle-verdicts', `summary.json does not agree with the bundle:\n${lies.join('\n')}`);
  const suitesMatch = o.suites === undefined ? undefined : reportSuites(entries, manifest, o.suites);
  const cert = manifest.run.certification;
  const replay = await replayBundle({
    dir,
    paths: manifest.run.paths,
    cassettes: manifest.run.cassettes,
    kubernetesVersion: manifest.run.kubernetesVersion,
    strictSchema: manifest.run.strictSchema,
    out: join(root, 'replay'),
    timeLimitMs: o.timeLimitS * 1000,
    ...(cert ? { declared: cert.declared, waivers: cert.waivers, waiversAsOf: cert.waiversAsOf } : {}),
  });
  if ('problem' in replay) {
    const code = refuse(replay.code, replay.problem, 'the recorded verdicts could not be replayed');
    return replay.interrupted ? EXIT.interrupted : code;
  }
  const withCassette = new Set([...bundled].filter(([, b]) => b.cassette).map(([id]) => id));
  const checks = compareVerdicts(recorded, replay.summary, withCassette);
  const claimDiffs = certified.claim
    ? rederive(dir, manifest, certified.claim, recorded, replay.summary, certified.digest, bundledSuiteCount(entries, manifest))
    : undefined;
  return report(checks, suitesMatch, o, certified, claimDiffs);
}

function bundledSuiteCount(entries: TarEntry[], manifest: Manifest): number {
  return bundledSuiteFiles(entries, manifest).length;
}

/** The scenarios in the manifest's paths, each with its API and whether its cassette is in the bundle. */
function bundledScenarios(dir: string, manifest: Manifest): Map<string, BundledScenario> | string {
  const loaded = loadScenarios(manifest.run.paths, { cwd: dir, projectRoot: dir });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length)
    return `the bundled suites do not load:\n${errors
      .slice(0, 5)
      .map((d) => renderDiagnostic(d, dir))
      .join('\n')}`;
  const cassettes = join(dir, manifest.run.cassettes);
  return new Map(
    loaded.scenarios.map((s) => [s.id, { api: s.api, cassette: existsSync(cassettePath(cassettes, s.api, s.id)), requires: s.requires, extended: s.extended }]),
  );
}

function reportSuites(entries: TarEntry[], manifest: Manifest, copy: string): boolean {
  const diffs = compareSuites(entries, manifest, copy);
  for (const d of diffs) say(`  ✗ ${d.problem}: ${d.path}`);
  if (diffs.length) say(`✗ the bundled suites differ from your copy in ${copy}: ${diffs.length} file(s)`);
  else say(`  ✓ the bundled suites are byte for byte your copy in ${copy}`);
  return diffs.length === 0;
}

function report(checks: VerdictCheck[], suitesMatch: boolean | undefined, o: VerifyOptions, certified: Certified, claimDiffs: string[] | undefined): number {
  for (const c of checks) say(checkLine(c));
  const compared = checks.filter((c) => !c.skipped);
  const bad = compared.filter((c) => !c.ok).length;
  if (bad) say(`✗ ${bad} of ${compared.length} scenario verdict(s) do not replay`);
  if (claimDiffs?.length) {
    for (const d of claimDiffs) say(`  ✗ conformance.json ${d}`);
    say(
      `✗ the claim does not follow from the evidence: ${claimDiffs.length}${claimDiffs.length >= 25 ? '+' : ''} difference(s) between what it states and what the replay derives`,
    );
  } else if (claimDiffs)
    say(
      '  ✓ the claim follows from the evidence: every verdict, waiver, option, coverage figure and variation note derived again from the replay is the one it states',
    );
  if (bad || suitesMatch === false || claimDiffs?.length) return EXIT.failed;
  say(
    `✓ verified: the files are intact and all ${compared.length} scenario verdict(s) replay offline${certified.claim ? `; the claim (${certified.claim.result}) is derived again exactly` : ''}`,
  );
  const pinned = o.suitesDigest !== undefined || suitesMatch === true;
  if (certified.keyid) {
    say(`  what this proves: the holder of the key ${certified.keyid} signed this claim and this evidence, unchanged since; its verdicts`);
    say(
      `  follow from its cassettes${pinned ? " with the certifier's suites" : ''}. Not proved: that the cassettes came from the product named (the vendor recorded them).`,
    );
  } else {
    say('  what this proves: the bundle is self-consistent (its files match its manifest, its verdicts replay from its cassettes with');
    say(
      `  its suites); not who made it nor which server produced the cassettes: ${certified.claim ? 'its signature was not checked (pass --key VENDOR.pub)' : 'this bundle is not signed (vouch certify --sign makes signed ones)'}`,
    );
  }
  if (!pinned)
    say(`  hint: check that the suites are the certifier's: vouch verify ${o.bundle} --suites-digest sha256:... (the published digest), or --suites DIR`);
  return EXIT.ok;
}

function checkLine(c: VerdictCheck): string {
  const detail = c.detail ? ` (${c.detail.split('\n')[0]})` : '';
  if (c.skipped) return `  - ${c.id}: not run${detail}; nothing to replay`;
  if (c.ok) return `  ✓ ${c.id}: ${c.recorded}, replayed ${c.replayed}${detail}`;
  return `  ✗ ${c.id}: recorded ${c.recorded}, replayed ${c.replayed ?? 'not at all'}${detail}`;
}

export const verifyCommand = defineCommand({
  command: 'verify <bundle>',
  describe:
    'Check an evidence bundle: its signature (--key), every SHA-256, the suites (--suites-digest, --suites), then replay every scenario offline and derive each recorded verdict and the claim again',
  builder: (y: Argv) =>
    y
      .positional('bundle', {
        type: 'string',
        demandOption: true,
        describe: 'The .tar.gz written by `vouch bundle` (treated as untrusted: nothing in it becomes an option, a reporter or a config)',
      })
      .option('suites', {
        type: 'string',
        describe: 'Your copy of the project the suites come from: every bundled suite file is compared with DIR/<its path>, byte for byte',
      })
      .option('suites-digest', { type: 'string', describe: 'The published suite digest (sha256:...): the bundled suites must hash to it (vouch digest)' })
      .option('key', { type: 'string', describe: "The vendor's ed25519 public key (PEM): the bundle must carry a claim signed with it (vouch certify --sign)" })
      .option('time-limit', { type: 'number', default: 600, describe: 'Seconds the replay may take; past them it is stopped and the bundle is not verified' })
      .option('max-size', { type: 'number', default: 500, describe: 'MB the archive, and its unpacked contents, may take' })
      .option('max-files', { type: 'number', default: 50_000, describe: 'Files the archive may hold' })
      .option('keep', { type: 'boolean', default: false, describe: "Keep the unpacked bundle and the replay's reports (their folder is printed)" })
      .example('$0 verify vouch-evidence-r1a2b3.tar.gz --suites ~/src/vouch', "Check a vendor's bundle, and that its suites are yours")
      .example(
        '$0 verify vouch-certification-r1a2b3.tar.gz --key acme.pub --suites-digest sha256:...',
        "Check a signed claim: signature, hashes, the certifier's suites, every verdict, waiver and coverage figure derived again",
      )
      .epilogue(
        'Exit codes: 0 verified; 1 not verified (a file changed, the bundle refused, a signature that does not verify with --key, suites that differ, a verdict that does not replay, a claim that does not follow from the evidence); 2 the command line is wrong. The replay runs offline, with no token and no variable of your environment but PATH, HOME, the locale and the temporary folder; ${env.NAME} in a bundled scenario reads as <env.NAME>.',
      ),
  handler: async (args) => {
    const bad = (['time-limit', 'max-size', 'max-files'] as const).filter((k) => !(Number.isFinite(args[k]) && args[k] > 0));
    if (bad.length)
      failWith(
        bad.map((k) =>
          diag('bad-flag', `--${k} must be a positive number (got ${String(args[k])})`, {
            hint: `for example --${k} ${k === 'max-files' ? 50000 : k === 'max-size' ? 500 : 600}`,
          }),
        ),
      );
    const key = args.key === undefined ? undefined : loadPublicKey(args.key);
    if (key && 'problem' in key) failWith([diag('bad-key', key.problem, { hint: "give --key the vendor's public key (NAME.pub, written by vouch keygen)" })]);
    const suitesDigest = args['suites-digest'] === undefined ? undefined : normalizeDigest(args['suites-digest']);
    if (args['suites-digest'] !== undefined && !suitesDigest)
      failWith([
        diag('bad-flag', `--suites-digest '${args['suites-digest']}' is not sha256:<64 hex digits>`, {
          hint: 'the certifier publishes it; `vouch digest suites` prints the digest of a copy',
        }),
      ]);
    process.exit(
      await verifyBundle({
        bundle: args.bundle,
        keep: args.keep,
        suites: args.suites,
        timeLimitS: args['time-limit'],
        maxSizeMb: args['max-size'],
        maxFiles: args['max-files'],
        key: key?.key,
        keyFile: args.key,
        suitesDigest,
      }),
    );
  },
});
