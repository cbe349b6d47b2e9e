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

interface Page {
  lines: string[];
  sections: Section[];
  title?: string;
  api: string;
  source: string;
}

/** The section's JSON request body (for a method that sends one) and response example, and its documented status. */
function sectionFacts(page: Page, op: Found) {
  const section = sectionOf(page.sections, op.line);
  const blocks = jsonBlocks(section);
  const under = (re: RegExp) => (b: { block: CodeBlock }) => re.test(titleAbove(page.sections, b.block));
  const requestish = under(/request|body|payload|parameters/i);
  const responseish = under(/response|returns|result/i);
  const body = ['POST', 'PUT', 'PATCH'].includes(op.method) ? (blocks.find(requestish) ?? blocks.find((b) => !responseish(b))) : undefined;
  const answer = blocks.find(responseish) ?? blocks.find((b) => b !== body);
  const end = page.sections.find((s) => s.level <= (section?.level ?? 6) && s.line > (section?.line ?? 0))?.line ?? page.lines.length + 1;
  const status = STATUS.exec(page.lines.slice((section?.line ?? 1) - 1, end - 1).join('\n'))?.[1];
  return { section, body, answer, status };
}

function scenarioOf(page: Page, op: Found, slug: string): GeneratedScenario {
  const { section, body, answer, status } = sectionFacts(page, op);
  const params = [...op.path.matchAll(/\{([A-Za-z_]\w*)\}|:([A-Za-z_]\w*)/g)].map((m) => (m[1] ?? m[2])!);
  const path = op.path.replace(/\{([A-Za-z_]\w*)\}|:([A-Za-z_]\w*)/g, (_m, a: string | undefined, b: string | undefined) => `\${${a ?? b}}`);
  const file = answer ? `examples/${slug}-response.json` : undefined;
  const where = section?.title ?? `${op.method} ${op.path}`;
  const doc: Obj = {
    id: `${page.api}-${slug}`,
    title: where,
    api: page.api,
    operation: `${op.method} ${op.path}`,
    doc: { source: page.source, section: where },
    ...(params.length ? { vars: Object.fromEntries(params.map((p) => [p, 1])) } : {}),
    steps: [
      {
        name: `${op.method} ${op.path}`,
        request: { method: op.method, path, ...(body ? { json: body.value } : {}) },
        expect: { status: status ? Number(status) : 200, ...(file ? { example: { file } } : {}) },
      },
    ],
  };
  const comments: Record<string, string> = status ? {} : { 'steps.0.expect.status': ` ${page.source} names no status code for this operation: check it` };
  if (params.length) comments['vars'] = ' values your server holds';
  if (!file || !answer) return { slug, doc, comments };
  const provenance = {
    source: page.source,
    ...(page.title ? { title: page.title } : {}),
    section: section?.title ?? '',
    block: `code block ${answer.index} of ${section?.blocks.length ?? 0} (${answer.block.lang || 'text'}, line ${answer.block.line})`,
  };
  return { slug, doc, comments, example: { file, content: { provenance, example: answer.value } } };
}

export function markdownScenarios(text: string, api: string, source: string): { title?: string; scenarios: GeneratedScenario[] } {
  const lines = text.split(/\r?\n/);
  const page: Page = { lines, sections: findSections(text), title: docTitle(text), api, source };
  const used = new Set<string>();
  const scenarios = operationsIn(lines).map((op) => {
    let slug = slugify(`${op.method} ${op.path.replace(/[{}:]/g, '')}`);
    for (let n = 2; used.has(slug); n++) slug = `${slugify(op.method)}-${n}`;
    used.add(slug);
    return scenarioOf(page, op, slug);
  });
  return { title: page.title, scenarios };
}
