// Flag declarations several commands share: the suites a command reads (`[paths..]`, `--behaviours`) and the shape
// of a repeatable string flag (`--target A=URL --target B=URL`).
import type { Argv } from 'yargs';

/** What `suiteArgs` declares, with `--behaviours`. */
export interface SuiteArgs {
  paths: string[];
  behaviours?: string;
}

/** `[paths..]` (scenario files or folders, suites/ by default) and, when it is described, `--behaviours FILE`. */
export function suiteArgs(y: Argv, describe: { paths?: string; behaviours?: string } = {}): Argv {
  const withPaths = y.positional('paths', { type: 'string', array: true, default: ['suites'], describe: describe.paths ?? 'Scenario files or folders' });
  return describe.behaviours === undefined ? withPaths : withPaths.option('behaviours', { type: 'string', describe: describe.behaviours });
}

/** A string flag that may be given again and again (none: an empty list). */
export function repeatable(describe: string) {
  return { type: 'string', array: true, default: [] as string[], describe } as const;
}
