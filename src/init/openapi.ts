// Reads an OpenAPI 3 document (YAML or JSON) into what `vouch init` needs: its operations, each with its parameters,
// a request body example, its documented responses (code, schema pointer, example) and the security it requires.
import { parseYamlFile } from '../scenario/yaml-source.js';

export type Json = Record<string, unknown>;

export interface OpenApiDoc {
  raw: Json;
  version: string;
  title?: string;
  servers: string[];
}

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema?: unknown;
  example?: unknown;
}

export interface Response {
  code: string;
  description?: string;
  /** JSON pointer (into the document) of the JSON schema: the `$ref` target when the schema is only a `$ref`. */
  schema?: string;
  example?: unknown;
}

export type Security = { kind: 'none' } | { kind: 'bearer' } | { kind: 'apiKey'; in: string; name: string } | { kind: 'other'; what: string };

export interface Operation {
  method: string;
  path: string;
  operationId?: string;
  summary?: string;
  tags: string[];
  params: Param[];
  body?: { example: unknown; contentType: string };
  responses: Response[];
  security: Security;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
export const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
export const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The document, or why it is not an OpenAPI 3 document Vouch can read. */
export function readOpenApi(file: string, text: string, maxBytes: number): OpenApiDoc | string {
  let raw: unknown;
  if (/\.json$/i.test(file)) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return `not valid JSON: ${(e as Error).message}`;
    }
  } else {
    const { docs, diagnostics } = parseYamlFile(file, text, maxBytes);
    const d = diagnostics[0];
    if (d) return `${d.message}${d.location ? ` (line ${d.location.line}, column ${d.location.col})` : ''}`;
    raw = docs[0]?.value;
  }
  if (!isObj(raw)) return 'not an OpenAPI document (no mapping at the top)';
  if (typeof raw['swagger'] === 'string') return `Swagger ${raw['swagger']} is not supported: convert it to OpenAPI 3 first (for example with swagger2openapi)`;
  if (typeof raw['openapi'] !== 'string' || !raw['openapi'].startsWith('3.')) return 'not an OpenAPI 3 document (no `openapi: 3.x` at the top)';
  if (!isObj(raw['paths'])) return 'the document has no `paths`';
  const info = isObj(raw['info']) ? raw['info'] : {};
  const servers = Array.isArray(raw['servers']) ? raw['servers'].flatMap((s) => (isObj(s) && typeof s['url'] === 'string' ? [s['url']] : [])) : [];
  return { raw, version: raw['openapi'], title: typeof info['title'] === 'string' ? info['title'] : undefined, servers };
}

/** Follows local `$ref`s (`#/components/...`) to the object they name; a remote or missing one gives undefined. */
export function deref(doc: OpenApiDoc, v: unknown, depth = 0): unknown {
  if (!isObj(v) || typeof v['$ref'] !== 'string' || depth > 20) return v;
  return deref(doc, at(doc.raw, v['$ref']), depth + 1);
}

function at(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let cur: unknown = root;
  for (const seg of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(seg).replace(/~1/g, '/').replace(/~0/g, '~');
    cur = isObj(cur) ? cur[key] : Array.isArray(cur) ? cur[Number(key)] : undefined;
  }
  return cur;
}

function firstExample(holder: Json): unknown {
  if ('example' in holder) return holder['example'];
  const examples = holder['examples'];
  if (isObj(examples)) {
    const first = Object.values(examples)[0];
    if (isObj(first) && 'value' in first) return first['value'];
  }
  return undefined;
}

/** The JSON media type of a content map (application/json, or any +json). */
function jsonMedia(content: unknown): [string, Json] | undefined {
  if (!isObj(content)) return undefined;
  const entry = Object.entries(content).find(([type]) => /^application\/(?:[\w.+-]+\+)?json\b/i.test(type) || type === '*/*');
  return entry && isObj(entry[1]) ? [entry[0], entry[1]] : undefined;
}

