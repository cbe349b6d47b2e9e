// `vouch import-example <doc> --section "Example response" [--index N] [--out FILE]`: copies a documented JSON
// example out of a doc page into a provenance-stamped example file that suites compare responses with.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ArgumentsCamelCase, CommandModule } from 'yargs';
import { diag, renderDiagnostic } from '../model/diagnostic.js';
import { importExample, ImportError, type ImportedExample } from '../examples/import.js';

export interface ImportExampleArgs {
  doc: string;
  section: string;
  index?: number;
  out?: string;
  date: boolean;
}

export interface ImportOutcome {
  exitCode: 0 | 2;
  /** What to print: the example (no --out), a one-line confirmation, or a rendered diagnostic. */
  output: string;
  example?: ImportedExample;
}

/** The command without yargs or process state, so tests and other commands can call it. */
export function runImportExample(args: ImportExampleArgs, now: Date = new Date()): ImportOutcome {
  let text: string;
  try {
    text = readFileSync(args.doc, 'utf8');
  } catch (e) {
    return fail('no-such-doc', `cannot read ${args.doc}: ${(e as Error).message}`, 'give the path of a Markdown or text documentation page');
  }
  let example: ImportedExample;
  try {
    example = importExample(text, {
      section: args.section,
      index: args.index,
      source: basename(args.doc),
      importedAt: args.date ? now.toISOString().slice(0, 10) : undefined,
    });
  } catch (e) {
    if (e instanceof ImportError) return fail('import-example', e.message, e.hint);
    throw e;
  }
  const json = `${JSON.stringify(example, null, 2)}\n`;
  if (!args.out) return { exitCode: 0, output: json, example };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, json);
  const p = example.provenance;
  return {
    exitCode: 0,
    output: `wrote ${args.out} from ${p.source}, section "${p.section}", ${p.block}${p.repairs ? `; repaired: ${p.repairs.join(', ')}` : ''}`,
    example,
  };
}

function fail(code: string, message: string, hint?: string): ImportOutcome {
  return { exitCode: 2, output: renderDiagnostic(diag(code, message, { hint })) };
}

export const importExampleCommand: CommandModule<object, ImportExampleArgs> = {
  command: 'import-example <doc>',
  describe: 'Copy a documented JSON example out of a doc page into an example file with its provenance',
  builder: (y) =>
    y.positional('doc', { type: 'string', demandOption: true, describe: 'the documentation page (Markdown, MDX or text)' }).options({
      section: { type: 'string', demandOption: true, describe: 'the section title, e.g. "Example response" (case-insensitive, may be partial)' },
      index: { type: 'number', describe: 'which code block of the section, 1 = first (default: the first that is JSON)' },
      out: { type: 'string', describe: 'the example file to write (default: print it)' },
      date: { type: 'boolean', default: true, describe: 'record the import date in the provenance (--no-date to leave it out)' },
    }),
  handler(argv: ArgumentsCamelCase<ImportExampleArgs>) {
    const r = runImportExample(argv);
    (r.exitCode === 0 ? process.stdout : process.stderr).write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
    process.exitCode = r.exitCode;
  },
};
