// The plan's scenarios, parsed once per run by whoever makes the plan (`vouch run`, or the Playwright config under
// a bare `npx playwright test`), and left beside the plan in three shapes: the heads, what defining a test needs (id,
// title, tags, report labels), in an index of the whole run (read by the runner and its reports) and per spec part
// (read by each process that defines the part's tests: a worker reads only its own parts'), and the whole scenarios
// of each spec part, read only by the worker that runs that part.
// Parsing 1,000 scenarios cost each process 1.5-4 s of CPU; reading them whole as one JSON file still cost each
// process about 0.3 s, most of it the source positions of every node (bench/results.md).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../model/types.js';
import { SourceMap } from '../model/source-map.js';
import { writeFileAtomicSync } from '../util/atomic-write.js';
import type { Plan } from './plan.js';

/** A scenario as a test definition sees it: no steps, no variables, no source positions. */
export type ScenarioHead = Omit<Scenario, 'setup' | 'steps' | 'teardown' | 'vars' | 'locations'> & { part: number };

interface Index {
  runId: string;
  heads: ScenarioHead[];
}

const dirOf = (plan: Plan): string => join(plan.specDir, '..', 'scenarios');
const indexFile = (plan: Plan): string => join(dirOf(plan), 'index.json');
const partFile = (plan: Plan, part: number): string => join(dirOf(plan), `part-${String(part).padStart(2, '0')}.json`);
const headsFile = (plan: Plan, part: number): string => join(dirOf(plan), `heads-${String(part).padStart(2, '0')}.json`);

let heads: { plan: Plan; list: ScenarioHead[]; byId: Map<string, ScenarioHead> } | undefined;
/** The whole scenarios of the one part this process read last: a worker runs a part's tests one after another. */
let loaded: { plan: Plan; part: number; byId: Map<string, Scenario> } | undefined;

/** The selected scenarios' heads, in plan order. */
export function planHeads(plan: Plan): { list: ScenarioHead[]; byId: Map<string, ScenarioHead> } {
  if (heads?.plan === plan) return heads;
  const saved = readJson<Index>(indexFile(plan));
  if (saved?.runId !== plan.runId) throw stale(plan, indexFile(plan));
  const list = saved.heads;
  heads = { plan, list, byId: new Map(list.map((h) => [h.id, h])) };
  return heads;
}

/**
 * The heads of one spec part's scenarios, in plan order: what defining its tests needs, without the whole run's
 * index (at 5,000 scenarios, 1.8 MB that each worker held for as long as it lived).
 */
export function partHeads(plan: Plan, part: number): ScenarioHead[] {
  const saved = readJson<Index>(headsFile(plan, part));
  if (saved?.runId !== plan.runId) throw stale(plan, headsFile(plan, part));
  return saved.heads;
}

/**
 * One whole scenario of the plan, from its spec part (the index says which, when the caller does not). The part's
 * file is read when the first of its scenarios runs here, and replaces the part read before: a worker holds one part
 * (at most PART_SIZE scenarios), however many the run has.
 */
export function planScenario(plan: Plan, id: string, part = planHeads(plan).byId.get(id)?.part): Scenario | undefined {
  if (part === undefined) return undefined;
  if (loaded?.plan !== plan || loaded.part !== part) {
    const saved = readJson<{ runId: string; scenarios: Scenario[] }>(partFile(plan, part));
    if (saved?.runId !== plan.runId) throw stale(plan, partFile(plan, part));
    loaded = { plan, part, byId: new Map(saved.scenarios.map((s) => [s.id, reviveLocations(s)])) };
  }
  return loaded.byId.get(id);
}

/** Another run writing into the same output folder meanwhile replaced the files this run planned with. */
function stale(plan: Plan, file: string): Error {
  return new Error(
    `${file} is missing or belongs to another run than ${plan.runId}: two runs share the output folder ${plan.config.outputDir}; give each its own with --output`,
  );
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** A scenario's source map names its file only where that is not the scenario's own (model/source-map.ts). */
function reviveLocations(s: Scenario): Scenario {
  s.locations = SourceMap.from(s.locations, s.file);
  return s;
}

function compactLocations(s: Scenario): Omit<Scenario, 'locations'> & { locations: { file?: string; packed: string } } {
  const { file, packed } = s.locations;
  return { ...s, locations: file === s.file ? { packed } : { file, packed } };
}

/** Writes the index, and each part's heads and scenarios, of the selected scenarios (in plan order); returns the heads. */
export function saveParsedScenarios(plan: Plan, selected: Scenario[]): ScenarioHead[] {
  const list: ScenarioHead[] = [];
  const parts: Scenario[][] = Array.from({ length: plan.parts }, () => []);
  const partsHeads: ScenarioHead[][] = Array.from({ length: plan.parts }, () => []);
  selected.forEach((s, i) => {
    const part = partIndex(i, selected.length, plan.parts);
    const { setup: _setup, steps: _steps, teardown: _teardown, vars: _vars, locations: _locations, ...head } = s;
    const h = { ...head, part };
    list.push(h);
    partsHeads[part]!.push(h);
    parts[part]!.push(s);
  });
  mkdirSync(dirOf(plan), { recursive: true });
  parts.forEach((p, i) => {
    writeFileAtomicSync(partFile(plan, i), JSON.stringify({ runId: plan.runId, scenarios: p.map(compactLocations) }), { durable: false });
    writeFileAtomicSync(headsFile(plan, i), JSON.stringify({ runId: plan.runId, heads: partsHeads[i]! } satisfies Index), { durable: false });
  });
  writeFileAtomicSync(indexFile(plan), JSON.stringify({ runId: plan.runId, heads: list } satisfies Index), { durable: false });
  return list;
}

/** The most scenarios one spec part holds, so that a worker's memory does not grow with the run (planScenario). */
export const PART_SIZE = 250;

/**
 * How many spec parts a run of n scenarios is cut into: enough for every worker and shard to take two (Playwright
 * hands a worker whole files), at least 8, and none over PART_SIZE.
 */
export function partCount(n: number, o: { workers?: number; shards?: number } = {}): number {
  return Math.max(1, Math.min(n, Math.max(8, 2 * (o.shards ?? 1), 2 * (o.workers ?? 1), Math.ceil(n / PART_SIZE))));
}

/** Contiguous slices, so a worker that takes a whole spec file takes neighbouring scenarios. */
export function partIndex(i: number, n: number, parts: number): number {
  // The inverse of partOf: part p holds [floor(p*n/parts), floor((p+1)*n/parts)).
  let p = Math.min(parts - 1, Math.floor((i * parts) / n));
  while (p > 0 && i < Math.floor((p * n) / parts)) p--;
  while (p < parts - 1 && i >= Math.floor(((p + 1) * n) / parts)) p++;
  return p;
}

export function partOf<T>(items: T[], part: number, parts: number): T[] {
  const n = items.length;
  return items.slice(Math.floor((part * n) / parts), Math.floor(((part + 1) * n) / parts));
}

export function testTitle(s: { id: string; title: string }): string {
  return `${s.id}: ${s.title}`;
}
