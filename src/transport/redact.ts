// Scrubs credentials before anything is written: credential headers, the headers and JSON pointers the config
// names, and every occurrence of a secret value (a token echoed inside a body or a URL included).
import { parsePointer, type Segment } from '../util/field-path.js';

export const REDACTED = '<redacted>';

/** Headers that always carry credentials. */
export const CREDENTIAL_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

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
}

/** A secret and the forms it takes in URLs, longest first so a secret inside another is not half-replaced. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = secrets.filter((s) => s.length > 0).flatMap((s) => [s, encodeURIComponent(s)]);
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

export function createRedactor(rules: RedactRules): Redactor {
  const forms = secretForms(rules.secrets);
  const redactedHeaders = new Set([...CREDENTIAL_HEADERS, ...rules.headers.map((h) => h.toLowerCase())]);
  const pointers = rules.paths.map(parsePointer);
  const text = (s: string): string => forms.reduce((acc, f) => (acc.includes(f) ? acc.split(f).join(REDACTED) : acc), s);
  const value = (v: unknown): unknown => scrubDeep(v, text);
  return {
    text,
    value,
    body(v) {
      return pointers.reduce<unknown>((acc, p) => redactAt(acc, p), value(v));
    },
    headers(h) {
      return Object.fromEntries(
        Object.entries(h).map(([k, v]) => [k, redactedHeaders.has(k.toLowerCase()) ? REDACTED : text(v)]),
      );
    },
  };
}

function scrubDeep(v: unknown, text: (s: string) => string): unknown {
  if (typeof v === 'string') return text(v);
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x, text));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), scrubDeep(x, text)]));
  }
  return v;
}

/** Replaces the value at a pointer (in place on the copy `scrubDeep` made); absent paths are left alone. */
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
