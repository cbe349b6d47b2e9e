// The plan's scenarios, loaded once per process (the runner process lists them, each worker runs them).
import type { Scenario } from '../model/types.js';
import { loadScenarios } from '../scenario/loader.js';
import type { Plan } from './plan.js';

let loaded: { plan: Plan; scenarios: Scenario[]; byId: Map<string, Scenario> } | undefined;

export function planScenarios(plan: Plan): { scenarios: Scenario[]; byId: Map<string, Scenario> } {
  if (loaded?.plan === plan) return loaded;
  const all = loadScenarios(plan.files, { cwd: plan.cwd, projectRoot: plan.projectRoot }).scenarios;
  const byId = new Map(all.map((s) => [s.id, s]));
  const scenarios = plan.selected.map((id) => byId.get(id)).filter((s): s is Scenario => s !== undefined);
  loaded = { plan, scenarios, byId };
  return loaded;
}

/** Contiguous slices, so a worker that takes a whole spec file takes neighbouring scenarios. */
export function partOf(scenarios: Scenario[], part: number, parts: number): Scenario[] {
  const n = scenarios.length;
  return scenarios.slice(Math.floor((part * n) / parts), Math.floor(((part + 1) * n) / parts));
}

export function testTitle(s: Scenario): string {
  return `${s.id}: ${s.title}`;
}
