// How commands end: diagnostics to stderr through the one renderer, and the exit codes of the Conventions.
import { renderDiagnostics } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/types.js';

/** 130 (128 + SIGINT) after a run the user interrupted, as shells and Playwright report it. */
export const EXIT = { ok: 0, failed: 1, usage: 2, broken: 3, interrupted: 130 } as const;

export function failWith(diagnostics: Diagnostic[], code: number = EXIT.usage): never {
  process.stderr.write(`${renderDiagnostics(diagnostics)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 1) process.stderr.write(`\n${errors} errors; nothing was sent.\n`);
  process.exit(code);
}
