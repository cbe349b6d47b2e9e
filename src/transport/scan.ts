// `vouch cassettes verify`: scans files (cassettes, reports) for the run's secret values, in every form
// transport/secrets.ts knows (raw, percent-, form-, JSON-escaped, base64, hex, half of it), and for strings that look
// like credentials, and says where (file:line:col). Findings never repeat the secret itself. Files are read in
// bounded pieces (scan-files.ts), so a file of any size is scanned, not skipped.
import { CREDENTIAL_HEADERS, isTokenVariable, KEY_HEADERS, MIN_SECRET_LENGTH, SecretMatcher, type NamedSecret } from './secrets.js';
import { forEachLine, listScanFiles, type ListedFiles } from './scan-files.js';

export { listFiles } from './scan-files.js';
export { MIN_SECRET_LENGTH };

export type SecretValue = NamedSecret;

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
  /** Vouch's own files that hold scenarios, never responses (parsed-scenario cache, plan), not scanned. */
  ownFilesSkipped: number;
  /** Secrets too short to search for without false alarms. */
  ignoredSecrets: string[];
}

export interface ScanOptions {
  /** Header names the config redacts, flagged like the credential headers when a value of theirs is not redacted. */
  headers?: readonly string[];
}

const mask = (s: string): string => `${s.slice(0, 4)}…(${s.length} characters)`;
const isRedacted = (v: string): boolean => /^\s*(\w+\s+)?<redacted>\s*$/i.test(v);
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Pattern {
  kind: FindingKind;
  re: RegExp;
  /** The capture group the finding points at (the regex needs the `d` flag); the whole match otherwise. */
  group?: number;
  /** The message for a hit, or undefined when the hit is fine after all. */
  message: (m: RegExpExecArray) => string | undefined;
}

function patterns(headers: readonly string[]): Pattern[] {
  const names = [...new Set([...CREDENTIAL_HEADERS, ...KEY_HEADERS, ...headers.map((h) => h.toLowerCase())])].map(escapeRe).join('|');
  return [
    { kind: 'bearer-token', re: /\bBearer\s+([A-Za-z0-9\-._~+/]{16,}=*)/gi, message: (m) => `a bearer token that is not redacted (${mask(m[1]!)})` },
    {
      kind: 'credential-header',
      re: new RegExp(`["']?\\b(${names})["']?\\s*[:=]\\s*["']([^"'\\n]+)["']`, 'gi'),
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
}

/** Scans one line of a file (or one window of a very long line, `colBase` characters into it). */
export type LineScanner = (file: string, line: string, n: number, colBase?: number) => ScanFinding[];

/** One finding per spot: a pattern hit that overlaps an earlier finding (a bearer token that is a known secret) is the same leak. */
export function lineScanner(secrets: readonly SecretValue[], opts: ScanOptions = {}): LineScanner {
  const matcher = new SecretMatcher(secrets.filter((s) => s.value.length >= MIN_SECRET_LENGTH));
  const pats = patterns(opts.headers ?? []);
  return (file, line, n, colBase = 0) => {
    const out: ScanFinding[] = [];
    const spans: [number, number][] = [];
    const add = (start: number, length: number, kind: FindingKind, message: string) => {
      if (spans.some(([a, b]) => start < b && a < start + length)) return;
      spans.push([start, start + length]);
      out.push({ file, line: n, col: colBase + start + 1, kind, message });
    };
    for (const h of matcher.find(line)) add(h.index, h.length, 'secret-value', `the value of ${h.name} appears here${h.how === 'as is' ? '' : `, ${h.how}`}`);
    for (const p of pats) {
      for (const m of line.matchAll(p.re)) {
        const message = p.message(m as RegExpExecArray);
        const [start, end] = (p.group !== undefined ? m.indices?.[p.group] : undefined) ?? [m.index ?? 0, (m.index ?? 0) + m[0].length];
        if (message) add(start, end - start, p.kind, message);
      }
    }
    return out;
  };
}

export function scanText(text: string, file: string, secrets: readonly SecretValue[], opts: ScanOptions = {}): ScanFinding[] {
  const scan = lineScanner(secrets, opts);
  return text.split(/\r?\n/).flatMap((line, i) => scan(file, line, i + 1));
}

export function scanPaths(paths: readonly string[], secrets: readonly SecretValue[], opts: ScanOptions = {}): ScanResult {
  const listed: ListedFiles = listScanFiles(paths);
  const scan = lineScanner(secrets, opts);
  const found = new Map<string, ScanFinding>();
  for (const f of listed.files) {
    // The windows of a very long line overlap: a hit in both is one finding.
    forEachLine(f, (line, n, colBase) => scan(f, line, n, colBase).forEach((x) => found.set(`${f}:${x.line}:${x.col}:${x.kind}`, x)));
  }
  const findings = [...found.values()];
  const ignoredSecrets = secrets.filter((s) => s.value.length < MIN_SECRET_LENGTH).map((s) => s.name);
  return { findings, filesScanned: listed.files.length, ownFilesSkipped: listed.ownFiles, ignoredSecrets };
}

/** The named variables, or every `VOUCH_*_TOKEN` (and the token variables the config names) when none is named; unset names are returned apart. */
export function secretsFromEnv(env: NodeJS.ProcessEnv, names?: readonly string[], configured: readonly string[] = []): { secrets: SecretValue[]; unset: string[] } {
  const wanted = names && names.length > 0 ? names : [...new Set([...Object.keys(env).filter(isTokenVariable), ...configured.filter((n) => env[n])])].sort();
  const secrets = wanted.flatMap((name) => (env[name] ? [{ name, value: env[name]! }] : []));
  return { secrets, unset: wanted.filter((n) => !env[n]) };
}
