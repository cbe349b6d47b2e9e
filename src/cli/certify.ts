// `vouch certify`: the one command a vendor runs. It checks the suites against the pinned published digest and that
// every chosen scenario will run or has a declared reason not to, records the suites live, refuses to claim anything
// from a run with a broken, flaky or stale scenario, then writes the claim (reports/conformance.json and .html),
// links it from the Allure results, and packs the evidence bundle, signed with --sign.
import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { Diagnostic } from '../model/types.js';
import { diag, renderDiagnostics } from '../model/diagnostic.js';
import { readConfigFile, type ProductConfig } from '../config/file.js';
import { prepareRun } from '../runner/prepare.js';
import { addTargetVersions } from '../runner/target-version.js';
import { normalizeDigest } from '../claim/digest.js';
import type { Product } from '../claim/types.js';
import { loadPrivateKey } from '../signing/keys.js';
import { type BuilderArgs, defineCommand, sendFlags, suiteArgs } from './flags.js';
import { EXIT, failWith } from './output.js';
import { targetsWithKubeconfig } from './kubeconfig.js';
import { checkNumericFlags } from './run-flags.js';
import { lockOutput } from './output-lock.js';
import { runPlan } from './run-plan.js';
import { digestOf, findCatalogue, suiteFiles } from './suite-files.js';
import { staleCassettes, writeClaim } from './certify-claim.js';

const certifyBuilder = (y: Argv) =>
  sendFlags(suiteArgs(y, { paths: 'The suites to certify against (scenario files or folders)' }), {
    target: 'API=URL of your implementation (repeatable); also vouch.config.yaml or VOUCH_<API>_URL',
    config: 'Config file with product: (vendor, product, version, contact), options:, extended: (default ./vouch.config.yaml)',
    output: 'Folder for reports and the claim',
    cassettes: 'Cassette folder to record into (default cassettes/)',
  })
    .option('suites-digest', { type: 'string', describe: 'The digest of the suites your certifier published (sha256:...); no claim for other suites' })
    .option('sign', { type: 'string', describe: "Sign the claim and the bundle's manifest with this ed25519 private key (vouch keygen)" })
    .option('behaviours', { type: 'string', describe: 'The behaviour catalogue for coverage (default: behaviours.json of the suites)' })
    .option('out', { type: 'string', describe: 'The evidence bundle (default OUTPUT/vouch-certification-RUNID.tar.gz)' })
    .example(
      '$0 keygen --out acme && $0 certify --target kubernetes=https://k8s.acme.test --suites-digest sha256:... --sign acme.key',
      'Certify, sign, and print the command a reviewer runs',
    )
    .epilogue(
      'Exit codes: 0 claimed conformant or partial (only waived deviations); 1 claimed, not conformant (a scenario failed) or a waiver has expired; ' +
        '2 nothing claimed or sent: command line, config or suites wrong, the suites are not the pinned published ones, product metadata missing, or a scenario would not run and no declaration says why; ' +
        '3 nothing claimed after the run: a scenario was broken (not judged), passed only on a retry, or its cassette is missing or stale; 130 interrupted.',
    );

type CertifyArgs = BuilderArgs<typeof certifyBuilder>;

const PRODUCT_KEYS: (keyof Product)[] = ['vendor', 'product', 'version', 'contact'];

function productOf(p: ProductConfig | undefined, configShown: string): Product | Diagnostic {
  const missing = PRODUCT_KEYS.filter((k) => !p?.[k]);
  if (missing.length) {
    return diag('no-product', `${configShown} names no ${missing.join(', ')} under product:; a claim says who claims what`, {
      hint: 'add to vouch.config.yaml:\n  product: { vendor: "Example Corp", product: "Example Server", version: "1.2.3", contact: "conformance@example.com" }',
    });
  }
  return p as Product;
}

/** Refuses (exit 2, nothing sent) what makes a claim impossible before anything runs. */
function refuseEarly(problems: string[], what: string): never {
  process.stderr.write(`${renderDiagnostics(problems.map((p) => diag('certify-refused', p)))}\n`);
  process.stderr.write(`vouch certify: no claim: ${what}; nothing was sent\n`);
  process.exit(EXIT.usage);
}