function params(doc: OpenApiDoc, pathItem: Json, op: Json): Param[] {
  const byKey = new Map<string, Param>();
  for (const list of [pathItem['parameters'], op['parameters']]) {
    for (const p of Array.isArray(list) ? list : []) {
      const q = deref(doc, p);
      if (!isObj(q) || typeof q['name'] !== 'string' || typeof q['in'] !== 'string') continue;
      const schema = deref(doc, q['schema']);
      const example = firstExample(q) ?? (isObj(schema) ? (schema['example'] ?? schema['default']) : undefined);
      byKey.set(`${q['in']}:${q['name']}`, {
        name: q['name'],
        in: q['in'] as Param['in'],
        required: q['required'] === true || q['in'] === 'path',
        schema,
        example,
      });
    }
  }
  return [...byKey.values()];
}

function responses(doc: OpenApiDoc, opPointer: string, op: Json): Response[] {
  const all = isObj(op['responses']) ? op['responses'] : {};
  return Object.entries(all).map(([code, r]) => {
    const res = deref(doc, r);
    const media = isObj(res) ? jsonMedia(res['content']) : undefined;
    const schema = media?.[1]['schema'];
    const pointer =
      isObj(schema) && typeof schema['$ref'] === 'string' && schema['$ref'].startsWith('#/') && Object.keys(schema).length === 1
        ? schema['$ref'].slice(1)
        : schema !== undefined
          ? `${opPointer}/responses/${escapePointer(code)}/content/${escapePointer(media![0])}/schema`
          : undefined;
    return {
      code,
      description: isObj(res) && typeof res['description'] === 'string' ? res['description'] : undefined,
      schema: pointer,
      example: media ? firstExample(media[1]) : undefined,
    };
  });
}

/** The first security requirement that applies (the operation's, else the document's), as Vouch can send it. */
function security(doc: OpenApiDoc, op: Json): Security {
  const reqs = Array.isArray(op['security']) ? op['security'] : Array.isArray(doc.raw['security']) ? doc.raw['security'] : [];
  if (reqs.length === 0 || reqs.some((r) => isObj(r) && Object.keys(r).length === 0)) return { kind: 'none' };
  const schemes = isObj(doc.raw['components']) && isObj(doc.raw['components']['securitySchemes']) ? doc.raw['components']['securitySchemes'] : {};
  const name = isObj(reqs[0]) ? Object.keys(reqs[0])[0] : undefined;
  const s = name ? deref(doc, schemes[name]) : undefined;
  if (!isObj(s)) return { kind: 'other', what: `security scheme ${name ?? '?'} (not found)` };
  if (s['type'] === 'apiKey' && typeof s['name'] === 'string') return { kind: 'apiKey', in: String(s['in']), name: s['name'] };
  if ((s['type'] === 'http' && String(s['scheme']).toLowerCase() === 'bearer') || s['type'] === 'oauth2' || s['type'] === 'openIdConnect')
    return { kind: 'bearer' };
  return { kind: 'other', what: `${String(s['type'])}${s['scheme'] ? ` ${String(s['scheme'])}` : ''} (${name})` };
}

export function operations(doc: OpenApiDoc, sample: (schema: unknown) => unknown): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.raw['paths'] as Json)) {
    const pathItem = deref(doc, item);
    if (!isObj(pathItem)) continue;
    for (const method of METHODS) {
      const op = pathItem[method];
      if (!isObj(op)) continue;
      const pointer = `/paths/${escapePointer(path)}/${method}`;
      const reqBody = deref(doc, op['requestBody']);
      const media = isObj(reqBody) ? jsonMedia(reqBody['content']) : undefined;
      const bodyExample = media ? (firstExample(media[1]) ?? sample(media[1]['schema'])) : undefined;
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: typeof op['operationId'] === 'string' ? op['operationId'] : undefined,
        summary: typeof op['summary'] === 'string' ? op['summary'] : undefined,
        tags: Array.isArray(op['tags']) ? op['tags'].filter((t): t is string => typeof t === 'string') : [],
        params: params(doc, pathItem, op),
        ...(media ? { body: { example: bodyExample, contentType: media[0] } } : {}),
        responses: responses(doc, pointer, op),
        security: security(doc, op),
      });
    }
  }
  return out;
}
