// Scrubs secrets before anything is written: credential headers, the headers and JSON pointers the config names,
// and every occurrence of a secret value in any of its forms (transport/secrets.ts decides what is secret and how it
// is written). A redactor also learns the secrets it is shown (a cookie the server set, the value at a configured
// pointer), so that the same value echoed anywhere else is scrubbed too.
import type { Exchange } from '../model/types.js';
import type { Segment } from '../util/field-path.js';
import { headerSecrets, isSecretHeader, parsePointers, pointerSecrets, REDACTED, SecretMatcher, CREDENTIAL_HEADERS } from './secrets.js';

export { REDACTED, CREDENTIAL_HEADERS };

export interface RedactRules {
  /** Secret values (tokens) to scrub wherever they appear. */
  secrets: readonly string[];
  /** Extra header names to redact (case-insensitive). */
  headers: readonly string[];
  /** JSON pointers into request and response bodies to redact; `*` matches any key or index. */
  paths: readonly string[];
}

export interface Redactor {
  /** The text with every secret value replaced. */
  text(s: string): string;
  /** A deep copy with secrets scrubbed from every string (keys included). */
  value(v: unknown): unknown;
  /** `value` plus the configured JSON pointers replaced. */
  body(v: unknown): unknown;
  /** Credential and configured headers replaced, secrets scrubbed from the rest. */
  headers(h: Record<string, string>): Record<string, string>;
  /** Remembers the secret values these headers and this body carry (before they are redacted). */
  learn(part: { headers?: Record<string, string>; body?: unknown }): void;
  /** An exchange as results may show it: learned from, then headers, bodies, URL and messages redacted. */
  exchange(e: Exchange): Exchange;
  /** False while there is nothing to scrub but headers (no secret value known, no pointer configured). */
  active(): boolean;
}

export function createRedactor(rules: RedactRules): Redactor {
  const matcher = new SecretMatcher(rules.secrets.map((value) => ({ name: 'token', value })));
  const pointers = parsePointers(rules.paths);
  const text = (s: string): string => matcher.replace(s);
  const value = (v: unknown): unknown => scrubDeep(v, text);
  const body = (v: unknown): unknown => pointers.reduce<unknown>((acc, p) => redactAt(acc, p), value(v));
  const headers = (h: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(h).map(([k, v]) => [k, isSecretHeader(k, rules.headers) ? redactedHeader(k, v) : text(v)]));
  const learn: Redactor['learn'] = (part) => {
    const found = Object.entries(part.headers ?? {}).flatMap(([k, v]) => (isSecretHeader(k, rules.headers) ? headerSecrets(k, v) : []));
    if (part.body !== undefined && pointers.length) found.push(...pointerSecrets(part.body, pointers));
    if (found.length) matcher.add(found.map((v) => ({ name: 'learned', value: v })));
  };
  return {
    text,
    value,
    body,
    headers,
    learn,
    active: () => matcher.size > 0 || pointers.length > 0,
    exchange(e) {
      learn({ headers: e.request.headers, body: e.request.body });
      if (e.response) learn({ headers: e.response.headers, body: e.response.body });
      return redactExchange(e, { text, value, body, headers, active: matcher.size > 0 || pointers.length > 0 });
    },
  };
}

/** A credential keeps its scheme (`Bearer <redacted>`): which kind of credential was sent is no secret. */
function redactedHeader(name: string, value: string): string {
  const scheme = /^(?:proxy-)?authorization$/i.test(name) ? /^([A-Za-z][\w-]*)\s+\S/.exec(value)?.[1] : undefined;
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

type Scrubbers = Pick<Redactor, 'text' | 'value' | 'body' | 'headers'> & { active: boolean };

/** A message part's body text follows its redacted body when a configured pointer changed it. */
function bodyPair<T extends { body?: unknown; bodyText?: string }>(m: T, r: Scrubbers): Pick<T, 'body' | 'bodyText'> {
  if (!r.active) return { body: m.body, bodyText: m.bodyText } as Pick<T, 'body' | 'bodyText'>;
  if (m.body === undefined) return { body: undefined, bodyText: m.bodyText === undefined ? undefined : r.text(m.bodyText) } as Pick<T, 'body' | 'bodyText'>;
  const scrubbed = r.value(m.body);
  const redacted = r.body(m.body);
  const changed = JSON.stringify(scrubbed) !== JSON.stringify(redacted);
  const bodyText = m.bodyText === undefined ? undefined : changed ? JSON.stringify(redacted) : r.text(m.bodyText);
  return { body: redacted, bodyText } as Pick<T, 'body' | 'bodyText'>;
}

function redactExchange(e: Exchange, r: Scrubbers): Exchange {
  const q = e.request;
  const request = {
    ...q,
    url: r.text(q.url),
    path: r.text(q.path),
    query: r.value(q.query) as Record<string, string>,
    headers: r.headers(q.headers),
    ...bodyPair(q, r),
  };
  const response = e.response && { ...e.response, headers: r.headers(e.response.headers), ...bodyPair(e.response, r) };
  const error = e.error && (r.value(e.error) as Exchange['error']);
  return { ...e, request, ...(response ? { response } : {}), ...(error ? { error } : {}) };
}

function scrubDeep(v: unknown, text: (s: string) => string): unknown {
  if (typeof v === 'string') return text(v);
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x, text));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), scrubDeep(x, text)]));
  }
  return v;
}

/** Replaces the value at a pointer (in place on the copy `value` made); absent paths are left alone. */
function redactAt(root: unknown, segs: readonly Segment[]): unknown {
  if (segs.length === 0) return root === undefined ? root : REDACTED;
  const [head, ...rest] = segs;
  if (root === null || typeof root !== 'object') return root;
  const container = root as Record<string, unknown>;
  const keys = head === '*' ? Object.keys(container) : [String(head)];
  for (const k of keys) {
    if (Object.hasOwn(container, k)) container[k] = redactAt(container[k], rest);
  }
  return root;
}
