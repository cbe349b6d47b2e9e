// `vouch cassettes scan`: scans files (cassettes, reports) for every secret transport/secrets.ts says a writer
// scrubs, in every form it scrubs (SECRET_FORMS), and for strings that look like credentials, and says where
// (file:line:col). Tokens come from the environment; the values of secret headers (cookies value by value) and of the
// config's redact paths are learned from the files themselves, where they were left unredacted, and then searched for
// everywhere, like the worker does. Findings never repeat the secret itself. Files are read in bounded pieces
// (scan-files.ts), so a file of any size is scanned, not skipped.
import { escapeRegex } from '../util/regex.js';
import type { Segment } from '../util/field-path.js';
import {
  isRedacted,
  MIN_SECRET_LENGTH,
  parsePointers,
  partSecrets,
  pointerValues,
  secretHeaderNames,
  tokenVariables,
  type NamedSecret,
  type SecretPlaces,
} from '../transport/secrets.js';
import { SecretMatcher } from '../transport/secret-forms.js';
import { forEachLine, jsonDocuments, listScanFiles, type ListedFiles } from './scan-files.js';

export { listFiles } from './scan-files.js';
export { MIN_SECRET_LENGTH };

export type SecretValue = NamedSecret;

export type FindingKind = 'secret-value' | 'secret-field' | 'bearer-token' | 'credential-header' | 'jwt' | 'hex-token';

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

/** What the config's `redact:` names: its headers are flagged like the credential headers, its paths in JSON bodies. */
export type ScanOptions = Partial<SecretPlaces>;

const mask = (s: string): string => `${s.slice(0, 4)}…(${s.length} characters)`;

/** A quoted value as written: a JSON string is decoded (a secret with a quote in it is learned whole). */
function unquote(q: string): string {
  if (q.startsWith("'")) return q.slice(1, -1);
  try {
    return JSON.parse(q) as string;
  } catch {
    return q.slice(1, -1);
  }
}

interface Pattern {
  kind: FindingKind;
  re: RegExp;
  /** The capture group the finding points at (the regex needs the `d` flag); the whole match otherwise. */
  group?: number;
  /** The message for a hit, or undefined when the hit is fine after all. */
  message: (m: RegExpExecArray) => string | undefined;
  /** The secrets a hit gives away, to be searched for everywhere else. */
  learn?: (m: RegExpExecArray) => NamedSecret[];
}

