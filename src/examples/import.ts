// Extracts a documented JSON example from a documentation page (Markdown, MDX, or the HTML-laced Markdown of the
// seeds) by section title and code block, tolerating what docs get wrong, and stamps it with its provenance.
import { repairJson, JsonRepairError } from './json-repair.js';

export interface CodeBlock {
  lang: string;
  text: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The MDX tab the block sits in (`<TabItem value="200">`), if any. */
  tab?: string;
}

export interface Section {
  title: string;
  line: number;
  /** 1-6 for headings; 7 for a bold label (`**Example response:**`), which ends at the next heading or label. */
  level: number;
  blocks: CodeBlock[];
}

export interface Provenance {
  source: string;
  title?: string;
  section: string;
  block: string;
  contentType?: string;
  repairs?: string[];
  importedAt?: string;
}

export interface ImportedExample {
  provenance: Provenance;
  example: unknown;
}

export interface ImportOptions {
  /** The section's title, or part of it (case-insensitive). */
  section: string;
  /** Which code block of the section, 1 = first; default: the first one that is JSON. */
  index?: number;
  /** The doc's file name, recorded as provenance. */
  source: string;
  importedAt?: string;
}

export class ImportError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const LABEL = /^\*\*([^*]+?)\*\*\s*:?\s*$/;
const FENCE = /^\s*(`{3,}|~{3,})\s*([^`\s]*)/;

export function cleanTitle(raw: string): string {
  return raw
    .replace(/<a\b[^>]*>\s*<\/a>/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/[*_`]/g, '')
    .replace(/\s*:\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The doc's title: front matter `title:` or the first `# heading`. */
export function docTitle(text: string): string | undefined {
  const fm = /^---\n[\s\S]*?^title:\s*(.+)$[\s\S]*?^---$/m.exec(text);
  if (fm) return fm[1]!.trim();
  const h = /^#\s+(.+)$/m.exec(text);
  return h ? cleanTitle(h[1]!) : undefined;
}

/** Every heading and bold label with the code blocks under it. MDX wrapper fences (`mdx-code-block`) are transparent. */
export function findSections(text: string): Section[] {
  const lines = text.split(/\r?\n/);
  const all: Section[] = [];
  let open: Section[] = [];
  const wrappers: string[] = [];
  let tab: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence && wrappers.length > 0 && line.trim() === wrappers[wrappers.length - 1]) {
      wrappers.pop();
      continue;
    }
    if (fence && fence[2] === 'mdx-code-block') {
      wrappers.push(fence[1]!);
      continue;
    }
    if (fence) {
      const end = closingFence(lines, i + 1, fence[1]!);
      const block: CodeBlock = { lang: fence[2] ?? '', text: lines.slice(i + 1, end).join('\n'), line: i + 1, ...(tab ? { tab } : {}) };
      for (const s of open) s.blocks.push(block);
      i = end;
      continue;
    }
    tab = /<\/TabItem>/.test(line) ? undefined : (/<TabItem\s+value=["']([^"']+)["']/.exec(line)?.[1] ?? tab);
    const s = sectionAt(line, i + 1);
    if (!s) continue;
    // A heading stays open until a heading of the same or a higher level; a bold label until the next heading or label.
    open = [...open.filter((o) => o.level < s.level && o.level !== LABEL_LEVEL), s];
    all.push(s);
  }
  return all;
}

const LABEL_LEVEL = 7;

function sectionAt(line: string, lineNo: number): Section | undefined {
  const h = HEADING.exec(line);
  if (h) return { title: cleanTitle(h[2]!), line: lineNo, level: h[1]!.length, blocks: [] };
  const l = LABEL.exec(line.trim());
  if (l) return { title: cleanTitle(l[1]!), line: lineNo, level: LABEL_LEVEL, blocks: [] };
  return undefined;
}

function closingFence(lines: string[], from: number, opener: string): number {
  for (let j = from; j < lines.length; j++) {
    const t = lines[j]!.trim();
    if (t[0] === opener[0] && t.length >= opener.length && /^(`+|~+)$/.test(t)) return j;
  }
  return lines.length;
}

const norm = (s: string): string => cleanTitle(s).toLowerCase();

export function findSection(sections: Section[], wanted: string): Section | undefined {
  const w = norm(wanted);
  return sections.find((s) => norm(s.title) === w) ?? sections.find((s) => norm(s.title).startsWith(w)) ?? sections.find((s) => norm(s.title).includes(w));
}

/** Extracts one example; throws ImportError saying what the doc does have when the section or block is not there. */
export function importExample(text: string, opts: ImportOptions): ImportedExample {
  const sections = findSections(text);
  const section = findSection(sections, opts.section);
  if (!section) {
    const titles = sections.filter((s) => s.blocks.length > 0).map((s) => `"${s.title}"`);
    throw new ImportError(`no section "${opts.section}" in ${opts.source}`, `sections with code blocks: ${titles.join(', ') || 'none'}`);
  }
  if (section.blocks.length === 0) throw new ImportError(`section "${section.title}" of ${opts.source} has no code block`);
  const { block, index, parsed } = pickBlock(section, opts);
  const contentType = section.blocks.map((b) => /^\s*Content-Type:\s*(\S+)/i.exec(b.text)?.[1]).find((x) => x !== undefined);
  const n = section.blocks.length;
  const provenance: Provenance = {
    source: opts.source,
    title: docTitle(text),
    section: section.title,
    block: `code block ${index} of ${n}${describe(block)}`,
    ...(contentType ? { contentType } : {}),
    ...(parsed.repairs.length ? { repairs: parsed.repairs } : {}),
    ...(opts.importedAt ? { importedAt: opts.importedAt } : {}),
  };
  return { provenance, example: parsed.value };
}

function describe(b: CodeBlock): string {
  const bits = [b.lang || undefined, b.tab ? `tab ${b.tab}` : undefined, `line ${b.line}`].filter(Boolean);
  return ` (${bits.join(', ')})`;
}

function pickBlock(section: Section, opts: ImportOptions): { block: CodeBlock; index: number; parsed: ReturnType<typeof repairJson> } {
  if (opts.index !== undefined) {
    const block = section.blocks[opts.index - 1];
    if (!block)
      throw new ImportError(`section "${section.title}" has ${section.blocks.length} code block(s), not ${opts.index}`, 'use --index 1 for the first');
    try {
      return { block, index: opts.index, parsed: repairJson(block.text) };
    } catch (e) {
      throw new ImportError(`code block ${opts.index} of "${section.title}" is ${(e as Error).message}: ${JSON.stringify(block.text.slice(0, 60))}`);
    }
  }
  for (const [i, block] of section.blocks.entries()) {
    try {
      return { block, index: i + 1, parsed: repairJson(block.text) };
    } catch (e) {
      if (!(e instanceof JsonRepairError)) throw e;
    }
  }
  throw new ImportError(`no code block of "${section.title}" is JSON`, 'pick one with --index N to see why it does not parse');
}
