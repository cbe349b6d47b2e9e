// `vouch init --from page.md`: one scenario per operation a documentation page names (`GET /todos/{id}`, or a curl
// command), with the JSON request body and response example of its section (the example copied with its provenance,
// as `vouch import-example` does) and the status code the section documents.
import { docTitle, findSections, type CodeBlock, type Section } from '../examples/import.js';
import { repairJson } from '../examples/json-repair.js';
import { slugify, type GeneratedScenario, type Obj } from './scenarios.js';

const OPERATION = /\b(GET|POST|PUT|PATCH|DELETE)\s+(?:https?:\/\/[^\s/`'"]+)?(\/[\w\-./{}:]*)/;
const CURL = /\bcurl\b.*?-X\s*(GET|POST|PUT|PATCH|DELETE)\b.*?https?:\/\/[^\s/'"]+(\/[^\s'"?]*)/;
const STATUS = /(?:HTTP\/[\d.]+\s+|\b)([1-5]\d\d)\s+(?:OK|Created|Accepted|No Content)\b/i;

interface Found {
  method: string;
  path: string;
  line: number;
}

function operationsIn(lines: string[]): Found[] {
  const seen = new Map<string, Found>();
  lines.forEach((text, i) => {
    const m = CURL.exec(text) ?? OPERATION.exec(text);
    if (!m) return;
    const path = m[2]!.replace(/[.,:;]+$/, '');
    const key = `${m[1]} ${path}`;
    if (!seen.has(key)) seen.set(key, { method: m[1]!, path, line: i + 1 });
  });
  return [...seen.values()];
}

/** The heading an operation is written under, and the titles each of its code blocks sits under. */
function sectionOf(sections: Section[], line: number): Section | undefined {
  return sections.filter((s) => s.level <= 6 && s.line <= line).pop();
}

function titleAbove(sections: Section[], block: CodeBlock): string {
  return sections.filter((s) => s.line < block.line).pop()?.title ?? '';
}

function jsonBlocks(section: Section | undefined): { block: CodeBlock; value: unknown; index: number }[] {
  return (section?.blocks ?? []).flatMap((block, i) => {
    try {
      return [{ block, value: repairJson(block.text).value, index: i + 1 }];
    } catch {
      return [];
    }
  });
}

export function markdownScenarios(text: string, api: string, source: string): { title?: string; scenarios: GeneratedScenario[] } {
  const lines = text.split(/\r?\n/);
  const sections = findSections(text);
  const title = docTitle(text);
  const used = new Set<string>();
  const scenarios = operationsIn(lines).map((op) => {
    const section = sectionOf(sections, op.line);
    const blocks = jsonBlocks(section);
    const requestish = (b: { block: CodeBlock }) => /request|body|payload|parameters/i.test(titleAbove(sections, b.block));
    const responseish = (b: { block: CodeBlock }) => /response|returns|result/i.test(titleAbove(sections, b.block));
    const sends = ['POST', 'PUT', 'PATCH'].includes(op.method);
    const body = sends ? (blocks.find(requestish) ?? blocks.find((b) => !responseish(b))) : undefined;
    const answer = blocks.find(responseish) ?? blocks.find((b) => b !== body);
    const end = sections.find((s) => s.level <= (section?.level ?? 6) && s.line > (section?.line ?? 0))?.line ?? lines.length + 1;
    const status = STATUS.exec(lines.slice((section?.line ?? 1) - 1, end - 1).join('\n'))?.[1];
    let slug = slugify(`${op.method} ${op.path.replace(/[{}:]/g, '')}`);
    for (let n = 2; used.has(slug); n++) slug = `${slugify(op.method)}-${n}`;
    used.add(slug);
    const params = [...op.path.matchAll(/\{([A-Za-z_]\w*)\}|:([A-Za-z_]\w*)/g)].map((m) => (m[1] ?? m[2])!);
    const path = op.path.replace(/\{([A-Za-z_]\w*)\}|:([A-Za-z_]\w*)/g, (_m, a: string | undefined, b: string | undefined) => `\${${a ?? b}}`);
    const file = answer ? `examples/${slug}-response.json` : undefined;
    const expect: Obj = { status: status ? Number(status) : 200, ...(file ? { example: { file } } : {}) };
    const doc: Obj = {
      id: `${api}-${slug}`,
      title: section?.title ?? `${op.method} ${op.path}`,
      api,
      operation: `${op.method} ${op.path}`,
      doc: { source, section: section?.title ?? `${op.method} ${op.path}` },
      ...(params.length ? { vars: Object.fromEntries(params.map((p) => [p, 1])) } : {}),
      steps: [{ name: `${op.method} ${op.path}`, request: { method: op.method, path, ...(body ? { json: body.value } : {}) }, expect }],
    };
    const comments: Record<string, string> = status ? {} : { 'steps.0.expect.status': ` ${source} names no status code for this operation: check it` };
    if (params.length) comments['vars'] = ' values your server holds';
    const provenance = answer && { source, ...(title ? { title } : {}), section: section?.title ?? '', block: `code block ${answer.index} of ${section?.blocks.length ?? 0} (${answer.block.lang || 'text'}, line ${answer.block.line})` };
    return { slug, doc, comments, ...(file && answer ? { example: { file, content: { provenance, example: answer.value } } } : {}) };
  });
  return { title, scenarios };
}
