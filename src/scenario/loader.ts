// Loads scenario files: finds them, parses YAML with positions, checks them against the schema and checks
// what a schema cannot (duplicate ids, variables used before they exist, referenced files). Never sends anything.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import type { Diagnostic, Phase, Scenario, Step } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { parseYamlFile, type ParsedDocument } from './yaml-source.js';
import { cacheDir, cachedParse } from './parse-cache.js';
import { checkScenarioSchema } from './schema-check.js';
import { checkReferences } from './references.js';
import { checkFileRefs } from './file-refs.js';
import { checkRegexMatchers } from './regex-check.js';
import { DEFAULT_FILE_BYTES, readBoundedFile } from '../util/bounded-file.js';

export interface LoadResult {
  scenarios: Scenario[];
  diagnostics: Diagnostic[];
  files: string[];
}

const SKIP_DIRS = new Set(['node_modules', 'examples', 'schemas', '.git']);

export function findScenarioFiles(paths: string[], cwd = process.cwd()): { files: string[]; diagnostics: Diagnostic[] } {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) {
      diagnostics.push(diag('no-such-path', `${p}: no such file or folder`, { hint: 'give a scenario file or a folder of them (default: suites/)' }));
      continue;
    }
    if (statSync(abs).isDirectory()) files.push(...walk(abs));
    else files.push(abs);
  }
  return { files: [...new Set(files)].sort(), diagnostics };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : walk(p);
      return ['.yaml', '.yml'].includes(extname(e.name)) && !e.name.startsWith('vouch.config') ? [p] : [];
    })
    .sort();
}

export interface LoadOptions {
  cwd?: string;
  projectRoot?: string;
  /** The most bytes a scenario file or a file it refers to may have (`limits.fileBytes`). */
  maxFileBytes?: number;
}

export function loadScenarios(paths: string[], opts: LoadOptions = {}): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const found = findScenarioFiles(paths, cwd);
  const diagnostics = [...found.diagnostics];
  const scenarios: Scenario[] = [];
  const cache = cacheDir(opts.projectRoot ?? cwd);
  for (const file of found.files) {
    const r = loadFile(file, opts.projectRoot ?? cwd, cache, opts.maxFileBytes);
    scenarios.push(...r.scenarios);
    diagnostics.push(...r.diagnostics);
  }
  diagnostics.push(...duplicateIds(scenarios));
  if (found.files.length === 0 && found.diagnostics.length === 0) {
    diagnostics.push(diag('no-scenarios', `no scenario files (*.yaml) under ${paths.join(', ')}`, { hint: 'point vouch at a folder of scenario files' }));
  } else if (scenarios.length === 0 && diagnostics.length === 0) {
    // Files that hold no document at all (empty, or only comments): a run of nothing must not pass.
    diagnostics.push(
      diag('no-scenarios', `no scenarios in ${paths.join(', ')}: the YAML files hold no documents`, {
        location: { file: found.files[0]!, line: 1, col: 1 },
        hint: 'write a scenario (id:, title:, api:, steps:) in the file, or point vouch at another folder',
      }),
    );
  }
  return { scenarios, diagnostics, files: found.files };
}

/** A document's problems before it can be built: not a mapping, or not what the scenario schema allows. */
function documentShape(doc: ParsedDocument): Diagnostic[] {
  if (doc.value === null || typeof doc.value !== 'object' || Array.isArray(doc.value)) {
    return [
      diag('schema', 'a scenario must be a YAML mapping (id:, title:, api:, steps:)', {
        location: doc.start,
        hint: 'start the document with `id: ...` at column 1, not a list item or a plain value; see schema/scenario.schema.json',
      }),
    ];
  }
  return checkScenarioSchema(doc.value, doc.locations, doc.start);
}

