// `vouch init [--api NAME] [--from openapi.yaml|openapi.json|page.md]`: writes a working skeleton into the current
// folder (vouch.config.yaml, suites/<api>/ with scenarios, schemas/ and examples/, a README block with the next three
// commands) and prints that block. It never overwrites a file unless --force: it checks them all before writing one.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { type BuilderArgs, defineCommand } from './flags.js';
import { diag } from '../model/diagnostic.js';
import { planInit } from '../init/project.js';
import { DEFAULT_FILE_BYTES, readBoundedFile } from '../util/bounded-file.js';
import { EXIT, failWith } from './output.js';

const initBuilder = (y: Argv) =>
  y
    .option('api', {
      type: 'string',
      describe: "The API's name in scenarios, targets and variables (default: from the document's title, else this folder's name)",
    })
    .option('from', {
      type: 'string',
      describe:
        'An OpenAPI 3 document (YAML or JSON: one scenario per operation, with its documented codes, a schema reference and its examples) or a Markdown page',
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'Overwrite files that exist (without it, an existing file stops init before anything is written)',
    })
    .example('$0 init --from openapi.yaml', 'One scenario per documented operation')
    .example('$0 init --api todos', 'A one-scenario skeleton for the API todos')
    .epilogue('Exit codes: 0 written; 2 a file exists (without --force), or --from cannot be read.');

type InitArgs = BuilderArgs<typeof initBuilder>;

const schemaFile = fileURLToPath(new URL('../../schema/scenario.schema.json', import.meta.url));

function readFrom(file: string): { file: string; text: string } {
  const read = readBoundedFile(resolve(file), DEFAULT_FILE_BYTES);
  if (!read.ok)
    failWith([
      diag('init-from', `--from ${file}: ${read.problem === 'missing' ? 'no such file' : read.message}`, {
        hint: 'name an OpenAPI document (openapi.yaml, openapi.json) or a Markdown page of the API',
      }),
    ]);
  return { file, text: read.text };
}

function initHandler(args: InitArgs): number {
  const cwd = process.cwd();
  const plan = planInit({
    api: args.api,
    from: args.from ? readFrom(args.from) : undefined,
    folder: basename(cwd),
    schemaPath: relative(cwd, schemaFile),
    maxBytes: DEFAULT_FILE_BYTES,
  });
  if (typeof plan === 'string')
    failWith([
      diag('init-from', plan, { hint: 'give --from an OpenAPI 3 document (YAML or JSON) or a Markdown page, or leave --from out for a one-scenario skeleton' }),
    ]);
  const existing = plan.files.filter((f) => existsSync(join(cwd, f.path))).map((f) => f.path);
  if (existing.length && !args.force) {
    failWith([
      diag(
        'init-exists',
        `${existing.length} of the files vouch init writes exist already: ${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', ...' : ''}; nothing was written`,
        { hint: `choose another --api name, or pass --force to overwrite them` },
      ),
    ]);
  }
  for (const f of plan.files) {
    mkdirSync(dirname(join(cwd, f.path)), { recursive: true });
    writeFileSync(join(cwd, f.path), f.text);
  }
  const scenarios = plan.files.filter((f) => f.path.startsWith(`suites/${plan.api}/`) && f.path.endsWith('.yaml') && !f.path.includes('/schemas/')).length;
  process.stdout.write(
    `vouch init: wrote ${plan.files.length} files: vouch.config.yaml, ${scenarios} scenario(s) in suites/${plan.api}/, its schemas/, examples/ and README.md${existing.length ? ` (${existing.length} overwritten: --force)` : ''}\n`,
  );
  for (const n of plan.notes) process.stdout.write(`note: ${n}\n`);
  process.stdout.write(`\n${plan.readme}`);
  return EXIT.ok;
}

export const initCommand = defineCommand({
  command: 'init',
  describe:
    'Write a working skeleton for your own API: vouch.config.yaml, suites/<api>/ (one scenario per documented operation with --from), schemas/, examples/, and the next three commands',
  builder: initBuilder,
  handler: (args) => process.exit(initHandler(args)),
});
