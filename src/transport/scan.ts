// `vouch cassettes verify`: scans files (cassettes, reports) for the run's secret values and for strings that look
// like credentials, and says where (file:line:col). Findings never repeat the secret itself.
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretValue {
  /** Where the value comes from (an environment variable's name), for messages. */
  name: string;
  value: string;
}

export type FindingKind = 'secret-value' | 'bearer-token' | 'credential-header' | 'jwt' | 'hex-token';

export interface ScanFinding {
  file: string;
  line: number;
  col: number;
  kind: FindingKind;
  message: string;
}

export interface ScanResult {
  findings: ScanFinding[];
  filesScanned: number;
  /** Secrets too short to search for without false alarms. */
  ignoredSecrets: string[];
}

/** Shorter values would match ordinary text; real tokens are far longer. */
export const MIN_SECRET_LENGTH = 6;
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', '.git']);

const mask = (s: string): string => `${s.slice(0, 4)}…(${s.length} characters)`;
const isRedacted = (v: string): boolean => /^\s*(\w+\s+)?<redacted>\s*$/i.test(v);

interface Pattern {
  kind: FindingKind;
  re: RegExp;
  /** The capture group the finding points at (the regex needs the `d` flag); the whole match otherwise. */
  group?: number;
  /** The message for a hit, or undefined when the hit is fine after all. */
  message: (m: RegExpExecArray, line: string) => string | undefined;
}

const PATTERNS: Pattern[] = [
  { kind: 'bearer-token', re: /\bBearer\s+([A-Za-z0-9\-._~+/]{16,}=*)/gi, message: (m) => `a bearer token that is not redacted (${mask(m[1]!)})` },
  {
    kind: 'credential-header',
    re: /["']?\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token)["']?\s*[:=]\s*["']([^"'\n]+)["']/gi,
    message: (m) => (isRedacted(m[2]!) ? undefined : `a '${m[1]!.toLowerCase()}' value that is not redacted (${mask(m[2]!)})`),
  },
  { kind: 'jwt', re: /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, message: (m) => `a JWT (${mask(m[0])})` },
  {
    kind: 'hex-token',
    // A long hex string right after a credential name (`"token": "…"`, `authorization: …`), not anywhere on a line that
    // mentions one: a single-line JSON report holds both words and hex ids far apart.
    re: /(?:authoriz\w*|token|api[-_]?key|secret|passw\w*|bearer|cookie)["']?\s*[:=]?\s*["']?(?:\w+\s+)?\b([0-9a-fA-F]{32,})\b/dgi,
    group: 1,
    message: (m) => `a long hex token next to a credential name (${mask(m[1]!)})`,
  },
];

function secretForms(secrets: readonly SecretValue[]): { name: string; form: string }[] {
  return secrets.flatMap((s) => [...new Set([s.value, encodeURIComponent(s.value)])].map((form) => ({ name: s.name, form })));
}

/** One finding per spot: a pattern hit that overlaps an earlier finding (a bearer token that is a known secret) is the same leak. */
function scanLine(line: string, file: string, n: number, forms: { name: string; form: string }[]): ScanFinding[] {
  const out: ScanFinding[] = [];
  const spans: [number, number][] = [];
  const add = (start: number, length: number, kind: FindingKind, message: string) => {
    if (spans.some(([a, b]) => start < b && a < start + length)) return;
    spans.push([start, start + length]);
    out.push({ file, line: n, col: start + 1, kind, message });
  };
  for (const { name, form } of forms) {
    for (let at = line.indexOf(form); at >= 0; at = line.indexOf(form, at + form.length)) add(at, form.length, 'secret-value', `the value of ${name} appears here`);
  }
  for (const p of PATTERNS) {
    for (const m of line.matchAll(p.re)) {
      const message = p.message(m as RegExpExecArray, line);
      const [start, end] = (p.group !== undefined ? m.indices?.[p.group] : undefined) ?? [m.index ?? 0, (m.index ?? 0) + m[0].length];
      if (message) add(start, end - start, p.kind, message);
    }
  }
  return out;
}

export function scanText(text: string, file: string, secrets: readonly SecretValue[]): ScanFinding[] {
  const forms = secretForms(secrets.filter((s) => s.value.length >= MIN_SECRET_LENGTH));
  return text.split(/\r?\n/).flatMap((line, i) => scanLine(line, file, i + 1, forms));
}

function looksBinary(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8000);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** Every text file under the paths (files or folders); missing paths are the caller's business. */
export function listFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    if (!existsSync(p)) return [];
    const st = statSync(p);
    if (st.isDirectory()) return readdirSync(p).sort().filter((n) => !SKIP_DIRS.has(n)).flatMap((n) => listFiles([join(p, n)]));
    return st.isFile() && st.size <= MAX_FILE_BYTES && !looksBinary(p) ? [p] : [];
  });
}

export function scanPaths(paths: readonly string[], secrets: readonly SecretValue[]): ScanResult {
  const files = listFiles(paths);
  const findings = files.flatMap((f) => scanText(readFileSync(f, 'utf8'), f, secrets));
  const ignoredSecrets = secrets.filter((s) => s.value.length < MIN_SECRET_LENGTH).map((s) => s.name);
  return { findings, filesScanned: files.length, ignoredSecrets };
}

/** The named variables, or every `VOUCH_*_TOKEN` when none is named; unset names are returned apart. */
export function secretsFromEnv(env: NodeJS.ProcessEnv, names?: readonly string[]): { secrets: SecretValue[]; unset: string[] } {
  const wanted = names && names.length > 0 ? names : Object.keys(env).filter((k) => /^VOUCH_.*_TOKEN$/.test(k)).sort();
  const secrets = wanted.flatMap((name) => (env[name] ? [{ name, value: env[name]! }] : []));
  return { secrets, unset: wanted.filter((n) => !env[n]) };
}
