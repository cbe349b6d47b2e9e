// Which failed scenario a waiver waives, computed once per result and shared by the reporters of the run (terminal
// and summary.json, JUnit, Allure): the scenario's fingerprint against the plan's waivers, on the plan's day.
import type { ScenarioResult } from '../model/types.js';
import type { Plan } from '../results/plan.js';
import { planScenario } from '../results/scenarios.js';
import { fingerprintOf, type FingerprintCheck } from '../waivers/fingerprint.js';
import { waiverFor } from '../waivers/match.js';
import type { ScenarioSummary } from './summary.js';

const prints = new WeakMap<ScenarioResult, FingerprintCheck[]>();

/** The fingerprint of a failed scenario's failure; undefined for any other verdict. */
export function fingerprintFor(plan: Plan, result: ScenarioResult | undefined): FingerprintCheck[] | undefined {
  if (result?.verdict !== 'failed') return undefined;
  let f = prints.get(result);
  if (!f) {
    let scenario: ReturnType<typeof planScenario>;
    try {
      scenario = planScenario(plan, result.id);
    } catch {
      scenario = undefined;
    }
    f = fingerprintOf(result, scenario);
    prints.set(result, f);
  }
  return f;
}

/** The waiver that waives this result's failure, as summary.json records it; undefined when none does. */
export function waiverOf(plan: Plan, result: ScenarioResult | undefined): ScenarioSummary['waiver'] {
  const fingerprint = fingerprintFor(plan, result);
  if (!result || !fingerprint || !plan.waivers) return undefined;
  const w = waiverFor({ id: result.id, verdict: result.verdict, fingerprint }, plan.waivers, plan.waivers.asOf);
  return w ? { file: plan.waivers.file, ticket: w.ticket, reason: w.reason, expires: w.expires } : undefined;
}

/** The one line every report gives a waived scenario. */
export function waivedLine(w: NonNullable<ScenarioSummary['waiver']>): string {
  return `waived: ${w.ticket} (${w.file}, until ${w.expires}): ${w.reason}`;
}
