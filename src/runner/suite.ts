// The plan's scenarios, parsed once per run: `vouch run` leaves them beside the plan (else the runner process does,
// when it lists the tests), and the other processes read them from there instead of parsing the YAML again.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../model/types.js';
import { loadScenarios } from '../scenario/loader.js';
import type { Plan } from './plan.js';

let loaded: { plan: Plan; scenarios: Scenario[]; byId: Map<string, Scenario> } | undefined;

export function planScenarios(plan: Plan): { scenarios: Scenario[]; byId: Map<string, Scenario> } {
  if (loaded?.plan === plan) return loaded;
  let all = readParsed(plan);
  if (!all) {
    all = loadScenarios(plan.files, { cwd: plan.cwd, projectRoot: plan.projectRoot }).scenarios;
    saveParsedScenarios(plan, all);
  }
  const byId = new Map(all.map((s) => [s.id, s]));
  const scenarios = plan.selected.map((id) => byId.get(id)).filter((s): s is Scenario => s !== undefined);
  loaded = { plan, scenarios, byId };
  return loaded;
}

/** Parsing 1,000 scenarios cost each worker 1.5-4 s of CPU (bench/); reading them as JSON costs a few dozen ms. */
const parsedFile = (plan: Plan): string => join(plan.specDir, '..', 'scenarios.json');

function readParsed(plan: Plan): Scenario[] | undefined {
  try {
    const saved = JSON.parse(readFileSync(parsedFile(plan), 'utf8')) as { runId: string; scenarios: Scenario[] };
    if (saved.runId !== plan.runId) return undefined;
    for (const s of saved.scenarios) for (const loc of Object.values(s.locations)) loc.file ??= s.file;
    return saved.scenarios;
  } catch {
    return undefined;
  }
}

export function saveParsedScenarios(plan: Plan, scenarios: Scenario[]): void {
  const file = parsedFile(plan);
  const tmp = `${file}.${process.pid}.tmp`;
  // Most of the bytes would be each location's file name, which is nearly always the scenario's own.
  const compact = scenarios.map((s) => ({ ...s, locations: Object.fromEntries(Object.entries(s.locations).map(([k, loc]) => [k, loc.file === s.file ? { ...loc, file: undefined } : loc])) }));
  try {
    writeFileSync(tmp, JSON.stringify({ runId: plan.runId, scenarios: compact }));
    renameSync(tmp, file);
  } catch {
    // Each worker parses the YAML itself.
  }
}

/** Contiguous slices, so a worker that takes a whole spec file takes neighbouring scenarios. */
export function partOf(scenarios: Scenario[], part: number, parts: number): Scenario[] {
  const n = scenarios.length;
  return scenarios.slice(Math.floor((part * n) / parts), Math.floor(((part + 1) * n) / parts));
}

export function testTitle(s: Scenario): string {
  return `${s.id}: ${s.title}`;
}
