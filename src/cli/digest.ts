// `vouch digest [paths..]`: the suite digest a certifier publishes and a vendor pins (claim/digest.ts says how it is
// computed), with --list the files it covers, one `sha256  path` line each, as `sha256sum` prints them.
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { loadScenarios } from '../scenario/loader.js';
import { digestListing, suitesDigest } from '../claim/digest.js';
import { defineCommand, suiteArgs } from './flags.js';
import { EXIT, failWith } from './output.js';
import { findCatalogue, suiteFiles } from './suite-files.js';

export const digestCommand = defineCommand({
  command: 'digest [paths..]',
  describe: 'Print the suite digest (SHA-256 over the suites, every file they refer to and their behaviour catalogue) that vouch certify pins',
  builder: (y: Argv) =>
    suiteArgs(y, { behaviours: 'The behaviour catalogue (default: behaviours.json of the suites)' })
      .option('list', { type: 'boolean', default: false, describe: 'Also list each file as `sha256  path` (the digest is the SHA-256 of this listing)' })
      .example('$0 digest suites', 'The digest a certifier publishes for the bundled suites')
      .example('$0 digest suites --list | head -n -1 | sha256sum', 'The same digest with standard tools'),
  handler: (args) => {
    const cwd = process.cwd();
    const loaded = loadScenarios(args.paths, { cwd });
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) failWith(errors);
    const set = suiteFiles(loaded.files, { cwd, projectRoot: cwd, skip: ['reports', 'cassettes'], catalogue: findCatalogue(args.paths, cwd, args.behaviours) });
    if (set.diagnostics.length) failWith(set.diagnostics);
    const files = set.files.map((f) => ({ path: f.path, data: readFileSync(f.from) }));
    if (args.list) process.stdout.write(digestListing(files));
    process.stdout.write(`${suitesDigest(files)}\n`);
    process.exit(EXIT.ok);
  },
});
