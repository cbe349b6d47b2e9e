// What is a secret, how one is scrubbed, and every form one takes in text: the one place that decides, for every
// writer (the worker's results, exchanges, cassettes) and for the scanner (`vouch cassettes scan`). Secrets are token
// values from the environment, the values of credential and configured headers (cookies value by value), and the values
// at configured JSON pointers; a secret header keeps its scheme, a configured pointer's value becomes REDACTED, and a
// secret value is replaced wherever it appears, in each of SECRET_FORMS (secret-forms.ts).
import { getField, missing, parsePointer, type Segment } from '../util/field-path.js';

export const REDACTED = '<redacted>';

/** Headers that always carry credentials. */
export const CREDENTIAL_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

/** Headers that carry keys by convention: redacted like credentials (no config needed), and flagged by the scanner when not. */
export const KEY_HEADERS: readonly string[] = ['x-api-key', 'api-key', 'x-auth-token'];

/** Where a secret comes from: the environment, a secret header, a cookie, or a configured JSON pointer. */
export const SECRET_KINDS = ['token', 'header', 'cookie', 'field'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** What the config names as secret besides tokens (`redact:` in vouch.config.yaml). */
export interface SecretPlaces {
  /** Extra header names (case-insensitive). */
  headers: readonly string[];
  /** JSON pointers into request and response bodies; `*` matches any key or index. */
  paths: readonly string[];
}

/** Shorter values would match ordinary text; real tokens are far longer. */
export const MIN_SECRET_LENGTH = 6;

/**
 * A value learned from a header or a field is searched for elsewhere only when ordinary text would not hold it by
 * chance: at least MIN_SECRET_LENGTH characters, and not a plain word (`lang=english`, `theme=darkmode`).
 */
const searchable = (v: string): boolean => v.length >= MIN_SECRET_LENGTH && !v.includes(REDACTED) && !(/^[A-Za-z]+$/.test(v) && v.length < 12);

/** A written value that has been scrubbed: REDACTED alone, or after a credential's scheme (`Bearer <redacted>`). */
export const isRedacted = (v: string): boolean => /^\s*(\w+\s+)?<redacted>\s*$/i.test(v);

/** A token variable by the naming convention of the Conventions: VOUCH_<API>_<IDENTITY>_TOKEN. */
export const isTokenVariable = (name: string): boolean => /^VOUCH_.*_TOKEN$/.test(name);

export interface NamedSecret {
  /** Where the value comes from (an environment variable, a header, a JSON pointer), for messages. */
  name: string;
  value: string;
}

/** The variables the config names for its identities' tokens (`targets.API.identities.NAME.tokenEnv`). */
export function configuredTokenEnvs(targets: Record<string, { identities?: Record<string, { tokenEnv?: string }> }> | undefined): string[] {
  return Object.values(targets ?? {}).flatMap((t) => Object.values(t.identities ?? {}).flatMap((i) => (i.tokenEnv ? [i.tokenEnv] : [])));
}

/** The variables that hold a run's tokens: every VOUCH_*_TOKEN and the set variables the config names, sorted. */
export function tokenVariables(env: NodeJS.ProcessEnv, namedInConfig: readonly string[] = []): string[] {
  return [...new Set([...Object.keys(env).filter(isTokenVariable), ...namedInConfig.filter((n) => env[n])])].sort();
}

/** The tokens of a run (tokenVariables), those long enough to look for. */
export function tokenSecrets(env: NodeJS.ProcessEnv, namedInConfig: readonly string[] = []): NamedSecret[] {
  return tokenVariables(env, namedInConfig).flatMap((name) => (env[name] && env[name]!.length >= MIN_SECRET_LENGTH ? [{ name, value: env[name]! }] : []));
}

/** The credential, key and configured headers, lower case. */
export function secretHeaderNames(configured: readonly string[]): string[] {
  return [...new Set([...CREDENTIAL_HEADERS, ...KEY_HEADERS, ...configured.map((h) => h.toLowerCase())])];
}

/** The same set as secretHeaderNames, without building it: this runs for every header of every exchange written. */
export function isSecretHeader(name: string, configured: readonly string[]): boolean {
  const n = name.toLowerCase();
  return CREDENTIAL_HEADERS.includes(n) || KEY_HEADERS.includes(n) || configured.some((c) => c.toLowerCase() === n);
}

/** How a secret header is written: a credential keeps its scheme (`Bearer <redacted>`), which is no secret. */
export function redactedHeader(name: string, value: string): string {
  const scheme = /^(?:proxy-)?authorization$/i.test(name) ? /^([A-Za-z][\w-]*)\s+\S/.exec(value)?.[1] : undefined;
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
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
  return namedHeaderSecrets(name, value).map((s) => s.value);
}

function namedHeaderSecrets(name: string, value: string): NamedSecret[] {
  const n = name.toLowerCase();
  // A credential is learned without its scheme, so an echo reads `Bearer <redacted>`.
  const parts = n === 'authorization' || n === 'proxy-authorization' ? credentialParts(value) : [];
  const out = (parts.length ? parts : [value]).map((v) => ({ name: `the ${n} header`, value: v }));
  const cookies = (pairs: string[]) =>
    pairs.filter((p) => p.includes('=')).flatMap((p) => cookieValues(p).map((v) => ({ name: `the cookie ${p.slice(0, p.indexOf('=')).trim()}`, value: v })));
  if (n === 'cookie') out.push(...cookies(value.split(';')));
  // Several Set-Cookie headers are joined by newlines (transport/http-node.ts); attributes follow the first `;`.
  if (n === 'set-cookie') out.push(...cookies(value.split('\n').map((line) => line.split(';')[0] ?? '')));
  return out.map((s) => ({ ...s, value: s.value.trim() })).filter((s) => searchable(s.value));
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
export function pointerValues(body: unknown, pointers: readonly (readonly Segment[])[]): string[] {
  const out: string[] = [];
  const leaves = (v: unknown): void => {
    if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(leaves);
  };
  for (const p of pointers) for (const v of valuesAt(body, p)) leaves(v);
  return out;
}

/** pointerValues long enough to search for elsewhere. */
export function pointerSecrets(body: unknown, pointers: readonly (readonly Segment[])[]): string[] {
  return pointerValues(body, pointers).filter(searchable);
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

/** Replaces the value at a pointer, in place (on a copy the caller made); absent paths are left alone. */
export function redactAt(root: unknown, segs: readonly Segment[]): unknown {
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

/** A request or a response as far as secrets go. */
export interface MessagePart {
  headers?: Record<string, string>;
  body?: unknown;
}

/** The secrets a message carries in secret headers (cookies value by value) and at configured pointers, named for messages. */
export function partSecrets(part: MessagePart, headers: readonly string[], pointers: readonly (readonly Segment[])[], paths: readonly string[]): NamedSecret[] {
  const found = Object.entries(part.headers ?? {}).flatMap(([k, v]) => (isSecretHeader(k, headers) ? namedHeaderSecrets(k, v) : []));
  if (part.body === undefined) return found;
  pointers.forEach((p, i) => {
    found.push(...pointerSecrets(part.body, [p]).map((value) => ({ name: `the field at ${paths[i] ?? 'a redact path'}`, value })));
  });
  return found;
}
