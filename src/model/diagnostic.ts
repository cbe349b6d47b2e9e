// Building and rendering Diagnostics: one renderer for every message a user sees, Hurl/rustc style.
import { relative } from 'node:path';
import { readBoundedFile } from '../util/bounded-file.js';
import type { Diagnostic, SourceLocation } from './types.js';

export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('; '));
    this.name = 'DiagnosticError';
  }
}

export function diag(
  code: string,
  message: string,
  extra: { location?: SourceLocation; hint?: string; path?: string; severity?: Diagnostic['severity'] } = {},
): Diagnostic {
  return { code, severity: extra.severity ?? 'error', message, location: extra.location, hint: extra.hint, path: extra.path };
}

const sourceCache = new Map<string, string[] | null>();

/** Past this, a message shows no source line (the file was refused for its size anyway). */
const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

function sourceLines(file: string): string[] | null {
  if (!sourceCache.has(file)) {
    // Only a regular file, and a bounded one: a message about a FIFO or a device must not hang reading it.
    const read = readBoundedFile(file, MAX_SOURCE_BYTES);
    sourceCache.set(file, read.ok ? read.text.split(/\r?\n/) : null);
  }
  return sourceCache.get(file) ?? null;
}

export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function formatLocation(loc: SourceLocation, cwd?: string): string {
  return `${displayPath(loc.file, cwd)}:${loc.line}:${loc.col}`;
}

/** `FILE:LINE:COL: error[CODE]: message`, the source line with a caret, then `hint: ...`. */
export function renderDiagnostic(d: Diagnostic, cwd?: string): string {
  const where = d.location ? `${formatLocation(d.location, cwd)}: ` : '';
  const out = [`${where}${d.severity}[${d.code}]: ${d.message}`];
  const loc = d.location;
  const lines = loc ? sourceLines(loc.file) : null;
  if (loc && lines && loc.line >= 1 && loc.line <= lines.length) {
    const text = lines[loc.line - 1] ?? '';
    const gutter = String(loc.line);
    const pad = ' '.repeat(gutter.length);
    const width = Math.max(1, Math.min(loc.length ?? caretWidth(text, loc.col), text.length - loc.col + 1));
    out.push(`${pad} |`, `${gutter} | ${text}`, `${pad} | ${' '.repeat(Math.max(0, loc.col - 1))}${'^'.repeat(width)}`);
  }
  if (d.hint) out.push(`hint: ${d.hint}`);
  return out.join('\n');
}

function caretWidth(text: string, col: number): number {
  const rest = text.slice(col - 1);
  const m = /^("[^"]*"|'[^']*'|[^\s#,]+(?:\s+[^\s#:,]+)*)/.exec(rest);
  return m ? m[0].length : 1;
}

export function renderDiagnostics(ds: Diagnostic[], cwd?: string): string {
  return ds.map((d) => renderDiagnostic(d, cwd)).join('\n\n');
}
