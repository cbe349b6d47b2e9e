// `vouch bundle` packs a run's suites, cassettes and results into one evidence archive with a SHA-256 manifest;
// `vouch verify` (cli/verify.ts) checks it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Argv } from 'yargs';
import { type BuilderArgs, defineCommand, outputFlag } from './flags.js';
import { diag } from '../model/diagnostic.js';
import { planDir, type Plan } from '../results/plan.js';
import { cassettePath } from '../transport/cassette.js';
import { folderFiles, packBundle, sha256, type BundleFile } from '../evidence/bundle.js';
import type { RunSummary } from '../report/summary.js';
import { EXIT, failWith } from './output.js';
import { suiteFiles } from './suite-files.js';
import { writeFileAtomicSync } from '../util/atomic-write.js';

const bundleBuilder = (y: Argv) =>
  y
    .option('output', outputFlag("The run's report folder"))
    .option('out', { type: 'string', describe: 'The archive (default: OUTPUT/vouch-evidence-RUNID.tar.gz)' })
    .example('$0 run --mode record --target kubernetes=URL && $0 bundle', 'Record evidence, then pack it for a certifier')
    .example('$0 verify reports/vouch-evidence-r1a2b3.tar.gz', 'Check the hashes and replay the verdicts');

type BundleArgs = BuilderArgs<typeof bundleBuilder>;

export const bundleCommand = defineCommand({
  command: 'bundle',
  describe: "Pack the last run's suites, cassettes and results into one evidence archive (.tar.gz) with a SHA-256 manifest",
  builder: bundleBuilder,
  handler: (args) => process.exit(bundleHandler(args)),
});

function readJson<T>(file: string, what: string, hint: string): T {
  if (!existsSync(file)) failWith([diag('no-run', `there is no ${what} (${file})`, { hint })]);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function bundleHandler(args: BundleArgs): number {
  const output = resolve(args.output);
  const hint = `run the suites first (\`vouch run --output ${args.output}\`); record cassettes with --mode record to make the evidence replayable`;
  const plan = readJson<Plan>(join(planDir(output), 'plan.json'), 'run plan in the output folder', hint);
  const summary = readJson<RunSummary>(join(output, 'summary.json'), 'summary.json in the output folder', hint);
  if (summary.runId !== plan.runId)
    failWith([
      diag('run-mismatch', `summary.json is of run ${summary.runId} but the last plan is of run ${plan.runId}: the last run did not finish`, { hint }),
    ]);
  refuseWithoutEvidence(plan, summary, args.output);
  const suites = suiteFilesOf(plan);
  const cassettes = cassetteFiles(plan, summary);
  const results = resultFiles(output);
  const paths = plan.files.map((f) => toBundlePath(plan.cwd, f));
  const { archive, manifest } = packBundle([...suites, ...cassettes.files, ...results], {
    vouchVersion: plan.vouchVersion,
    runId: plan.runId,
    createdAt: new Date().toISOString(),
    run: {
      mode: summary.mode,
      startedAt: summary.startedAt,
      targets: summary.targets,
      counts: summary.counts,
      paths,
      cassettes: 'cassettes',
      results: 'results',
      kubernetesVersion: plan.config.kubernetesVersion,
      strictSchema: plan.config.strictSchema,
    },
  });
  const out = resolve(args.out ?? join(output, `vouch-evidence-${plan.runId}.tar.gz`));
  mkdirSync(dirname(out), { recursive: true });
  writeFileAtomicSync(out, archive);
  const rel = relative(process.cwd(), out) || out;
  process.stdout.write(
    `vouch: evidence bundle ${rel}: ${manifest.files.length} files (${suites.length} suite, ${cassettes.files.length} cassette, ${results.length} result), run ${plan.runId}\n`,
  );
  process.stdout.write(`  sha256 of the archive: ${sha256(archive)}\n  check it with: vouch verify ${rel}\n`);
  if (cassettes.missing.length) {
    process.stderr.write(
      `warning: ${cassettes.missing.length} scenario(s) have no cassette of this run (it neither replayed nor recorded one), so \`vouch verify\` replays them as broken: ${cassettes.missing.join(', ')}\nhint: record them with \`${recordRun(plan, summary, args.output)}\` before bundling\n`,
    );
  }
  return EXIT.ok;
}

function toBundlePath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  if (rel.startsWith('..') || rel === '' || resolve(cwd, rel) !== resolve(abs)) {
    failWith([
      diag('outside-project', `${abs} is outside the project folder ${cwd} and cannot be bundled`, { hint: 'keep suites inside the folder you run vouch in' }),
    ]);
  }
  return rel.split(sep).join('/');
}

