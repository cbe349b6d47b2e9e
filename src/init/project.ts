// What `vouch init` writes, as a list of files (nothing is written here): vouch.config.yaml, suites/<api>/ with its
// scenarios, schemas/ and examples/, and suites/<api>/README.md with the next three commands, which the CLI prints too.
import { basename, dirname, extname, relative } from 'node:path';
import { readOpenApi, operations, type OpenApiDoc, type Security } from './openapi.js';
import { sampleOf } from './samples.js';
import { scenarioFor, slugify, type InitContext } from './scenarios.js';
import { scenarioYaml } from './scenario-yaml.js';
import { markdownScenarios } from './markdown.js';

export interface InitFile {
  path: string;
  text: string;
}

export interface InitInput {
  api?: string;
  /** The document to start from: an OpenAPI document (YAML or JSON) or a Markdown page. */
  from?: { file: string; text: string };
  /** The project folder's name, for the API's name when nothing else gives one. */
  folder: string;
  /** scenario.schema.json of this Vouch, relative to the project: the editor's schema line points at it. */
  schemaPath: string;
  maxBytes: number;
}

export interface InitResult {
  api: string;
  files: InitFile[];
  readme: string;
  /** What the user should know (operations Vouch cannot authenticate, ...). */
  notes: string[];
}

const API_NAME = /^[a-z][a-z0-9-]*$/;
const apiName = (s: string): string => slugify(s).replace(/^[^a-z]+/, '') || 'api';

export function planInit(input: InitInput): InitResult | string {
  if (input.api !== undefined && !API_NAME.test(input.api))
    return `--api '${input.api}' is not an API name (lower-case letters, digits and '-', starting with a letter)`;
  if (input.from && /\.(md|markdown|mdx|txt)$/i.test(input.from.file)) return fromMarkdown(input);
  if (input.from) return fromOpenApi(input);
  return blank(input, input.api ?? apiName(input.folder));
}

function header(input: InitInput, _api: string, file: string, from?: string): string[] {
  const schema = relative(dirname(file), input.schemaPath).split('\\').join('/');
  return [
    `yaml-language-server: $schema=${schema}`,
    `Written by \`vouch init\`${from ? ` from ${from}` : ''}; edit it: it is yours (README "Writing scenarios").`,
  ];
}

function fromOpenApi(input: InitInput): InitResult | string {
  const doc = readOpenApi(input.from!.file, input.from!.text, input.maxBytes);
  if (typeof doc === 'string') return `${input.from!.file}: ${doc}`;
  const api = input.api ?? apiName(doc.title ?? input.folder);
  const source = basename(input.from!.file);
  const copy = `schemas/openapi${extname(input.from!.file).toLowerCase() === '.json' ? '.json' : '.yaml'}`;
  const ops = operations(doc, (schema) => sampleOf(doc, schema));
  if (ops.length === 0) return `${input.from!.file}: the document has no operations under \`paths\``;
  const security = mainSecurity(ops.map((o) => o.security));
  const ctx: InitContext = { api, schemaFile: copy, source, ...(security.kind === 'apiKey' && security.in === 'header' ? { keyEnv: keyEnv(api) } : {}) };
  const files: InitFile[] = [{ path: `suites/${api}/${copy}`, text: input.from!.text }];
  const used = new Set<string>();
  for (const op of ops) {
    let slug = slugify(op.operationId ?? `${op.method} ${op.path.replace(/[{}]/g, '')}`);
    for (let n = 2; used.has(slug); n++) slug = `${slugify(op.operationId ?? op.method)}-${n}`;
    used.add(slug);
    const s = scenarioFor(doc, op, ops, ctx, slug);
    const file = `suites/${api}/${slug}.yaml`;
    files.push({ path: file, text: scenarioYaml(s.doc, header(input, api, file, source), s.comments) });
    if (s.example) files.push({ path: `suites/${api}/${s.example.file}`, text: `${JSON.stringify(s.example.content, null, 2)}\n` });
  }
  const notes = securityNotes(ops.map((o) => o.security));
  return finish(api, files, { title: doc.title, from: source, url: serverUrl(doc), security, count: ops.length }, notes);
}

function fromMarkdown(input: InitInput): InitResult | string {
  const api = input.api ?? apiName(basename(input.from!.file, extname(input.from!.file)));
  const md = markdownScenarios(input.from!.text, api, basename(input.from!.file));
  if (md.scenarios.length === 0) return `${input.from!.file}: no operation found (a line such as \`GET /todos\` or \`curl -X POST https://host/todos\`)`;
  const files: InitFile[] = [];
  for (const s of md.scenarios) {
    const file = `suites/${api}/${s.slug}.yaml`;
    files.push({ path: file, text: scenarioYaml(s.doc, header(input, api, file, basename(input.from!.file)), s.comments) });
    if (s.example) files.push({ path: `suites/${api}/${s.example.file}`, text: `${JSON.stringify(s.example.content, null, 2)}\n` });
  }
  return finish(
    api,
    files,
    { title: md.title, from: basename(input.from!.file), security: { kind: 'other', what: 'unknown' }, count: md.scenarios.length },
    [],
  );
}

