// `vouch coverage [paths..]`: which documented behaviours (the suites' behaviour catalogue) the scenarios check,
// from their `covers:` metadata: as a table, as Markdown (the README's coverage table) or as JSON.
import type { Argv } from 'yargs';
import { diag } from '../model/diagnostic.js';
import { loadScenarios } from '../scenario/loader.js';
import { joinCoverage, readCatalogue } from '../coverage/catalogue.js';
import { countCoverage, coverageMarkdown, coverageText } from '../coverage/render.js';
import { defineCommand, suiteArgs } from './flags.js';
import { EXIT, failWith } from './output.js';
import { findCatalogue } from './suite-files.js';

export const coverageCommand = defineCommand({
  command: 'coverage [paths..]',
  describe: 'Which documented behaviours the scenarios check (their covers: ids against the behaviour catalogue)',
  builder: (y: Argv) =>
    suiteArgs(y, { behaviours: 'The behaviour catalogue (default: behaviours.json in the first folder, else suites/behaviours.json)' })
      .option('markdown', { type: 'boolean', default: false, describe: 'Print the table as Markdown (as in the README)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the rows and counts as JSON' })
      .example('$0 coverage', 'The bundled suites against suites/behaviours.json')
      .example('$0 coverage suites/kubernetes --markdown', 'A Markdown table of one API')
      .epilogue(
        'Exit codes: 0 every behaviour is covered or says why not; 1 a behaviour has no scenario and no reason; 2 the catalogue or the suites are wrong.',
      ),
  handler: (args) => {
    const file = findCatalogue(args.paths, process.cwd(), args.behaviours);
    if (!file)
      failWith([
        diag('no-behaviours', 'no behaviour catalogue (behaviours.json) for these suites', {
          hint: 'pass --behaviours FILE, or put behaviours.json beside the suites',
        }),
      ]);
    const cat = readCatalogue(file);
    if (!cat.catalogue) failWith(cat.diagnostics);
    const loaded = loadScenarios(args.paths);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) failWith(loaded.diagnostics);
    const joined = joinCoverage(cat.catalogue, loaded.scenarios);
    const problems = [...cat.diagnostics, ...joined.diagnostics];
    if (problems.length) failWith(problems);
    const counts = countCoverage(joined.rows);
    if (args.json)
      process.stdout.write(
        `${JSON.stringify({ catalogue: cat.catalogue.title, counts, rows: joined.rows.map((r) => ({ ...r.behaviour, scenarios: r.scenarios })) }, null, 2)}\n`,
      );
    else process.stdout.write(`${args.markdown ? coverageMarkdown(joined.rows) : coverageText(joined.rows)}\n`);
    process.exit(counts.unexplained > 0 ? EXIT.failed : EXIT.ok);
  },
});
