// A cache of parsed scenario files, so that a run whose YAML did not change does not parse it again: parsing with
// source positions cost about 1.1 ms per scenario (1.1 s of every run's start-up at 1,000 scenarios; bench/).
// One entry per YAML file, named by a hash of its path, holding a hash of the text it was parsed from: an edited
// file is parsed again and its entry replaced, so the cache never holds more entries than there are files.
// Where: $VOUCH_CACHE_DIR, else node_modules/.cache/vouch in the project (the usual home of tool caches), else the
// system's temporary folder. VOUCH_CACHE_DIR=off turns it off. Any failure to read or write it only costs a parse.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../model/types.js';
import { SourceMap } from '../model/source-map.js';
import { vouchVersion } from '../util/version.js';
import { writeFileAtomicSync } from '../util/atomic-write.js';
import type { ParsedDocument } from './yaml-source.js';
import { scenarioSchema } from './schema-expect.js';
import { expectKindsVersion } from '../model/expect-kind.js';

export type Parsed = { docs: ParsedDocument[]; diagnostics: Diagnostic[] };

/** Bump when ParsedDocument or what the parser puts in it changes. */
const FORMAT = 2;

/**
 * The parser's and the schema check's own build: a rebuilt yaml-source.js or schema-check.js, or another scenario
 * schema (an edited file or expectation kind, or one registered in this process) misses every entry. An entry is
 * only written for a file whose every document passed the schema, so a hit also stands for that check.
 */
function parserStamp(): string {
  const builds = ['./yaml-source.js', './schema-check.js'].map((rel) => {
    try {
      const st = statSync(fileURLToPath(new URL(rel, import.meta.url)));
      return `${st.size}-${Math.round(st.mtimeMs)}`;
    } catch {
      return 'unknown';
    }
  });
  let schema = 'unknown';
  try {
    schema = createHash('sha1').update(JSON.stringify(scenarioSchema())).digest('hex');
  } catch {
    // an unreadable schema: the check itself reports it
  }
  return [...builds, schema].join('/');
}

let stamp: { version: number; value: string } | undefined;

export function cacheDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env['VOUCH_CACHE_DIR'];
  if (set !== undefined && set !== '') return set === 'off' ? undefined : set;
  const modules = join(projectRoot, 'node_modules');
  if (existsSync(modules)) return join(modules, '.cache', 'vouch', 'parsed');
  let user = 'user';
  try {
    user = String(userInfo().uid);
  } catch {
    // no user database entry: a shared name
  }
  return join(tmpdir(), `vouch-cache-${user}`, 'parsed');
}

/** The parse of `text` (the content of `file`): from the cache when the same text was parsed before, else `parse`. */
export function cachedParse(dir: string | undefined, file: string, text: string, parse: () => Parsed): Parsed {
  if (!dir) return parse();
  if (stamp?.version !== expectKindsVersion()) stamp = { version: expectKindsVersion(), value: parserStamp() };
  const entry = join(dir, `${createHash('sha1').update(file).digest('hex')}.json`);
  const key = createHash('sha1').update(`${FORMAT}\0${vouchVersion}\0${stamp.value}\0`).update(text).digest('hex');
  try {
    const hit = JSON.parse(readFileSync(entry, 'utf8')) as { key: string; file: string; parsed: Parsed };
    if (hit.key === key && hit.file === file) {
      for (const doc of hit.parsed.docs) doc.locations = SourceMap.from(doc.locations, file);
      return hit.parsed;
    }
  } catch {
    // absent or unreadable: parse
  }
  const parsed = parse();
  // Files with errors are parsed each time (their messages must be fresh), and so are values JSON cannot carry.
  if (parsed.diagnostics.length) return parsed;
  const json = toJsonExactly({ key, file, parsed });
  if (json === undefined) return parsed;
  try {
    mkdirSync(dir, { recursive: true });
    prune(dir);
    writeFileAtomicSync(entry, json, { durable: false });
  } catch {
    // a read-only project or a full disk: no cache
  }
  return parsed;
}

/** Most entries a cache keeps; past it, the older half goes (projects in temporary folders leave entries behind). */
const MAX_ENTRIES = 5000;
let pruned = false;

/** Once per process, at its first new entry. */
function prune(dir: string): void {
  if (pruned) return;
  pruned = true;
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const aged = names.map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { n } of aged.slice(0, names.length - MAX_ENTRIES / 2)) rmSync(join(dir, n), { force: true });
}

/** JSON text that parses back to the same value, or undefined (YAML's .inf and .nan would come back as null). */
function toJsonExactly(value: unknown): string | undefined {
  let exact = true;
  const json = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) exact = false;
    return v;
  });
  return exact ? json : undefined;
}