/** Each scenario file, its folder's files when the folder is not the project root, and every file it refers to. */
function suiteFilesOf(plan: Plan): BundleFile[] {
  const set = suiteFiles(plan.files, { cwd: plan.cwd, projectRoot: plan.projectRoot, skip: [plan.config.outputDir, plan.config.cassetteDir] });
  if (set.diagnostics.length) failWith(set.diagnostics);
  return set.files;
}

/** The command that records the run the plan describes (its targets, as the summary names them, and its paths). */
function recordRun(plan: Plan, summary: RunSummary, output: string): string {
  const targets = Object.entries(summary.targets).map(([api, url]) => `--target ${api}=${url}`);
  const out = output === 'reports' ? [] : [`--output ${output}`];
  return ['vouch run --mode record', ...targets, ...out, ...(plan.paths ?? plan.files.map((f) => relative(plan.cwd, f)))].join(' ');
}

/** A live run recorded nothing to replay, and a --check run keeps its recordings only to compare them. */
function refuseWithoutEvidence(plan: Plan, summary: RunSummary, output: string): void {
  const hint = `record the run, then bundle it: ${recordRun(plan, summary, output)} && vouch bundle${output === 'reports' ? '' : ` --output ${output}`}`;
  if (summary.mode === 'live')
    failWith([diag('bundle-live-run', `the last run (${summary.runId}) was live: it recorded no cassette, so a bundle of it could not be replayed`, { hint })]);
  if (plan.config.check)
    failWith([diag('bundle-check-run', `the last run (${summary.runId}) was a --check run: its recordings are compared, never kept as evidence`, { hint })]);
}

const sha256Of = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * The cassettes this run replayed or wrote (each result names the cassette and its SHA-256), never another on disk:
 * not one an earlier run left for a scenario this run ran live or broke while recording. One changed since is refused.
 */
function cassetteFiles(plan: Plan, summary: RunSummary): { files: BundleFile[]; missing: string[] } {
  const files: BundleFile[] = [];
  const missing: string[] = [];
  for (const s of summary.scenarios.filter((x) => x.verdict !== 'not run')) {
    const file = s.cassette?.sha256 ? cassettePath(plan.config.cassetteDir, s.api, s.id) : undefined;
    if (!file) {
      missing.push(s.id);
      continue;
    }
    const path = `cassettes/${relative(plan.config.cassetteDir, file).split(sep).join('/')}`;
    if (!existsSync(file) || sha256Of(file) !== s.cassette!.sha256) {
      const used = summary.mode === 'replay' ? 'replayed' : summary.mode === 'record' ? 'recorded' : 'replayed or recorded';
      failWith([
        diag('bundle-cassette-changed', `${relative(plan.cwd, file) || file} changed since run ${summary.runId} ${used} it (re-recorded, edited or deleted)`, {
          hint: 'run again, then bundle that run: a bundle holds exactly the evidence of the run it describes',
        }),
      ]);
    }
    files.push({ from: file, path });
  }
  return { files, missing };
}

function resultFiles(output: string): BundleFile[] {
  const out: BundleFile[] = [];
  for (const name of ['summary.json', 'junit.xml']) if (existsSync(join(output, name))) out.push({ from: join(output, name), path: `results/${name}` });
  const allure = join(output, 'allure-results');
  if (existsSync(allure)) out.push(...folderFiles(allure, 'results/allure-results/'));
  return out;
}