export function loadFile(
  file: string,
  projectRoot: string,
  cache?: string,
  maxFileBytes = DEFAULT_FILE_BYTES,
): { scenarios: Scenario[]; diagnostics: Diagnostic[] } {
  const read = readBoundedFile(file, maxFileBytes);
  if (!read.ok) {
    const hint =
      read.problem === 'too-large'
        ? `split the file, or raise limits.fileBytes in vouch.config.yaml (now ${maxFileBytes})`
        : 'scenario files are regular YAML files';
    return {
      scenarios: [],
      diagnostics: [
        diag(read.problem === 'too-large' ? 'file-too-large' : 'unreadable', `${file} ${read.message}`, { location: { file, line: 1, col: 1 }, hint }),
      ],
    };
  }
  const text = read.text;
  // The schema check is part of the cached parse: compiling the scenario schema cost each run about 0.3 s, and a
  // file is cached only when every document in it passed (parse-cache.ts).
  const checked = new Map<ParsedDocument, Diagnostic[]>();
  const { docs, diagnostics } = cachedParse(cache, file, text, () => {
    const parsed = parseYamlFile(file, text, maxFileBytes);
    for (const doc of parsed.docs) checked.set(doc, documentShape(doc));
    return { docs: parsed.docs, diagnostics: [...parsed.diagnostics, ...[...checked.values()].flat()] };
  });
  // A hit was checked when it was cached; a miss carries its documents' problems in `diagnostics` already.
  const scenarios: Scenario[] = [];
  for (const doc of docs) {
    if (checked.get(doc)?.length) continue;
    const scenario = buildScenario(doc, file);
    const more = [...checkReferences(scenario), ...checkRegexMatchers(scenario), ...checkFileRefs(scenario, projectRoot, maxFileBytes)];
    diagnostics.push(...more);
    if (!more.some((d) => d.severity === 'error')) scenarios.push(scenario);
  }
  return { scenarios, diagnostics };
}

interface RawStep {
  name: string;
  id?: string;
  as?: string;
  request: Step['request'];
  capture?: Record<string, string | { body?: string; header?: string }>;
  expect?: Record<string, unknown>;
  until?: Record<string, unknown>;
  every?: number | string;
  timeout?: number | string;
}

/** Milliseconds of a duration as the schema allows it: a number of ms, or `500ms`, `2s`, `1m`. */
export function durationMs(d: number | string | undefined, fallback: number): number {
  if (d === undefined) return fallback;
  if (typeof d === 'number') return d;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(d)!;
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm']);
}

function buildScenario(doc: ParsedDocument, file: string): Scenario {
  const v = doc.value as Record<string, unknown> & { setup?: RawStep[]; steps: RawStep[]; teardown?: RawStep[] };
  const steps = (phase: Phase, list: RawStep[] | undefined): Step[] =>
    (list ?? []).map((s, index) => ({
      id: s.id ?? `${phase}-${index + 1}`,
      name: s.name,
      phase,
      index,
      as: s.as ?? 'default',
      request: s.request,
      capture: Object.fromEntries(Object.entries(s.capture ?? {}).map(([k, c]) => [k, typeof c === 'string' ? { body: c } : c])),
      expect: s.expect ?? {},
      pointer: `/${phase}/${index}`,
      ...(s.until ? { poll: { until: s.until, everyMs: durationMs(s.every, 1000), timeoutMs: durationMs(s.timeout, 30_000) } } : {}),
    }));
  return {
    id: v.id as string,
    title: v.title as string,
    description: v.description as string | undefined,
    api: v.api as string,
    operation: v.operation as string | undefined,
    doc: v.doc as Scenario['doc'],
    tags: (v.tags as string[] | undefined) ?? [],
    covers: (v.covers as string[] | undefined) ?? [],
    requires: (v.requires as string[] | undefined) ?? [],
    extended: v.extended as string | undefined,
    severity: v.severity as Scenario['severity'],
    vars: (v.vars as Record<string, unknown> | undefined) ?? {},
    setup: steps('setup', v.setup),
    steps: steps('steps', v.steps),
    teardown: steps('teardown', v.teardown),
    file,
    docIndex: doc.index,
    hash: doc.hash,
    locations: doc.locations,
  };
}

function duplicateIds(scenarios: Scenario[]): Diagnostic[] {
  const first = new Map<string, Scenario>();
  const out: Diagnostic[] = [];
  for (const s of scenarios) {
    const prev = first.get(s.id);
    if (!prev) {
      first.set(s.id, s);
      continue;
    }
    const at = prev.locations.get('/id');
    out.push(
      diag('duplicate-id', `scenario id '${s.id}' is already used${at ? ` at ${at.file}:${at.line}:${at.col}` : ''}`, {
        location: s.locations.get('/id'),
        hint: 'scenario ids name cassettes and results: give each scenario its own id',
      }),
    );
  }
  return out;
}

export function scenarioDir(s: Scenario): string {
  return dirname(s.file);
}
