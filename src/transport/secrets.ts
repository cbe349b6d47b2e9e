// What is a secret, and every form one takes in text: the one place that decides, for every writer (cassettes,
// results, reports) and for the scanner (`vouch cassettes verify`). Secrets are token values from the environment,
// the values of credential and configured headers (cookies value by value), and the values at configured JSON pointers.
import { getField, missing, parsePointer, type Segment } from '../util/field-path.js';

export const REDACTED = '<redacted>';

/** Headers that always carry credentials. */
export const CREDENTIAL_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

/** Headers that carry keys by convention: redacted like credentials (no config needed), and flagged by the scanner when not. */
export const KEY_HEADERS: readonly string[] = ['x-api-key', 'api-key', 'x-auth-token'];

/** Shorter values would match ordinary text; real tokens are far longer. */
export const MIN_SECRET_LENGTH = 6;
/** A derived form (encoded, or a half) shorter than this would match ordinary text. */
const MIN_FORM_LENGTH = 8;
/** A secret this long is also found by its halves: split in two, one part keeps at least the first or the last half. */
const MIN_SPLIT_LENGTH = 24;
/** A half is only looked for when it mixes letters and digits: the first half of `interrupt-token-1` is a word. */
const randomLooking = (s: string): boolean => /[A-Za-z]/.test(s) && /\d/.test(s);

/**
 * A value learned from a header or a field is searched for elsewhere only when ordinary text would not hold it by
 * chance: at least MIN_SECRET_LENGTH characters, and not a plain word (`lang=english`, `theme=darkmode`).
 */
const searchable = (v: string): boolean => v.length >= MIN_SECRET_LENGTH && !v.includes(REDACTED) && !(/^[A-Za-z]+$/.test(v) && v.length < 12);

/** A token variable by the naming convention of the Conventions: VOUCH_<API>_<IDENTITY>_TOKEN. */
export const isTokenVariable = (name: string): boolean => /^VOUCH_.*_TOKEN$/.test(name);

export interface NamedSecret {
  /** Where the value comes from (an environment variable, a header, a JSON pointer), for messages. */
  name: string;
  value: string;
}

/** The tokens of a run: every VOUCH_*_TOKEN and the variables the config names, set and long enough to look for. */
export function tokenSecrets(env: NodeJS.ProcessEnv, namedInConfig: readonly string[] = []): NamedSecret[] {
  const names = [...new Set([...Object.keys(env).filter(isTokenVariable), ...namedInConfig])].sort();
  return names.flatMap((name) => (env[name] && env[name]!.length >= MIN_SECRET_LENGTH ? [{ name, value: env[name]! }] : []));
}

export function isSecretHeader(name: string, configured: readonly string[]): boolean {
  const n = name.toLowerCase();
  return CREDENTIAL_HEADERS.includes(n) || KEY_HEADERS.includes(n) || configured.some((c) => c.toLowerCase() === n);
}

/** A cookie's value, and its percent-decoded form (servers commonly encode cookie values). */
function cookieValues(pair: string): string[] {
  const value = pair.slice(pair.indexOf('=') + 1).trim();
  try {
    return [...new Set([value, decodeURIComponent(value)])];
  } catch {
    return [value];
  }
}

/** The secret values a secret header carries: the whole value, each cookie's value, a credential without its scheme. */
export function headerSecrets(name: string, value: string): string[] {
  const n = name.toLowerCase();
  // A credential is learned without its scheme, so an echo reads `Bearer <redacted>`.
  const parts = n === 'authorization' || n === 'proxy-authorization' ? credentialParts(value) : [];
  const out = parts.length ? parts : [value];
  if (n === 'cookie') out.push(...value.split(';').filter((p) => p.includes('=')).flatMap(cookieValues));
  // Several Set-Cookie headers are joined by newlines (transport/http-node.ts); attributes follow the first `;`.
  if (n === 'set-cookie') out.push(...value.split('\n').map((line) => line.split(';')[0] ?? '').filter((p) => p.includes('=')).flatMap(cookieValues));
  return out.map((v) => v.trim()).filter(searchable);
}

/** `Bearer T` gives T; `Basic B64` gives the decoded `user:password` and the password. */
function credentialParts(value: string): string[] {
  const m = /^(\w+)\s+(\S+)$/.exec(value.trim());
  if (!m) return [];
  if (m[1]!.toLowerCase() !== 'basic') return [m[2]!];
  const plain = Buffer.from(m[2]!, 'base64').toString('utf8');
  return [m[2]!, plain, plain.slice(plain.indexOf(':') + 1)];
}

/** The strings (and numbers, as text) at the JSON pointers of a body, leaves of objects and arrays included. */
export function pointerSecrets(body: unknown, pointers: readonly (readonly Segment[])[]): string[] {
  const out: string[] = [];
  const leaves = (v: unknown): void => {
    if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(leaves);
  };
  for (const p of pointers) for (const v of valuesAt(body, p)) leaves(v);
  return out.filter(searchable);
}

