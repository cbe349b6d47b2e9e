// One scenario per documented operation of an OpenAPI document, for `vouch init --from`: the request (path parameters
// from a fixture the scenario creates with the collection's POST, else from the document's example), its documented
// success codes, a schema reference into the copied document, the response's example when it has one, and a teardown
// that deletes what the scenario created. Scenarios are data here; scenario-yaml.ts writes them.
import { escapeRegex } from '../util/regex.js';
import { deref, type OpenApiDoc, type Operation, type Response } from './openapi.js';
import { propertiesOf } from './samples.js';

export interface InitContext {
  api: string;
  /** The copied document, relative to the suite folder (schemas/openapi.yaml). */
  schemaFile: string;
  /** The document's file name, for `doc:` and the examples' provenance. */
  source: string;
  /** The environment variable of an API key sent in a header. */
  keyEnv?: string;
}

export type Obj = Record<string, unknown>;

export interface GeneratedScenario {
  slug: string;
  doc: Obj;
  /** Comments, by the key path they go above (`steps.0.expect.status`). */
  comments: Record<string, string>;
  /** A documented response example, written to examples/<slug>-<code>.json. */
  example?: { file: string; content: Obj };
}

export const slugify = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'operation';

/** `todo-id` becomes `todo_id`: a parameter's name as a scenario variable. */
const varName = (p: string): string => p.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1');

const success = (op: Operation): Response[] => {
  const ok = op.responses.filter((r) => /^2\d\d$/.test(r.code));
  return ok.length ? ok : op.responses.filter((r) => /^[13]\d\d$/.test(r.code));
};

function statusOf(op: Operation): number | number[] {
  const codes = success(op).map((r) => Number(r.code));
  if (codes.length === 0) return 200;
  return codes.length === 1 ? codes[0]! : codes;
}

function headers(op: Operation, ctx: InitContext): Obj | undefined {
  return op.security.kind === 'apiKey' && op.security.in === 'header' && ctx.keyEnv ? { [op.security.name]: `\${env.${ctx.keyEnv}}` } : undefined;
}

function request(op: Operation, path: string, ctx: InitContext): Obj {
  const query = Object.fromEntries(op.params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, p.example ?? 'string']));
  const h = headers(op, ctx);
  return {
    method: op.method,
    path,
    ...(Object.keys(query).length ? { query } : {}),
    ...(h ? { headers: h } : {}),
    ...(op.body ? { json: op.body.example } : {}),
  };
}

/** Where a created object's id is in the creating operation's answer: the parameter's own name, else `id`. */
function capturePointer(doc: OpenApiDoc, creator: Operation, param: string): string | undefined {
  const schema = success(creator).find((r) => r.schema)?.schema;
  const props = schema ? propertiesOf(doc, { $ref: `#${schema}` }) : [];
  return props.includes(param) ? `/${param}` : props.includes('id') ? '/id' : undefined;
}

function expectation(op: Operation, ctx: InitContext, slug: string): { expect: Obj; example?: GeneratedScenario['example'] } {
  const ok = success(op);
  const schema = ok.find((r) => r.schema)?.schema;
  const documented = ok.find((r) => r.example !== undefined);
  const file = documented && `examples/${slug}-${documented.code}.json`;
  const expect: Obj = { status: statusOf(op), ...(schema ? { schema: `${ctx.schemaFile}#${schema}` } : {}), ...(file ? { example: { file } } : {}) };
  if (!file || !documented) return { expect };
  const provenance = {
    source: ctx.source,
    section: `${op.method} ${op.path} → ${documented.code}`,
    block: 'the example of this response in the OpenAPI document',
  };
  return { expect, example: { file, content: { provenance, example: documented.example } } };
}

function stepName(op: Operation): string {
  return op.summary ?? `${op.method} ${op.path}`;
}

interface Fixture {
  setup: Obj[];
  teardown: Obj[];
  capture?: Obj;
  vars: Obj;
  path: string;
}

