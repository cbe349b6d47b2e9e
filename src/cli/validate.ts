// `vouch validate` and `vouch list`: load and check scenario files without sending anything.
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { displayPath } from '../model/diagnostic.js';
import { readConfigFile } from '../config/file.js';
import { loadScenarios, type LoadResult } from '../scenario/loader.js';
import { type BuilderArgs, defineCommand, suiteArgs } from './flags.js';
import { EXIT, failWith } from './output.js';

const paths = (y: Argv) =>
  suiteArgs(y).option('config', { alias: 'c', type: 'string', describe: 'Config file, for its limits: (default: ./vouch.config.yaml if present)' });

/** The scenarios, with the config's `limits.fileBytes` applied to every file they read. */
function load(args: BuilderArgs<typeof paths>): LoadResult {
  const file = args.config ? resolve(args.config) : join(process.cwd(), 'vouch.config.yaml');
  const cfg = readConfigFile(file, args.config !== undefined);
  if (cfg.diagnostics.length) failWith(cfg.diagnostics);
  return loadScenarios(args.paths, { maxFileBytes: cfg.config.limits?.fileBytes });
}

export const validateCommand = defineCommand({
  command: 'validate [paths..]',
  describe: 'Check scenario files against the scenario schema, variables and referenced files; sends nothing',
  builder: (y: Argv) =>
    paths(y)
      .example('$0 validate', 'Check every scenario under suites/')
      .example('$0 validate suites/kubernetes/pod-status.yaml', 'Check one file')
      .epilogue('Exit codes: 0 valid; 2 errors found (each with file:line:col and a hint).'),
  handler: (args) => {
    const r = load(args);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) failWith(r.diagnostics);
    process.stdout.write(`${r.scenarios.length} scenarios in ${r.files.length} files are valid\n`);
    process.exit(EXIT.ok);
  },
});

export const listCommand = defineCommand({
  command: 'list [paths..]',
  describe: 'List scenarios: id, title, tags, steps, source file',
  builder: (y: Argv) =>
    paths(y)
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
      .example('$0 list', 'The bundled scenarios')
      .example('$0 list --json suites/selfcommunity', 'As JSON'),
  handler: (args) => {
    const r = load(args);
    if (r.diagnostics.some((d) => d.severity === 'error')) failWith(r.diagnostics);
    const rows = r.scenarios.map((s) => ({
      id: s.id,
      title: s.title,
      api: s.api,
      operation: s.operation,
      tags: s.tags,
      steps: s.setup.length + s.steps.length + s.teardown.length,
      source: `${displayPath(s.file)}:${s.locations.get('')?.line ?? 1}`,
    }));
    if (args.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else {
      const w = Math.max(2, ...rows.map((x) => x.id.length));
      for (const x of rows)
        process.stdout.write(`${x.id.padEnd(w)}  ${x.title}\n${' '.repeat(w)}  api=${x.api} steps=${x.steps} tags=${x.tags.join(',') || '-'} ${x.source}\n`);
      process.stdout.write(`${rows.length} scenarios\n`);
    }
    process.exit(EXIT.ok);
  },
});