/** Values at a pointer whose segments may be `*` (any key or index). */
function valuesAt(root: unknown, segs: readonly Segment[]): unknown[] {
  const star = segs.indexOf('*');
  if (star < 0) {
    const v = getField(root, [...segs]);
    return v === missing ? [] : [v];
  }
  const parent = star === 0 ? root : getField(root, segs.slice(0, star));
  if (parent === missing || parent === null || typeof parent !== 'object') return [];
  return Object.values(parent).flatMap((child) => valuesAt(child, segs.slice(star + 1)));
}

export function parsePointers(paths: readonly string[]): Segment[][] {
  return paths.map(parsePointer);
}

/** How a form writes its secret, for messages. */
export type FormKind = 'as is' | 'percent-encoded' | 'form-encoded' | 'JSON-escaped' | 'hex-encoded' | 'base64-encoded' | 'in part (half of it)';

export interface SecretForm {
  text: string;
  how: FormKind;
}

/**
 * Every form a secret takes in text, longest first: as is, percent-encoded, form-encoded, JSON-escaped, hex, and
 * base64 (standard and URL-safe) at each of the three alignments it can have inside a longer base64 text (the
 * characters that depend on neighbouring bytes are left off); for a long secret, also its first and last halves,
 * so that a secret split in two is still found.
 */
export function secretForms(value: string): SecretForm[] {
  if (value.length < MIN_SECRET_LENGTH) return [];
  const bytes = Buffer.from(value, 'utf8');
  const hex = bytes.toString('hex');
  const forms: SecretForm[] = [
    { text: value, how: 'as is' },
    { text: encodeURIComponent(value), how: 'percent-encoded' },
    { text: new URLSearchParams({ v: value }).toString().slice(2), how: 'form-encoded' },
    { text: JSON.stringify(value).slice(1, -1), how: 'JSON-escaped' },
  ];
  const derived: SecretForm[] = [{ text: hex, how: 'hex-encoded' }, { text: hex.toUpperCase(), how: 'hex-encoded' }, ...base64Forms(bytes).map((text) => ({ text, how: 'base64-encoded' as const }))];
  if (value.length >= MIN_SPLIT_LENGTH) {
    const half = Math.ceil(value.length / 2);
    for (const part of [value.slice(0, half), value.slice(-half)]) if (randomLooking(part)) derived.push({ text: part, how: 'in part (half of it)' });
  }
  const seen = new Set<string>();
  return [...forms, ...derived.filter((f) => f.text.length >= MIN_FORM_LENGTH)]
    .filter((f) => !seen.has(f.text) && seen.add(f.text))
    .sort((a, b) => b.text.length - a.text.length);
}

function base64Forms(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const n = lead + bytes.length;
    const text = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64').replace(/=+$/, '');
    // Characters fixed by the secret's bytes alone: from the first one after the leading bytes, up to the last
    // complete 6 bits of the secret's last byte.
    const start = [0, 2, 3][lead]!;
    const end = Math.floor(n / 3) * 4 + [0, 1, 2][n % 3]!;
    const core = text.slice(start, end);
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

export interface SecretHit {
  index: number;
  length: number;
  /** The name of the secret found (its NamedSecret's name). */
  name: string;
  how: FormKind;
}

/** A set of secrets, searched and replaced in one pass over a text, whatever form each takes. */
export class SecretMatcher {
  private byForm = new Map<string, { name: string; how: FormKind }>();
  private values = new Set<string>();
  private re: RegExp | undefined;

  constructor(secrets: readonly NamedSecret[] = []) {
    this.add(secrets);
  }

  get size(): number {
    return this.byForm.size;
  }

  /** Adds secrets (values already known are kept under their first name). */
  add(secrets: readonly NamedSecret[]): void {
    let changed = false;
    for (const s of secrets) {
      if (this.values.has(s.value)) continue;
      this.values.add(s.value);
      for (const form of secretForms(s.value)) {
        if (this.byForm.has(form.text)) continue;
        this.byForm.set(form.text, { name: s.name, how: form.how });
        changed = true;
      }
    }
    if (changed) {
      const forms = [...this.byForm.keys()].sort((a, b) => b.length - a.length);
      this.re = new RegExp(forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    }
  }

  replace(text: string): string {
    if (!this.re) return text;
    this.re.lastIndex = 0;
    return this.re.test(text) ? text.replace(this.re, REDACTED) : text;
  }

  find(text: string): SecretHit[] {
    if (!this.re) return [];
    return [...text.matchAll(this.re)].map((m) => ({ index: m.index ?? 0, length: m[0].length, ...(this.byForm.get(m[0]) ?? { name: 'a secret', how: 'as is' as const }) }));
  }
}