async function certifyHandler(args: CertifyArgs): Promise<number> {
  const flagProblems = checkNumericFlags({
    timeout: args.timeout,
    workers: args.workers,
    retries: 0,
    scenarioTimeout: args['scenario-timeout'],
    maxResponseBytes: args['max-response-bytes'],
  });
  if (flagProblems.length) failWith(flagProblems);
  const cwd = process.cwd();
  const pinned = args['suites-digest'] === undefined ? undefined : normalizeDigest(args['suites-digest']);
  if (!pinned) {
    failWith([
      diag(
        'bad-flag',
        args['suites-digest'] === undefined
          ? 'vouch certify needs --suites-digest: the digest of the suites your certifier published'
          : `--suites-digest '${args['suites-digest']}' is not sha256:<64 hex digits>`,
        { hint: 'the certifier publishes it; `vouch digest suites` prints the digest of your copy' },
      ),
    ]);
  }
  const key = args.sign === undefined ? undefined : loadPrivateKey(resolve(args.sign));
  if (key && 'problem' in key) failWith([diag('bad-key', key.problem, { hint: 'make a key pair with `vouch keygen --out NAME`; sign with NAME.key' })]);
  if (key?.warning) process.stderr.write(`warning: ${key.warning}\n`);
  const configFile = args.config ? resolve(args.config) : join(cwd, 'vouch.config.yaml');
  const configShown = relative(cwd, configFile) || configFile;
  const file = readConfigFile(configFile, args.config !== undefined);
  if (file.diagnostics.length) failWith(file.diagnostics);
  const product = productOf(file.config.product, configShown);
  if ('code' in product) failWith([product]);
  const { targets, env } = await targetsWithKubeconfig(args.target, args.kubeconfig, args.context);
  const locked = lockOutput(resolve(args.output));
  if (locked) failWith([locked]);
  const prepared = prepareRun({
    paths: args.paths,
    config: args.config,
    targets,
    mode: 'record',
    tags: [],
    timeoutMs: args.timeout,
    scenarioTimeoutMs: args['scenario-timeout'],
    maxResponseBytes: args['max-response-bytes'],
    output: args.output,
    cassettes: args.cassettes,
    insecure: args.insecure,
    workers: args.workers,
    reporters: [],
    extraReporters: [],
    cwd,
    env,
    options: args.option,
    extended: args.extended,
    waivers: args.waivers,
  });
  if (!prepared.plan || !prepared.planFile) failWith(prepared.diagnostics);
  const plan = prepared.plan;
  const catalogue = findCatalogue(args.paths, cwd, args.behaviours);
  const suites = suiteFiles(plan.files, { cwd, projectRoot: plan.projectRoot, skip: [plan.config.outputDir, plan.config.cassetteDir], catalogue });
  if (suites.diagnostics.length) failWith(suites.diagnostics);
  const digest = digestOf(suites.files);
  const early: string[] = [];
  if (digest !== pinned)
    early.push(
      `the suites' digest is ${digest}, not the pinned published digest ${pinned}: these suites are not the published ones (a changed, added or removed file; \`vouch digest ${args.paths.join(' ')} --list\` lists what is hashed)`,
    );
  for (const [id, reason] of Object.entries(plan.notRun))
    if (!plan.notApplicable?.[id]) early.push(`${id} would not run, and no declaration says why: ${reason}`);
  if (early.length) refuseEarly(early, 'a claim needs the published suites, each scenario run or not applicable by a declaration');
  clearClaim(plan.config.outputDir);
  await addTargetVersions(plan, prepared.planFile, env);
  const run = await runPlan(plan, prepared.planFile, env, { workers: args.workers, quiet: args.quiet });
  if (run.interrupted) return EXIT.interrupted;
  if (!run.summary) return EXIT.broken;
  const stale = staleCassettes(plan, prepared.selected, run.summary);
  const written = writeClaim({
    plan,
    summary: run.summary,
    scenarios: suites.scenarios,
    suites: { digest, pinned, files: suites.files.length, paths: plan.files.map((f) => relative(cwd, f).split('\\').join('/')) },
    catalogue: suites.catalogue ? { abs: resolve(cwd, suites.catalogue), shown: suites.catalogue } : undefined,
    suiteFiles: suites.files,
    product,
    stale,
    key: key && !('problem' in key) ? key.key : undefined,
    bundleOut: args.out,
    cwd,
  });
  if ('refused' in written) {
    process.stdout.write(
      `\n${renderDiagnostics(written.refused.map((p) => diag('certify-refused', p)))}\nvouch certify: no claim: the run cannot support one (exit ${EXIT.broken})\n`,
    );
    return EXIT.broken;
  }
  const c = written.claim;
  const rel = (p: string) => relative(cwd, p) || p;
  process.stdout.write(
    [
      '',
      `vouch certify: ${c.product.vendor} ${c.product.product} ${c.product.version}: ${c.result.toUpperCase()}`,
      `  ${c.counts.passed} passed, ${c.counts.failed} failed, ${c.counts.waived} waived, ${c.counts['not applicable']} not applicable; ${c.coverage.counts.exercised} of ${c.coverage.counts.behaviours} documented behaviours exercised`,
      `  suites ${c.suites.digest} (= pinned)`,
      `  claim: ${rel(written.json)}, ${rel(written.html)} (the Allure results link to it)`,
      `  evidence: ${rel(written.bundle)} (sha256 ${written.bundleSha256})${written.keyid ? `, signed with ed25519 key ${written.keyid}` : ', not signed (--sign KEY signs it)'}`,
      `  a reviewer checks it with: vouch verify ${rel(written.bundle)} --key ${args.sign ? `${args.sign.replace(/\.key$/, '')}.pub` : 'VENDOR.pub'} --suites-digest ${pinned}`,
      '',
    ].join('\n'),
  );
  const expired = c.waivers.expired.length;
  if (expired) process.stdout.write(`vouch certify: ${expired} expired waiver(s) fail the run until renewed or removed\n`);
  return c.counts.failed > 0 || expired > 0 ? EXIT.failed : EXIT.ok;
}

/** A refused run must not leave an earlier claim in sight. */
function clearClaim(outputDir: string): void {
  for (const f of ['conformance.json', 'conformance.html']) rmSync(join(outputDir, f), { force: true });
}

export const certifyCommand = defineCommand({
  command: 'certify [paths..]',
  describe:
    'Record the suites against your implementation and write a conformance claim (reports/conformance.json, .html) and its evidence bundle, signed with --sign',
  builder: certifyBuilder,
  handler: async (args) => {
    process.exit(await certifyHandler(args));
  },
});
