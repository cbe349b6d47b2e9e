// Checks `vouch run`'s numeric and reporter flags before anything starts: a typo is exit 2 with a hint, not a
// Playwright stack trace (`--workers 0`, `--reporter nosuch`) or a run with a nonsense timeout (`--timeout -5`).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Diagnostic } from '../model/types.js';
import { diag } from '../model/diagnostic.js';

/** Playwright's own reporters, by name (others are module names or paths). */
export const PLAYWRIGHT_REPORTERS = ['list', 'line', 'dot', 'failures', 'json', 'junit', 'null', 'github', 'html', 'blob'];

export interface NumericFlags {
  timeout?: number;
  workers?: number;
  retries: number;
  scenarioTimeout?: number;
  maxResponseBytes?: number;
}

function wholeNumber(name: string, value: number | undefined, min: number, what: string, example: string): Diagnostic[] {
  if (value === undefined || (Number.isInteger(value) && value >= min)) return [];
  // yargs turns `--timeout abc` into NaN: the text the user typed is gone, so say only what is expected.
  const got = Number.isNaN(value) ? 'not a number' : String(value);
  return [diag('bad-flag', `--${name} must be ${what} (got ${got})`, { hint: `for example --${name} ${example}` })];
}

export function checkNumericFlags(f: NumericFlags): Diagnostic[] {
  return [
    ...wholeNumber('timeout', f.timeout, 1, 'a positive whole number of milliseconds', '30000'),
    ...wholeNumber('workers', f.workers, 1, 'a positive whole number', '2'),
    ...wholeNumber('retries', f.retries, 0, 'zero or a positive whole number', '1'),
    ...wholeNumber('scenario-timeout', f.scenarioTimeout, 1, 'a positive whole number of milliseconds', '120000'),
    ...wholeNumber('max-response-bytes', f.maxResponseBytes, 1, 'a positive whole number of bytes', '67108864'),
  ];
}

/**
 * `--reporter` values (repeatable, or comma-separated as Playwright takes them): Playwright's reporters by name,
 * anything else resolved from the working folder now, since Playwright would resolve it from Vouch's own folder.
 */
export function resolveReporters(values: string[], cwd: string): { reporters: string[]; diagnostics: Diagnostic[] } {
  const resolveFrom = createRequire(join(cwd, 'noop.js'));
  const reporters: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)) {
    if (PLAYWRIGHT_REPORTERS.includes(name)) {
      reporters.push(name);
      continue;
    }
    try {
      reporters.push(resolveFrom.resolve(name));
    } catch {
      diagnostics.push(
        diag('bad-reporter', `--reporter '${name}' is neither a Playwright reporter nor a module found from ${cwd}`, {
          hint: `use one of ${PLAYWRIGHT_REPORTERS.join(', ')}, or a path to a reporter module (./my-reporter.mjs)`,
        }),
      );
    }
  }
  return { reporters, diagnostics };
}
