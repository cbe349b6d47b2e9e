// Every `vouch` command, by name, each loaded only when it is the one being run: loading all of them (and what they
// import) cost every command about 0.3 s before it did anything. `vouch --help` and a mistyped command load all.
import type { CommandModule } from 'yargs';

type Loaded = CommandModule<object, never>;
const as = (c: unknown): Loaded => c as Loaded;

/** Each command, in the order `vouch --help` lists them, and the module (./<module>.js) that exports it as `<camelCaseName>Command`. */
const MODULE_OF: Record<string, string> = {
  run: 'run',
  validate: 'validate',
  list: 'validate',
  init: 'init',
  serve: 'serve',
  cassettes: 'cassettes',
  'import-example': 'import-example',
  report: 'report',
  'merge-junit': 'report',
  bundle: 'bundle',
  verify: 'verify',
  coverage: 'coverage',
  certify: 'certify',
  keygen: 'keygen',
  waive: 'waive',
  digest: 'digest',
};

/** `merge-junit` -> `mergeJunitCommand`. */
export function exportName(command: string): string {
  return `${command.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Command`;
}

export const COMMANDS: Record<string, () => Promise<Loaded>> = Object.fromEntries(
  Object.entries(MODULE_OF).map(([name, module]) => [name, async () => as((await import(`./${module}.js`))[exportName(name)])]),
);

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
