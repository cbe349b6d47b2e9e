// Which files `vouch cassettes scan` reads, and how: every text file under the given paths but Vouch's own files
// that hold scenarios rather than anything a target sent (the parsed-scenario cache, a run's plan and its parsed
// parts), read line by line in bounded pieces so that a file of any size is scanned rather than skipped; JSON files
// are also parsed whole, up to a size, so that the redact paths of their bodies can be checked.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

const SKIP_DIRS = new Set(['node_modules', '.git']);

/** A run's plan (reports/.vouch/plan.json, specs/, scenarios/) and the parse cache (src/scenario/parse-cache.ts). */
const OWN_FILES = [/(^|\/)\.vouch\/(scenarios|specs)\//, /(^|\/)\.vouch\/plan\.json$/, /(^|\/)(\.cache\/vouch|vouch-cache-[^/]+)\/parsed\//];

export const isOwnFile = (file: string): boolean => OWN_FILES.some((re) => re.test(file.split(sep).join('/')));

function looksBinary(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8000);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}

function walk(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    if (!existsSync(p)) return [];
    const st = statSync(p);
    if (st.isDirectory())
      return walk(
        readdirSync(p)
          .sort()
          .filter((n) => !SKIP_DIRS.has(n))
          .map((n) => join(p, n)),
      );
    return st.isFile() && !looksBinary(p) ? [p] : [];
  });
}

/** Every text file under the paths (files or folders); missing paths are the caller's business. */
export function listFiles(paths: readonly string[]): string[] {
  return walk(paths);
}

export interface ListedFiles {
  files: string[];
  /** Vouch's own scenario files left out. */
  ownFiles: number;
}

export function listScanFiles(paths: readonly string[]): ListedFiles {
  const all = walk(paths);
  const files = all.filter((f) => !isOwnFile(f));
  return { files, ownFiles: all.length - files.length };
}

/** A JSON file this large is still parsed whole to check the redact paths of its bodies; a larger one is only read line by line. */
const JSON_PARSE_BYTES = 32 * 1024 * 1024;

/** A `.json` file's document, or an `.ndjson`/`.jsonl` file's (one a line), with the text; undefined for other or unreadable files. */
export function jsonDocuments(file: string): { text: string; docs: unknown[] } | undefined {
  if (!/\.(json|ndjson|jsonl)$/i.test(file) || statSync(file).size > JSON_PARSE_BYTES) return undefined;
  const text = readFileSync(file, 'utf8');
  const parse = (t: string): unknown[] => {
    try {
      return [JSON.parse(t) as unknown];
    } catch {
      return [];
    }
  };
  return { text, docs: file.toLowerCase().endsWith('.json') ? parse(text) : text.split('\n').flatMap(parse) };
}

const CHUNK_BYTES = 8 * 1024 * 1024;
/** A line longer than this is scanned in windows that overlap by OVERLAP characters (a minified file is one line). */
const WINDOW = 4 * 1024 * 1024;
const OVERLAP = 64 * 1024;

/** Calls `each` for every line of the file (1-based line numbers), or for windows of a very long line with their column offset. */
export function forEachLine(file: string, each: (line: string, n: number, colBase: number) => void): void {
  const fd = openSync(file, 'r');
  const decoder = new StringDecoder('utf8');
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let pending = '';
  let n = 1;
  let col = 0;
  const flushLines = () => {
    let start = 0;
    for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n', start)) {
      each(pending.slice(start, pending[i - 1] === '\r' ? i - 1 : i), n++, col);
      col = 0;
      start = i + 1;
    }
    pending = pending.slice(start);
    while (pending.length > WINDOW) {
      each(pending.slice(0, WINDOW), n, col);
      col += WINDOW - OVERLAP;
      pending = pending.slice(WINDOW - OVERLAP);
    }
  };
  try {
    for (let read = readSync(fd, buf, 0, CHUNK_BYTES, null); read > 0; read = readSync(fd, buf, 0, CHUNK_BYTES, null)) {
      pending += decoder.write(buf.subarray(0, read));
      flushLines();
    }
    pending += decoder.end();
    flushLines();
    each(pending, n, col);
  } finally {
    closeSync(fd);
  }
}