/** Path parameters: the last one from an object the scenario creates (and deletes), the others from their examples. */
function fixture(doc: OpenApiDoc, op: Operation, all: Operation[], ctx: InitContext): Fixture {
  const f: Fixture = { setup: [], teardown: [], vars: {}, path: op.path };
  const last = /\/\{([^}]+)\}$/.exec(op.path);
  const parent = last ? op.path.slice(0, -last[0].length) : undefined;
  const creator = all.find((o) => o.method === 'POST' && o.path === parent && o.body);
  const remover = (path: string) => all.find((o) => o.method === 'DELETE' && o.path === path);
  const pointer = creator && last ? capturePointer(doc, creator, last[1]!) : undefined;
  for (const p of op.params.filter((x) => x.in === 'path')) {
    const v = varName(p.name);
    f.path = f.path.replace(`{${p.name}}`, `\${${v}}`);
    if (p.name === last?.[1] && creator && pointer) continue;
    f.vars[v] = p.example ?? (p.schema && (deref(doc, p.schema) as Obj)['type'] === 'integer' ? 1 : 'example');
  }
  if (last && creator && pointer) {
    const v = varName(last[1]!);
    f.setup.push({
      name: `create one to work on (${creator.method} ${creator.path})`,
      request: request(creator, parent!, ctx),
      capture: { [v]: pointer },
      expect: { status: statusOf(creator) },
    });
    const del = remover(op.path);
    if (del && op.method !== 'DELETE')
      f.teardown.push({ name: `delete it (${del.method} ${del.path})`, request: request(del, f.path, ctx), expect: { status: statusOf(del) } });
    return f;
  }
  // The creating operation itself: capture what it made, and delete it afterwards.
  const item = all.find((o) => o.method === 'DELETE' && new RegExp(`^${escapeRegex(op.path)}/\\{[^}/]+\\}$`).test(o.path));
  const own = op.method === 'POST' && item ? capturePointer(doc, op, /\{([^}]+)\}$/.exec(item.path)![1]!) : undefined;
  if (item && own) {
    const v = varName(/\{([^}]+)\}$/.exec(item.path)![1]!);
    f.capture = { [v]: own };
    f.teardown.push({ name: `delete it (${item.method} ${item.path})`, request: request(item, `${f.path}/\${${v}}`, ctx), expect: { status: statusOf(item) } });
  }
  return f;
}

export function scenarioFor(doc: OpenApiDoc, op: Operation, all: Operation[], ctx: InitContext, slug: string): GeneratedScenario {
  const f = fixture(doc, op, all, ctx);
  const { expect, example } = expectation(op, ctx, slug);
  const step: Obj = { name: stepName(op), request: request(op, f.path, ctx), ...(f.capture ? { capture: f.capture } : {}), expect };
  const documented = op.responses.map((r) => `${r.code}${r.description ? ` ${r.description}` : ''}`).join('; ');
  const comments: Record<string, string> = { 'steps.0.expect.status': ` documented responses: ${documented || 'none'}` };
  if (Object.keys(f.vars).length) comments['vars'] = " from the document's examples: values your server holds";
  const tags = op.tags.map(slugify).filter(Boolean);
  const scenario: Obj = {
    id: `${ctx.api}-${slug}`,
    title: op.summary ?? `${op.method} ${op.path}`,
    api: ctx.api,
    operation: op.operationId ?? `${op.method} ${op.path}`,
    doc: { source: ctx.source, section: `${op.method} ${op.path}` },
    ...(tags.length ? { tags } : {}),
    ...(Object.keys(f.vars).length ? { vars: f.vars } : {}),
    ...(f.setup.length ? { setup: f.setup } : {}),
    steps: [step],
    ...(f.teardown.length ? { teardown: f.teardown } : {}),
  };
  return { slug, doc: scenario, comments, ...(example ? { example } : {}) };
}