function patterns(headers: readonly string[]): Pattern[] {
  const names = secretHeaderNames(headers).map(escapeRegex).join('|');
  return [
    { kind: 'bearer-token', re: /\bBearer\s+([A-Za-z0-9\-._~+/]{16,}=*)/gi, message: (m) => `a bearer token that is not redacted (${mask(m[1]!)})` },
    {
      kind: 'credential-header',
      re: new RegExp(`["']?\\b(${names})["']?\\s*[:=]\\s*("(?:[^"\\\\\\n]|\\\\.)+"|'[^'\\n]+')`, 'gi'),
      message: (m) => (isRedacted(unquote(m[2]!)) ? undefined : `a '${m[1]!.toLowerCase()}' value that is not redacted (${mask(unquote(m[2]!))})`),
      learn: (m) => (isRedacted(unquote(m[2]!)) ? [] : partSecrets({ headers: { [m[1]!.toLowerCase()]: unquote(m[2]!) } }, headers, [], [])),
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
type LineScanner = (file: string, line: string, n: number, colBase?: number) => ScanFinding[];

interface Scanner {
  line: LineScanner;
  /** Learns the values at the redact paths of every `body` in these JSON documents; findings for those too short to search for. */
  json(file: string, text: string, docs: unknown[]): ScanFinding[];
  /** How many secrets were learned from the files so far (a scan learning some must read the files again). */
  learned(): number;
}

/**
 * One finding per spot: a pattern hit that overlaps an earlier finding (a bearer token that is a known secret) is the
 * same leak. A learned secret is searched for after the patterns, so the header it was learned from stays a header finding.
 */
function scanner(secrets: readonly SecretValue[], opts: ScanOptions = {}): Scanner {
  const matcher = new SecretMatcher(secrets.filter((s) => s.value.length >= MIN_SECRET_LENGTH));
  const learned = new SecretMatcher();
  let learnedCount = 0;
  const learn = (found: NamedSecret[]) => void (learned.add(found) && (learnedCount += 1));
  const pats = patterns(opts.headers ?? []);
  const paths = opts.paths ?? [];
  const pointers: Segment[][] = parsePointers(paths);
  const line: LineScanner = (file, text, n, colBase = 0) => {
    const out: ScanFinding[] = [];
    const spans: [number, number][] = [];
    const add = (start: number, length: number, kind: FindingKind, message: string) => {
      if (spans.some(([a, b]) => start < b && a < start + length)) return;
      spans.push([start, start + length]);
      out.push({ file, line: n, col: colBase + start + 1, kind, message });
    };
    const addHit = (h: { index: number; length: number; name: string; how: string }) =>
      add(h.index, h.length, 'secret-value', `the value of ${h.name} appears here${h.how === 'as is' ? '' : `, ${h.how}`}`);
    matcher.find(text).forEach(addHit);
    for (const p of pats) {
      for (const m of text.matchAll(p.re)) {
        const message = p.message(m as RegExpExecArray);
        if (p.learn) learn(p.learn(m as RegExpExecArray));
        const [start, end] = (p.group !== undefined ? m.indices?.[p.group] : undefined) ?? [m.index ?? 0, (m.index ?? 0) + m[0].length];
        if (message) add(start, end - start, p.kind, message);
      }
    }
    learned.find(text).forEach(addHit);
    return out;
  };
  const json: Scanner['json'] = (file, text, docs) => {
    if (!pointers.length) return [];
    const out: ScanFinding[] = [];
    const visit = (v: unknown): void => {
      if (v === null || typeof v !== 'object') return;
      if (!Array.isArray(v) && Object.hasOwn(v, 'body')) {
        const body = (v as { body: unknown }).body;
        const searchable = partSecrets({ body }, [], pointers, paths);
        learn(searchable);
        const searched = new Set(searchable.map((x) => x.value));
        for (const value of pointerValues(body, pointers).filter((x) => !isRedacted(x) && !searched.has(x))) out.push(fieldFinding(file, text, value));
      }
      Object.values(v).forEach(visit);
    };
    docs.forEach(visit);
    return out;
  };
  return { line, json, learned: () => learnedCount };
}

/** A value at a redact path too short to search for elsewhere: flagged where it is written, without repeating it. */
function fieldFinding(file: string, text: string, value: string): ScanFinding {
  const quoted = text.indexOf(JSON.stringify(value));
  const at = Math.max(0, quoted >= 0 ? quoted : text.indexOf(value));
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return {
    file,
    line,
    col: at - before.lastIndexOf('\n'),
    kind: 'secret-field',
    message: `a value at a redact path that is not redacted (${value.length} character${value.length === 1 ? '' : 's'})`,
  };
}

/**
 * Scans sources twice when the first reading learned a secret (a header or field left unredacted), so that its echoes
 * before the spot it was learned from are found too; a clean set of files is read once.
 */
function scanAll(sources: readonly string[], each: (source: string, s: Scanner, found: Map<string, ScanFinding>) => void, s: Scanner): ScanFinding[] {
  let found = new Map<string, ScanFinding>();
  for (const src of sources) each(src, s, found);
  if (s.learned() > 0) {
    found = new Map();
    for (const src of sources) each(src, s, found);
  }
  return [...found.values()];
}

const keyOf = (x: ScanFinding): string => `${x.file}:${x.line}:${x.col}:${x.kind}`;

export function scanText(text: string, file: string, secrets: readonly SecretValue[], opts: ScanOptions = {}): ScanFinding[] {
  const docs = (() => {
    try {
      return [JSON.parse(text) as unknown];
    } catch {
      return [];
    }
  })();
  return scanAll(
    [text],
    (t, s, found) => {
      for (const x of s.json(file, t, docs)) found.set(keyOf(x), x);
      t.split(/\r?\n/).forEach((line, i) => {
        for (const x of s.line(file, line, i + 1)) found.set(keyOf(x), x);
      });
    },
    scanner(secrets, opts),
  );
}

export function scanPaths(paths: readonly string[], secrets: readonly SecretValue[], opts: ScanOptions = {}): ScanResult {
  const listed: ListedFiles = listScanFiles(paths);
  const findings = scanAll(
    listed.files,
    (f, s, found) => {
      const json = opts.paths?.length ? jsonDocuments(f) : undefined;
      if (json) for (const x of s.json(f, json.text, json.docs)) found.set(keyOf(x), x);
      // The windows of a very long line overlap: a hit in both is one finding.
      forEachLine(f, (line, n, colBase) => {
        for (const x of s.line(f, line, n, colBase)) found.set(keyOf(x), x);
      });
    },
    scanner(secrets, opts),
  );
  const ignoredSecrets = secrets.filter((s) => s.value.length < MIN_SECRET_LENGTH).map((s) => s.name);
  return { findings, filesScanned: listed.files.length, ownFilesSkipped: listed.ownFiles, ignoredSecrets };
}

/** The named variables, or the run's token variables (secrets.ts's tokenVariables) when none is named; unset names are returned apart. */
export function secretsFromEnv(
  env: NodeJS.ProcessEnv,
  names?: readonly string[],
  configured: readonly string[] = [],
): { secrets: SecretValue[]; unset: string[] } {
  const wanted = names && names.length > 0 ? names : tokenVariables(env, configured);
  const secrets = wanted.flatMap((name) => (env[name] ? [{ name, value: env[name]! }] : []));
  return { secrets, unset: wanted.filter((n) => !env[n]) };
}