function blank(input: InitInput, api: string): InitResult {
  const file = `suites/${api}/get-root.yaml`;
  const scenario = {
    id: `${api}-get-root`,
    title: `The root of ${api} answers with JSON`,
    api,
    operation: 'get-root',
    steps: [{ name: 'read the root', request: { method: 'GET', path: '/' }, expect: { status: 200, json: true, schema: 'schemas/resource.schema.json' } }],
  };
  const comments = { 'steps.0.expect.schema': ' add `example: { file: examples/resource.json }` once examples/resource.json holds a documented answer' };
  const files: InitFile[] = [
    { path: file, text: scenarioYaml(scenario, header(input, api, file), comments) },
    {
      path: `suites/${api}/schemas/resource.schema.json`,
      text: `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title: 'What the root answers (replace with the documented schema)', type: ['object', 'array'] }, null, 2)}\n`,
    },
    {
      path: `suites/${api}/examples/resource.json`,
      text: `${JSON.stringify({ provenance: { source: 'the documentation page', section: 'the section with the example' }, example: {} }, null, 2)}\n`,
    },
  ];
  return finish(api, files, { security: { kind: 'none' }, count: 1 }, []);
}

/** The security most operations require (an API key header or a bearer token); `none` when none does. */
function mainSecurity(all: Security[]): Security {
  return all.find((s) => s.kind === 'apiKey' && s.in === 'header') ?? all.find((s) => s.kind === 'bearer') ?? { kind: 'none' };
}

function securityNotes(all: Security[]): string[] {
  const odd = [...new Set(all.flatMap((s) => (s.kind === 'other' ? [s.what] : s.kind === 'apiKey' && s.in !== 'header' ? [`an API key in the ${s.in}`] : [])))];
  return odd.map((w) => `the document asks for ${w}: Vouch sends bearer tokens and header keys; add what it needs to the scenarios' requests by hand`);
}

const keyEnv = (api: string): string => `${api.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;

function serverUrl(doc: OpenApiDoc): string | undefined {
  return doc.servers.find((u) => /^https?:\/\//.test(u))?.replace(/\/+$/, '');
}

interface About {
  title?: string;
  from?: string;
  url?: string;
  security: Security;
  count: number;
}

function finish(api: string, files: InitFile[], about: About, notes: string[]): InitResult {
  const readme = readmeBlock(api, about);
  return {
    api,
    files: [{ path: 'vouch.config.yaml', text: configText(api, about) }, ...files, { path: `suites/${api}/README.md`, text: readme }],
    readme,
    notes,
  };
}

function configText(api: string, about: About): string {
  const url = about.url ?? 'http://127.0.0.1:8080';
  const lines = [
    '# Vouch configuration, written by `vouch init` (README: "Targets, identities and secrets").',
    '# The target comes from the command line or the environment, so that `npx vouch run` without one replays:',
    `#   npx vouch run --target ${api}=${url}     or     export VOUCH_${api.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL=${url}`,
    'targets:',
    `  ${api}:`,
  ];
  const s = about.security;
  if (s.kind === 'bearer')
    lines.push(
      '    identities:',
      `      default: { tokenEnv: VOUCH_${api.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DEFAULT_TOKEN }   # the bearer token, from the environment only`,
    );
  else if (s.kind === 'apiKey' && s.in === 'header')
    lines.push(
      `    auth: none        # no bearer token: the key goes in the ${s.name} header of each request (\${env.${keyEnv(api)}})`,
      'redact:',
      `  headers: [${s.name}]   # never written to a cassette, a report or the terminal`,
    );
  else lines.push('    auth: none        # no credential; for a bearer token remove this line and export VOUCH_<API>_DEFAULT_TOKEN');
  return `${lines.join('\n')}\n`;
}

function readmeBlock(api: string, about: About): string {
  const url = about.url ?? 'http://127.0.0.1:8080';
  const env =
    about.security.kind === 'apiKey' && about.security.in === 'header'
      ? [`export ${keyEnv(api)}=...   # sent as ${about.security.name}; redacted: never written anywhere, and replay needs none`]
      : about.security.kind === 'bearer'
        ? [`export VOUCH_${api.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DEFAULT_TOKEN=...   # the bearer token; replay needs none`]
        : [];
  return [
    `## Checking ${about.title ?? api} with Vouch`,
    '',
    `\`vouch init\` wrote ${about.count} scenario${about.count === 1 ? '' : 's'} in \`suites/${api}/\`${about.from ? `, from ${about.from}` : ''}, and \`vouch.config.yaml\`. Next:`,
    '',
    '```sh',
    ...env,
    ...aligned([
      [`npx vouch run --target ${api}=${url}`, '1. live: every scenario against your server'],
      [`npx vouch run --mode record --target ${api}=${url}`, `2. record the answers into cassettes/${api}/`],
      ['npx vouch run', '3. replay them: no network, no secret (what CI runs)'],
    ]),
    '```',
    '',
  ].join('\n');
}

function aligned(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([c]) => c.length));
  return rows.map(([c, note]) => `${c.padEnd(width)}   # ${note}`);
}
