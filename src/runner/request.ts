// Renders a step's request: templates resolved, the body encoded, the identity's credential attached
// (and kept out of the redacted copy that results and cassettes see).
import { DEFAULT_FILE_BYTES, readBoundedFile } from '../util/bounded-file.js';
import type { Step } from '../model/types.js';
import type { OutgoingRequest } from '../transport/types.js';
import { redactedHeader } from '../transport/secrets.js';
import { resolveRef } from '../scenario/file-refs.js';
import type { Scenario } from '../model/types.js';
import { resolveTemplate, type Scope } from '../scenario/template.js';

export interface RequestTarget {
  baseUrl: string;
  timeoutMs: number;
  /** Bearer token per identity; `anonymous` and identities without a token send none. */
  token(identity: string): string | undefined;
  /** limits.fileBytes: a body file is read again here, and must still be a regular file within it. */
  maxFileBytes?: number;
}

const jsonFileCache = new Map<string, unknown>();

function readJsonFile(path: string, maxBytes: number): unknown {
  if (!jsonFileCache.has(path)) {
    // Checked when the suite was loaded; read the same careful way, in case the file was swapped since.
    const read = readBoundedFile(path, maxBytes);
    if (!read.ok) throw new Error(`jsonFile ${path} ${read.message}`);
    jsonFileCache.set(path, JSON.parse(read.text));
  }
  return structuredClone(jsonFileCache.get(path));
}

export function renderRequest(scenario: Scenario, step: Step, scope: Scope, target: RequestTarget): OutgoingRequest {
  const r = step.request;
  const path = String(resolveTemplate(r.path, scope));
  const query = Object.fromEntries(Object.entries(resolveTemplate(r.query ?? {}, scope) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(resolveTemplate(r.headers ?? {}, scope) as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  let body: unknown;
  let bodyText: string | undefined;
  if (r.json !== undefined || r.jsonFile !== undefined) {
    const raw = r.jsonFile !== undefined ? readJsonFile(resolveRef(scenario, r.jsonFile), target.maxFileBytes ?? DEFAULT_FILE_BYTES) : r.json;
    body = resolveTemplate(raw, scope);
    bodyText = JSON.stringify(body);
    headers['content-type'] ??= r.contentType ?? 'application/json';
  } else if (r.body !== undefined) {
    bodyText = String(resolveTemplate(r.body, scope));
    if (r.contentType) headers['content-type'] ??= r.contentType;
    try {
      body = JSON.parse(bodyText);
    } catch {
      body = undefined;
    }
  }
  headers['accept'] ??= 'application/json';
  const redactedHeaders = { ...headers };
  const token = target.token(step.as);
  if (token) {
    headers['authorization'] = `Bearer ${token}`;
    redactedHeaders['authorization'] = redactedHeader('authorization', headers['authorization']);
  }
  const qs = new URLSearchParams(query).toString();
  return {
    method: r.method,
    url: `${target.baseUrl}${path}${qs ? `?${qs}` : ''}`,
    path,
    query,
    headers,
    redactedHeaders,
    body,
    bodyText,
    identity: step.as,
    timeoutMs: target.timeoutMs,
    step: step.id,
  };
}
