// Parses YAML documents keeping the position of every node, so any message can point at file:line:col.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Node, Document } from 'yaml';
import type { Diagnostic, SourceLocation } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { DEFAULT_FILE_BYTES, formatBytes } from '../util/bounded-file.js';
import { SourceMap, type Position } from '../model/source-map.js';

// The yaml package loads with the first file parsed: a worker, which gets its scenarios already parsed, reaches this
// module only for OpenAPI documents in YAML (scenario/schema-doc.ts), and most runs have none.
const require = createRequire(import.meta.url);
let yamlLib: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlLib ??= require('yaml') as typeof import('yaml'));

export interface ParsedDocument {
  value: unknown;
  index: number;
  hash: string;
  /** Position of each value, by JSON pointer; `pointer + '#key'` is the position of its key. */
  locations: SourceMap;
  /** Where the document starts. */
  start: SourceLocation;
}

export function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * `maxExpandedBytes`: the most a document may weigh once its aliases are expanded (as its JSON would): yaml's own
 * maxAliasCount counts aliases, not what each one repeats, and 99 aliases of an 80 KB list made an 8 MB file weigh
 * 800 MB in the plan and the parse cache (a RangeError and a stack trace).
 */
export function parseYamlFile(file: string, text: string, maxExpandedBytes = DEFAULT_FILE_BYTES): { docs: ParsedDocument[]; diagnostics: Diagnostic[] } {
  const { LineCounter, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  const parsed: ParsedDocument[] = [];
  const at = (offset: number, length?: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col, length };
  };
  list.forEach((doc, index) => {
    for (const err of doc.errors) {
      diagnostics.push(
        diag('yaml-syntax', `YAML syntax error: ${err.message.split('\n')[0]}`, {
          location: at(err.pos[0], Math.max(1, err.pos[1] - err.pos[0])),
          hint: 'fix the YAML syntax (indentation, quotes, a missing colon); an editor with the YAML language server shows it as you type',
        }),
      );
    }
    if (doc.errors.length > 0 || doc.contents === null) return;
    const range = (doc.contents as Node).range ?? [0, 0, 0];
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // yaml throws (a ReferenceError) when aliases expand without bound, the "billion laughs" shape.
      diagnostics.push(
        diag('yaml-aliases', `YAML aliases expand too much: ${(e as Error).message}`, {
          location: at(firstAlias(doc) ?? range[0]),
          hint: 'write the repeated values out, or use fewer nested aliases (*name)',
        }),
      );
      return;
    }
    const alias = firstAlias(doc);
    if (alias !== undefined && weighsMoreThan(value, maxExpandedBytes)) {
      diagnostics.push(
        diag('yaml-aliases', `YAML aliases expand this document to more than ${formatBytes(maxExpandedBytes)} (limits.fileBytes)`, {
          location: at(alias),
          hint: 'write the repeated values out, or use fewer aliases (*name) of large values',
        }),
      );
      return;
    }
    const positions = new Map<string, Position>();
    walk(doc.contents as Node, '', positions, (o, l) => ({ ...lineCounter.linePos(o), length: l }));
    const locations = SourceMap.of(file, positions);
    parsed.push({
      value,
      index,
      hash: createHash('sha256')
        .update(text.slice(rangeStart(doc), range[2]))
        .digest('hex'),
      locations,
      start: at(range[0]),
    });
  });
  return { docs: parsed, diagnostics };
}

/** Whether a value's JSON would exceed `max` bytes (roughly: string lengths, 8 per other value), counted without recursion. */
export function weighsMoreThan(value: unknown, max: number): boolean {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length + 2;
    else if (Array.isArray(v)) {
      total += 2 + v.length;
      for (const x of v) stack.push(x);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        total += k.length + 4;
        stack.push(x);
      }
    } else total += 8;
    if (total > max) return true;
  }
  return false;
}

/** Where the first alias (`*name`) of a document starts. */
function firstAlias(doc: Document.Parsed): number | undefined {
  const { visit } = yaml();
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

function rangeStart(doc: Document.Parsed): number {
  return doc.range[0];
}

function walk(node: Node, pointer: string, out: Map<string, Position>, at: (o: number, l?: number) => Position): void {
  if (node.range) {
    const start = at(node.range[0]);
    const end = at(node.range[1]);
    // The caret underlines the whole node when it sits on one line (a scalar or a flow collection).
    out.set(pointer, { line: start.line, col: start.col, length: end.line === start.line ? Math.max(1, end.col - start.col) : undefined });
  }
  const { isMap, isPair, isScalar, isSeq } = yaml();
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const child = `${pointer}/${escapePointer(key)}`;
      const kr = pair.key.range;
      if (kr) out.set(`${child}#key`, at(kr[0], kr[1] - kr[0]));
      if (pair.value && typeof pair.value === 'object' && 'range' in pair.value) walk(pair.value as Node, child, out, at);
      else if (kr) out.set(child, at(kr[0], kr[1] - kr[0]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (item && typeof item === 'object' && 'range' in item) walk(item as Node, `${pointer}/${i}`, out, at);
    });
  }
}

/** `/steps/1/expect/status` -> `steps[1].expect.status` */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}
