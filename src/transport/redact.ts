// Applies transport/secrets.ts to what is written (results, exchanges, cassettes): secret headers and configured
// pointers replaced, every secret value scrubbed in every form. A redactor also learns the secrets it is shown (a
// cookie the server set, the value at a configured pointer), so that the same value echoed anywhere else is scrubbed too.
import type { Exchange } from '../model/types.js';
import { isSecretHeader, parsePointers, partSecrets, redactAt, redactedHeader, type MessagePart, type SecretPlaces } from './secrets.js';
import { SecretMatcher } from './secret-forms.js';

export interface RedactRules extends SecretPlaces {
  /** Secret values (tokens) to scrub wherever they appear. */
  secrets: readonly string[];
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
  /** Remembers the secret values an exchange's request and response carry in their headers and bodies (before they are redacted). */
  learnExchange(e: { request: MessagePart; response?: MessagePart }): void;
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
  const learn = (part: MessagePart): void => void matcher.add(partSecrets(part, rules.headers, pointers, rules.paths));
  const learnExchange: Redactor['learnExchange'] = (e) => {
    learn(e.request);
    if (e.response) learn(e.response);
  };
  return {
    text,
    value,
    body,
    headers,
    learnExchange,
    active: () => matcher.size > 0 || pointers.length > 0,
    exchange(e) {
      learnExchange(e);
      return redactExchange(e, { text, value, body, headers, active: matcher.size > 0 || pointers.length > 0 });
    },
  };
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
