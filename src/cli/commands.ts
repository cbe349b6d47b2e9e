// Every `vouch` command, by name, each loaded only when it is the one being run: loading all of them (and what they
// import) cost every command about 0.3 s before it did anything. `vouch --help` and a mistyped command load all.
import type { CommandModule } from 'yargs';

type Loaded = CommandModule<object, never>;
const as = (c: unknown): Loaded => c as Loaded;

export const COMMANDS: Record<string, () => Promise<Loaded>> = {
  run: async () => as((await import('./run.js')).runCommand),
  validate: async () => as((await import('./validate.js')).validateCommand),
  list: async () => as((await import('./validate.js')).listCommand),
  init: async () => as((await import('./init.js')).initCommand),
  serve: async () => as((await import('./serve.js')).serveCommand),
  cassettes: async () => as((await import('./cassettes.js')).cassettesCommand),
  'import-example': async () => as((await import('./import-example.js')).importExampleCommand),
  report: async () => as((await import('./report.js')).reportCommand),
  'merge-junit': async () => as((await import('./report.js')).mergeJunitCommand),
  bundle: async () => as((await import('./bundle.js')).bundleCommand),
  verify: async () => as((await import('./verify.js')).verifyCommand),
  coverage: async () => as((await import('./coverage.js')).coverageCommand),
  certify: async () => as((await import('./certify.js')).certifyCommand),
  keygen: async () => as((await import('./keygen.js')).keygenCommand),
  waive: async () => as((await import('./waive.js')).waiveCommand),
  digest: async () => as((await import('./digest.js')).digestCommand),
};

/** The command the arguments name (the first word that is one), or undefined: then every command is loaded. */
export function namedCommand(args: string[]): string | undefined {
  const first = args.find((a) => !a.startsWith('-'));
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? first : undefined;
}

/** The command the arguments name, or all of them, in the order `vouch --help` lists them. */
export async function loadCommands(args: string[]): Promise<Loaded[]> {
  const named = namedCommand(args);
  return Promise.all((named ? [named] : Object.keys(COMMANDS)).map((name) => COMMANDS[name]!()));
}
