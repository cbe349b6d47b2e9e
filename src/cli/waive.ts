// `vouch waive <scenario>`: writes a waivers.yaml entry from the last run's failure of that scenario, with its exact
// fingerprint (nobody types one), the reason, the ticket and the expiry date given. Comments in the file are kept.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { type BuilderArgs, defineCommand, outputFlag } from './flags.js';
import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { diag } from '../model/diagnostic.js';
import type { RunSummary } from '../report/summary.js';
import { isDay, readWaivers, WAIVERS_FILE } from '../waivers/file.js';
import { describeCheck, sameFingerprint } from '../waivers/fingerprint.js';
import { EXIT, failWith } from './output.js';

const waiveBuilder = (y: Argv) =>
  y
    .positional('scenario', { type: 'string', describe: 'The id of a scenario that failed in the last run' })
    .option('reason', { type: 'string', demandOption: true, describe: 'Why the deviation is accepted for now' })
    .option('ticket', { type: 'string', demandOption: true, describe: 'Where it is tracked (an issue id or URL)' })
    .option('expires', { type: 'string', describe: `The last day the waiver holds, YYYY-MM-DD (default: ${DEFAULT_DAYS} days from today)` })
    .option('waivers', { type: 'string', describe: `The waivers file (default ./${WAIVERS_FILE})` })
    .option('output', outputFlag("The last run's report folder"))
    .example(
      '$0 waive sc-status-update-no-categories --reason "categories optional until 2.4" --ticket ACME-142 --expires 2027-01-31',
      'Waive exactly this failure until the end of January',
    )
    .epilogue('Exit codes: 0 written; 2 no such failure in the last run, a bad date, or the failure is already waived.');

type WaiveArgs = BuilderArgs<typeof waiveBuilder>;

const DEFAULT_DAYS = 90;

const HEADER = `# Known deviations, each waived until it expires. An entry waives one scenario's exact failed checks (its
# fingerprint): a different failure of the same scenario is not waived, an expired entry fails the run, and an entry
# that matched nothing is reported. Write entries with \`vouch waive SCENARIO\` after a run where it failed.
`;

function handler(args: WaiveArgs): number {
  const cwd = process.cwd();
  const summaryFile = join(resolve(args.output), 'summary.json');
  if (!existsSync(summaryFile))
    failWith([
      diag('no-run', `there is no summary.json in ${args.output}`, {
        hint: 'run the suites first (vouch run or vouch certify), then waive a scenario that failed',
      }),
    ]);
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary;
  const s = summary.scenarios.find((x) => x.id === args.scenario);
  if (!s)
    failWith([
      diag('no-scenario', `scenario ${args.scenario} is not in the last run (${summary.runId})`, {
        hint: `the last run's failed scenarios: ${
          summary.scenarios
            .filter((x) => x.verdict === 'failed')
            .map((x) => x.id)
            .join(', ') || 'none'
        }`,
      }),
    ]);
  if (s.verdict === 'waived')
    failWith([
      diag('already-waived', `${s.id} is already waived (${s.waiver?.ticket ?? ''}, until ${s.waiver?.expires ?? ''})`, {
        hint: 'edit its entry in the waivers file to renew it',
      }),
    ]);
  if (s.verdict !== 'failed' || !s.fingerprint?.length)
    failWith([
      diag('not-failed', `${s.id} did not fail in the last run (it was ${s.verdict}); only a failure can be waived`, {
        hint: s.verdict === 'broken' ? 'a broken scenario was not judged: fix what broke it instead' : 'nothing to waive',
      }),
    ]);
  const expires = args.expires ?? new Date(Date.now() + DEFAULT_DAYS * 86_400_000).toISOString().slice(0, 10);
  if (!isDay(expires)) failWith([diag('bad-flag', `--expires ${expires} is not a day (YYYY-MM-DD)`, { hint: 'for example --expires 2027-03-31' })]);
  if (expires < new Date().toISOString().slice(0, 10))
    failWith([diag('bad-flag', `--expires ${expires} is in the past: the waiver would fail the run at once`, { hint: 'give a day to come' })]);
  const file = resolve(cwd, args.waivers ?? WAIVERS_FILE);
  const shown = relative(cwd, file) || file;
  const existing = readWaivers(file, shown, false);
  if (existing.diagnostics.length) failWith(existing.diagnostics);
  const twin = existing.waivers?.waivers.find((w) => w.scenario === s.id && sameFingerprint(w.fingerprint, s.fingerprint!));
  if (twin)
    failWith([
      diag('already-waived', `${shown} already waives this failure of ${s.id} (${twin.ticket}, until ${twin.expires})`, {
        location: twin.location,
        hint: 'edit that entry to renew it',
      }),
    ]);
  const entry = { scenario: s.id, reason: args.reason, ticket: args.ticket, expires, fingerprint: s.fingerprint };
  const doc = existsSync(file) ? parseDocument(readFileSync(file, 'utf8')) : parseDocument(`${HEADER}waivers: []\n`);
  if (!isMap(doc.contents)) doc.contents = doc.createNode({ waivers: [] }) as unknown as typeof doc.contents;
  let list = doc.get('waivers');
  if (!isSeq(list)) {
    list = new YAMLSeq();
    doc.set('waivers', list);
  }
  const seq = list as YAMLSeq;
  seq.flow = false;
  seq.add(doc.createNode(entry));
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
  process.stdout.write(
    `vouch waive: ${shown}: ${s.id} waived until ${expires} (${args.ticket}): ${args.reason}\n  only this failure (${s.fingerprint.length} failed check${s.fingerprint.length === 1 ? '' : 's'}):\n${s.fingerprint.map((f) => `    ${describeCheck(f)}`).join('\n')}\n`,
  );
  return EXIT.ok;
}

export const waiveCommand = defineCommand({
  command: 'waive <scenario>',
  describe: "Waive a scenario's failure in the last run: writes a waivers.yaml entry with its exact fingerprint, a reason, a ticket and an expiry date",
  builder: waiveBuilder,
  handler: (args) => process.exit(handler(args)),
});
