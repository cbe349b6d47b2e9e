// `vouch run`: prepares the plan, then runs it on Playwright Test (a child process running Playwright's own CLI),
// and exits with the verdict's code computed from reports/summary.json.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { Scenario } from '../model/types.js';
import { prepareRun } from '../runner/prepare.js';
import { interruptFile } from '../results/plan.js';
import { exitCodeOf, unjudged, type RunSummary } from '../report/summary.js';
import { SUMMARY_FILE } from '../report/summary-format.js';
import { diag } from '../model/diagnostic.js';
import { type BuilderArgs, defineCommand, repeatable, sendFlags, suiteArgs } from './flags.js';
import { EXIT, failWith } from './output.js';
import { targetsWithKubeconfig } from './kubeconfig.js';
import { checkNumericFlags, resolveReporters } from './run-flags.js';
import { startWaitingRunner, takeEarlyRunner, type WaitingRunner } from './early-runner.js';
import { lockOutput } from './output-lock.js';
import { rmSync, writeFileSync } from 'node:fs';
import { checkRecordings } from '../evidence/drift-check.js';
import { addTargetVersions } from '../runner/target-version.js';

const runBuilder = (y: Argv) =>
  sendFlags(suiteArgs(y), {
    target: 'API=URL: run that API live (repeatable: one API=URL per flag)',
    config: 'Config file (default: ./vouch.config.yaml if present)',
    output: 'Folder for reports',
    cassettes: 'Cassette folder (default: cassettes/)',
  })
    .option('mode', { alias: 'm', choices: ['live', 'record', 'replay', 'auto'] as const, describe: 'Default: replay without a target, live with one' })
    .option('grep', { alias: 'g', type: 'string', describe: 'Only scenarios whose "ID: TITLE @tags" matches this regular expression' })
    .option('tag', { ...repeatable('Only scenarios with one of these tags (repeatable, one per flag, or comma-separated)') })
    .option('shard', { type: 'string', describe: 'Run shard i of n, e.g. 1/3 (Playwright --shard)' })
    .option('retries', { type: 'number', default: 0, describe: 'Retries of a failed scenario; a pass on retry is reported flaky' })
    .option('fail-on-flaky', { type: 'boolean', default: false, describe: 'Exit 1 when a scenario passed only on retry' })
    .option('reporter', {
      ...repeatable('Extra Playwright reporters (list, dot, line, json, html, junit, ...; repeatable, one per flag); files they write go under --output'),
    })
    .option('check', {
      type: 'boolean',
      default: false,
      describe: 'With --mode record: record into a temporary folder and report drift from the stored cassettes',
    })
    .option('strict', { type: 'boolean', default: false, describe: 'Unknown fields in Kubernetes objects fail instead of warning' })
    .option('strict-cassettes', {
      type: 'boolean',
      default: false,
      describe: 'A stale cassette (its scenario changed since it was recorded) makes the scenario broken (exit 3) instead of replaying with a note',
    })
    .option('kubernetes-version', { type: 'string', describe: 'Kubernetes schema version for kubernetes: schemas' })
    .option('allow-empty', {
      type: 'boolean',
      default: false,
      describe: 'Accept a run that judges nothing (every scenario `not run`: no target for its API) with exit 0 instead of 2',
    })
    .example('$0 run', 'Replay the bundled suites from cassettes/, write reports/')
    .example('$0 run --target kubernetes=http://127.0.0.1:8080 --target selfcommunity=http://127.0.0.1:8080', 'Run live against `vouch serve`')
    .example('$0 run suites/kubernetes --tag pod --workers 2', 'Only the pod scenarios, two workers')
    .example('$0 run --mode record --target kubernetes=URL', 'Record cassettes from a live server')
    .epilogue(
      'Exit codes: 0 all passed (or waived, or not applicable); 1 a scenario failed, or a waiver has expired; 2 suites, config or command line are wrong, a target names no API of the suites, nothing would be judged (every scenario not run: no target for its API; --allow-empty accepts that), an option or feature is declared that no scenario uses, or another run holds the output folder (nothing sent); 3 none failed but one was broken (transport error, missing cassette, a stale cassette under --strict-cassettes); 130 interrupted (the first Ctrl-C lets running steps and their teardown finish, a second stops at once).',
    );

type RunArgs = BuilderArgs<typeof runBuilder>;

export const runCommand = defineCommand({
  command: 'run [paths..]',
  describe: 'Run scenarios: replay the bundled cassettes, or live against a target',
  builder: runBuilder,
  handler: async (args) => {
    process.exit(await runHandler(args));
  },
});

