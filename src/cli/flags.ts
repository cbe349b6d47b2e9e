// Flag declarations several commands share: the suites a command reads (`[paths..]`, `--behaviours`) and the shape
// of a repeatable string flag (`--target A=URL --target B=URL`).
import type { Argv, CommandModule } from 'yargs';

/** What `suiteArgs` declares, with `--behaviours`. */
export interface SuiteArgs {
  paths: string[];
  behaviours?: string;
}

/** `[paths..]` (scenario files or folders, suites/ by default) and, when it is described, `--behaviours FILE`. */
export function suiteArgs<T>(y: Argv<T>, describe: { paths?: string; behaviours?: string } = {}): Argv<T & SuiteArgs> {
  const withPaths = y.positional('paths', { type: 'string', array: true, default: ['suites'], describe: describe.paths ?? 'Scenario files or folders' });
  return (describe.behaviours === undefined ? withPaths : withPaths.option('behaviours', { type: 'string', describe: describe.behaviours })) as Argv<
    T & SuiteArgs
  >;
}

/**
 * A string flag that may be given again and again, one value per flag (none: an empty list): what follows its value
 * is not swallowed, so `--target a=URL suites/x` keeps suites/x as the suites.
 */
export function repeatable(describe: string) {
  return { type: 'string', array: true, nargs: 1, default: [] as string[], describe } as const;
}

/** The arguments a builder declares (for a handler written as a function of its own). */
export type BuilderArgs<B extends (y: Argv) => Argv<unknown>> = B extends (y: Argv) => Argv<infer U> ? U : never;

/**
 * A command whose arguments are typed by its builder: the options it declares are the handler's arguments, with no
 * interface written beside them to keep in step.
 */
export function defineCommand<U>(
  module: Omit<CommandModule<object, U>, 'builder' | 'handler'> & { builder: (y: Argv) => Argv<U>; handler: CommandModule<object, U>['handler'] },
): CommandModule<object, U> {
  return module;
}

/** `--output`, the run's report folder, in every command that writes or reads one. */
export function outputFlag(describe: string) {
  return { alias: 'o', type: 'string', default: 'reports', describe } as const;
}

/**
 * The flags of the commands that send the suites to a target (`vouch run`, `vouch certify`), declared once; `words`
 * are the help texts that differ between the two.
 */
export function sendFlags<T>(y: Argv<T>, words: { target: string; config: string; output: string; cassettes: string }) {
  return (
    y
      // One value per flag (repeatable's nargs 1): `--tag pod suites/x` must leave suites/x a path, not take it as a second tag.
      .option('target', { alias: 't', ...repeatable(words.target) })
      .option('config', { alias: 'c', type: 'string', describe: words.config })
      .option('output', outputFlag(words.output))
      .option('cassettes', { type: 'string', describe: words.cassettes })
      .option('workers', { alias: 'j', type: 'number', describe: "Playwright workers (default: Playwright's)" })
      .option('timeout', { type: 'number', describe: 'Request timeout in ms (default 30000)' })
      .option('scenario-timeout', {
        type: 'number',
        describe: 'Hard limit on a whole scenario in ms; past it the scenario is broken (default: 10 request timeouts, at least 60000)',
      })
      .option('max-response-bytes', {
        type: 'number',
        describe: 'Largest response body read, in bytes, as received and decompressed (default 67108864); a larger one breaks its step',
      })
      .option('kubeconfig', {
        type: 'string',
        describe: 'Take the kubernetes target (server, token, certificates) from a kubeconfig ("" = $KUBECONFIG or ~/.kube/config)',
      })
      .option('context', { type: 'string', describe: 'kubeconfig context (default: its current context)' })
      .option('insecure', { type: 'boolean', default: false, describe: 'Skip TLS verification (test servers only)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only the summary' })
      .option(
        'option',
        repeatable(
          'Declare a deployment option the documents leave open, NAME=true|false (repeatable; also options: in vouch.config.yaml); a scenario that requires an option declared false is not applicable',
        ),
      )
      .option(
        'extended',
        repeatable(
          'Declare an extended feature the target supports (repeatable; also extended: in vouch.config.yaml); extended scenarios of undeclared features are not applicable',
        ),
      )
      .option('waivers', {
        type: 'string',
        describe: 'Known deviations (default: ./waivers.yaml when present); a failure that matches a waiver exactly is waived',
      })
  );
}
