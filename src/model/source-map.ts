// Where each node of a parsed YAML document was written, by JSON pointer, kept packed in one string: a run holds
// every selected scenario's map in the CLI, and as objects (one per node and key, with their pointer strings) they
// were most of its 227 MB of heap at 5,000 scenarios of 1.4 KB of YAML (52 MB packed; bench/README.md). Packed, a
// map is about 3 KB, travels through the parse cache and the plan as it is, and is decoded only when asked.
import type { SourceLocation } from './types.js';

/** A position in the map's file; `length` is how many characters the caret underlines, where known. */
export type Position = Omit<SourceLocation, 'file'>;

// One entry per line: how many characters its pointer shares with the previous entry's, the rest of the pointer
// (tab, newline and % escaped), the line, the column and the length (empty when unknown), separated by tabs.
const escapeText = (s: string): string => s.replace(/[%\t\n]/g, (c) => (c === '%' ? '%25' : c === '\t' ? '%09' : '%0A'));
const unescapeText = (s: string): string => (s.includes('%') ? s.replace(/%(25|09|0A)/g, (_m, c: string) => (c === '25' ? '%' : c === '09' ? '\t' : '\n')) : s);

/**
 * The last map decoded, as where each pointer's numbers start in the packed text: a worker runs one scenario at a
 * time and asks its map for each step, and only the positions asked for are made into objects.
 */
let decoded: { packed: string; index: Map<string, number> } | undefined;

export class SourceMap {
  /** `packed`: as made by `SourceMap.of` (or read back from its JSON). */
  constructor(
    readonly file: string,
    readonly packed = '',
  ) {}

  /** Pointers in any order; `pointer + '#key'` names the position of a key. */
  static of(file: string, entries: Iterable<readonly [string, Position]>): SourceMap {
    const lines: string[] = [];
    let prev = '';
    for (const [pointer, p] of entries) {
      let shared = 0;
      const max = Math.min(prev.length, pointer.length);
      while (shared < max && prev.charCodeAt(shared) === pointer.charCodeAt(shared)) shared++;
      lines.push(`${shared}\t${escapeText(pointer.slice(shared))}\t${p.line}\t${p.col}\t${p.length ?? ''}`);
      prev = pointer;
    }
    return new SourceMap(file, lines.join('\n'));
  }

  /** A map read back from JSON (the parse cache, the plan's scenario files); anything else is an empty map. */
  static from(json: unknown, fallbackFile = ''): SourceMap {
    if (json instanceof SourceMap) return json;
    const o = json as { file?: unknown; packed?: unknown } | null;
    const file = typeof o?.file === 'string' ? o.file : fallbackFile;
    return new SourceMap(file, typeof o?.packed === 'string' ? o.packed : '');
  }

  toJSON(): { file: string; packed: string } {
    return { file: this.file, packed: this.packed };
  }

  /** The position of exactly this pointer. */
  get(pointer: string): SourceLocation | undefined {
    const at = this.index().get(pointer);
    return at === undefined ? undefined : this.position(at);
  }

  /** The closest known location for a pointer: itself (its key first, with `preferKey`), or its nearest ancestor. */
  locate(pointer: string, preferKey = false): SourceLocation | undefined {
    const index = this.index();
    const key = preferKey ? index.get(`${pointer}#key`) : undefined;
    if (key !== undefined) return this.position(key);
    let p = pointer;
    for (;;) {
      const at = index.get(p);
      if (at !== undefined) return this.position(at);
      if (p === '') return undefined;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  /** Every pointer with its location, in the order the map was made. */
  *entries(): Generator<[string, SourceLocation]> {
    for (const [pointer, at] of this.index()) yield [pointer, this.position(at)];
  }

  get size(): number {
    return this.index().size;
  }

  /** The entry's line, column and length, which start at `at` in the packed text. */
  private position(at: number): SourceLocation {
    const t1 = this.packed.indexOf('\t', at);
    const t2 = this.packed.indexOf('\t', t1 + 1);
    let end = this.packed.indexOf('\n', t2 + 1);
    if (end < 0) end = this.packed.length;
    const line = Number(this.packed.slice(at, t1));
    const col = Number(this.packed.slice(t1 + 1, t2));
    return t2 + 1 < end ? { file: this.file, line, col, length: Number(this.packed.slice(t2 + 1, end)) } : { file: this.file, line, col };
  }

  private index(): Map<string, number> {
    if (decoded?.packed === this.packed) return decoded.index;
    const index = new Map<string, number>();
    const text = this.packed;
    let prev = '';
    for (let start = 0; start < text.length; ) {
      const t1 = text.indexOf('\t', start);
      const t2 = text.indexOf('\t', t1 + 1);
      const rest = text.slice(t1 + 1, t2);
      const pointer = prev.slice(0, Number(text.slice(start, t1))) + unescapeText(rest);
      index.set(pointer, t2 + 1);
      prev = pointer;
      const next = text.indexOf('\n', t2 + 1);
      start = next < 0 ? text.length : next + 1;
    }
    decoded = { packed: text, index };
    return index;
  }
}
