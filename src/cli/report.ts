// `vouch report` (the Allure HTML report from allure-results, with history carried over; --open serves it) and
// `vouch merge-junit` (one JUnit file from the shards' files, for CI). Which folders `vouch report` reads and writes
// by default is the formats table's (report/formats.ts): the format that builds HTML says.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { diag } from '../model/diagnostic.js';
import { carryHistory, checkJava, checkResults, generateReport } from '../report/allure-generate.js';
import { htmlFormat } from '../report/formats.js';
import { mergeJunit } from '../report/junit-merge.js';
import { serveFolder } from '../report/static-server.js';
import { type BuilderArgs, defineCommand, outputFlag } from './flags.js';
import { EXIT, failWith } from './output.js';

const reportBuilder = (y: Argv) =>
  y
    .option('output', outputFlag("The run's report folder (holds allure-results/; the HTML goes to allure-report/)"))
    .option('results', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: "Allure results folders to combine (default: OUTPUT/allure-results); e.g. every CI shard's, as a shell glob gives them",
    })
    .option('report', { type: 'string', describe: 'Where the HTML goes (default: OUTPUT/allure-report); its history/ is carried into the new report' })
    .option('open', { type: 'boolean', default: false, describe: 'Serve the report over HTTP and print its URL (until Ctrl-C)' })
    .option('port', { type: 'number', default: 0, describe: 'Port for --open (default: any free port)' })
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address for --open' })
    .example('$0 report --open', 'Build reports/allure-report from reports/allure-results and open it')
    .example('$0 report --results reports/shard-*/allure-results', 'One report from several shards');

type ReportArgs = BuilderArgs<typeof reportBuilder>;

export const reportCommand = defineCommand({
  command: 'report',
  describe: "Build the Allure HTML report from the run's allure-results (needs Java); --open serves it",
  builder: reportBuilder,
  handler: async (args) => {
    const code = await reportHandler(args);
    if (code !== EXIT.ok || !args.open) process.exit(code);
  },
});

async function reportHandler(args: ReportArgs): Promise<number> {
  const output = resolve(args.output);
  const html = htmlFormat()?.html;
  const hint = "src/report/formats.ts lists the formats; Allure's builds the HTML";
  if (!html) failWith([diag('no-html', 'no report format of this build writes HTML', { hint })]);
  const results = args.results.length ? args.results.map((r) => resolve(r)) : [join(output, html.from)];
  const report = resolve(args.report ?? join(output, html.to));
  const missing = checkResults(results);
  if (missing.length) failWith(missing);
  const java = checkJava();
  if (java) failWith([java]);
  const carried = carryHistory(results, report);
  const res = await generateReport({ results, report });
  if (res.code !== 0) {
    process.stderr.write(res.output);
    failWith([
      diag('allure-failed', `allure generate ended with exit ${res.code}`, {
        hint: 'see its output above; check the results folders and the Java installation',
      }),
    ]);
  }
  const rel = relative(process.cwd(), report) || '.';
  process.stdout.write(
    `vouch: Allure report written to ${rel}/index.html from ${results.length} results folder(s)${carried ? ", with the previous report's history" : ''}\n`,
  );
  if (!args.open) process.stdout.write('  to look at it, add --open to this command (the page loads its data over HTTP, not from file://)\n');
  if (args.open) await serve(report, args.port, args.host);
  return EXIT.ok;
}

async function serve(report: string, port: number, host: string): Promise<void> {
  const s = await serveFolder(report, port, host).catch((e: Error) =>
    failWith([diag('bad-flag', `cannot serve on ${host}:${port}: ${e.message}`, { hint: 'choose another --port' })]),
  );
  process.stdout.write(`vouch: serving the Allure report at ${s.url} (Ctrl-C to stop)\n`);
  const stop = () => void s.close().then(() => process.exit(EXIT.ok));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export const mergeJunitCommand = defineCommand({
  command: 'merge-junit <files..>',
  describe: 'Merge JUnit XML files (e.g. one per CI shard) into one',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'JUnit XML files' })
      .option('out', { type: 'string', default: 'reports/junit.xml', describe: 'The merged file' })
      .example('$0 merge-junit reports/shard-*/junit.xml --out reports/junit.xml', 'One JUnit file for CI'),
  handler: (args) => {
    const missing = args.files.filter((f) => !existsSync(f));
    if (missing.length)
      failWith(missing.map((f) => diag('no-file', `no such file ${f}`, { hint: 'name JUnit files written by `vouch run` (OUTPUT/junit.xml)' })));
    const merged = mergeJunit(args.files.map((f) => ({ name: f, xml: readFileSync(f, 'utf8') })));
    if (merged.empty.length) failWith(merged.empty.map((f) => diag('bad-junit', `${f} holds no <testsuite>`, { hint: 'is it a JUnit XML file?' })));
    mkdirSync(dirname(resolve(args.out)), { recursive: true });
    writeFileSync(args.out, merged.xml);
    process.stdout.write(`vouch: ${merged.tests} testcases in ${merged.suites} testsuite(s) from ${args.files.length} file(s) -> ${args.out}\n`);
    process.exit(EXIT.ok);
  },
});