async function runHandler(args: RunArgs): Promise<number> {
  const reporters = resolveReporters(args.reporter, process.cwd());
  const flagProblems = [
    ...checkNumericFlags({ ...args, scenarioTimeout: args['scenario-timeout'], maxResponseBytes: args['max-response-bytes'] }),
    ...reporters.diagnostics,
  ];
  if (flagProblems.length) failWith(flagProblems);
  const { targets, env } = await targetsWithKubeconfig(args.target, args.kubeconfig, args.context);
  const shard = parseShard(args.shard);
  // Before the plan is written: the plan, the results and the reports all live in the output folder.
  const locked = lockOutput(resolve(args.output));
  if (locked) failWith([locked]);
  // Playwright's runner was started by bin/vouch.js before anything else (early-runner.ts), and loads Playwright
  // while the plan is prepared; it reads its config once told to go. Without one (main()
  // called without bin/vouch.js), it starts here.
  let waiting: WaitingRunner | undefined = takeEarlyRunner() ?? startWaitingRunner(process.env);
  waiting.started.setInterruptFile(interruptFile(resolve(args.output)));
  // However this process ends before the runner is told to go (a refused suite exits here), the runner goes too.
  const callOff = () => {
    waiting?.callOff();
    waiting = undefined;
  };
  process.on('exit', callOff);
  const prepared = prepareRun({
    paths: args.paths,
    config: args.config,
    targets,
    mode: args.mode,
    grep: args.grep,
    tags: args.tag.flatMap((t) => t.split(',')).filter(Boolean),
    timeoutMs: args.timeout,
    scenarioTimeoutMs: args['scenario-timeout'],
    maxResponseBytes: args['max-response-bytes'],
    output: args.output,
    cassettes: args.cassettes,
    check: args.check,
    strictCassettes: args['strict-cassettes'],
    strictSchema: args.strict || undefined,
    kubernetesVersion: args['kubernetes-version'],
    insecure: args.insecure,
    workers: args.workers,
    shardTotal: shard?.total,
    reporters: [],
    extraReporters: reporters.reporters,
    options: args.option,
    extended: args.extended,
    waivers: args.waivers,
    cwd: process.cwd(),
    env,
    allowEmpty: args['allow-empty'],
  });
  if (!prepared.plan || !prepared.planFile) failWith(prepared.diagnostics);
  const plan = prepared.plan;
  await addTargetVersions(plan, prepared.planFile, env);
  const ca = Object.values(plan.config.targets).find((t) => t.tls.ca)?.tls.ca;
  if (waiting?.started.interrupted()) {
    callOff();
    process.stderr.write(`vouch: interrupted before any scenario ran; exit ${EXIT.interrupted}\n`);
    return EXIT.interrupted;
  }
  if (plan.config.check) rmSync(checkDir(plan.config.outputDir), { recursive: true, force: true });
  const summaryFile = join(plan.config.outputDir, SUMMARY_FILE);
  const before = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : undefined;
  // A CA for the targets must be in the runner's environment when it starts: then the early runner gives way.
  if (ca || !waiting) {
    callOff();
    waiting = startWaitingRunner({ ...process.env, ...(ca ? { NODE_EXTRA_CA_CERTS: ca } : {}) });
  }
  const started = waiting.started;
  started.setInterruptFile(interruptFile(plan.config.outputDir));
  // What the command line says goes with the go: the runner started before it was read.
  const added = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && process.env[e[0]] !== e[1]));
  waiting.go({
    plan: prepared.planFile,
    retries: args.retries,
    ...(args.workers !== undefined ? { workers: args.workers } : {}),
    ...(shard ? { shard } : {}),
    env: { ...added, ...(args.quiet ? { VOUCH_QUIET: '1' } : {}) },
  });
  waiting = undefined;
  process.off('exit', callOff);
  const pw = await started.done;
  const after = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : undefined;
  if (!after || after === before) {
    process.stderr.write(`vouch: Playwright ended (exit ${pw.code}) without writing ${summaryFile}; the run could not be judged\n`);
    return pw.interrupted ? EXIT.interrupted : EXIT.broken;
  }
  if (pw.interrupted) {
    process.stderr.write(`vouch: the run was interrupted: scenarios it did not finish are broken; exit ${EXIT.interrupted}\n`);
    return EXIT.interrupted;
  }
  const summary = JSON.parse(after) as RunSummary;
  const missing = unjudged(plan.selected, summary);
  if (missing.length) {
    const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, +${missing.length - 5} more` : '');
    process.stderr.write(
      `vouch: ${missing.length} of ${plan.selected.length} planned scenarios got no verdict (${shown}): Playwright did not run them (exit ${pw.code}); the run could not be judged\n`,
    );
    return EXIT.broken;
  }
  const code = exitCodeOf(summary.counts, args['fail-on-flaky'], summary.waivers?.expired.length ?? 0);
  return plan.config.check ? reportDrift(plan.config.cassetteDir, checkDir(plan.config.outputDir), plan.config.outputDir, code, prepared.selected) : code;
}

function checkDir(outputDir: string): string {
  return join(outputDir, '.vouch', 'check-cassettes');
}

/** `--check`: the fresh recordings against the stored cassettes, field by field; drift makes an otherwise clean run exit 1. */
function reportDrift(cassetteDir: string, recordDir: string, outputDir: string, code: number, scenarios: Scenario[]): number {
  const report = checkRecordings(cassetteDir, recordDir, scenarios);
  process.stdout.write(`\nvouch --check: live answers against the stored cassettes\n${report.text}\n`);
  writeFileSync(join(outputDir, 'check.json'), `${JSON.stringify(report.scenarios, null, 2)}\n`);
  return code === EXIT.ok && report.drifted > 0 ? EXIT.failed : code;
}

function parseShard(s: string | undefined): { current: number; total: number } | undefined {
  if (s === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]))
    failWith([diag('bad-flag', `--shard '${s}' is not i/n with 1 <= i <= n`, { hint: 'for example --shard 1/3' })]);
  return { current: Number(m[1]), total: Number(m[2]) };
}
