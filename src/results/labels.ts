// The run's contract, part 4: what the reports say about a scenario before it runs (its API, operation, title,
// tags, severity, suite file, target, documentation). The runner gives them to Playwright as annotations (so
// Playwright's own reporters show them) and Vouch's Allure writer turns them into labels, description and links.
import { relative } from 'node:path';
import type { Plan } from './plan.js';
import type { ScenarioHead } from './scenarios.js';

/** The annotation that names a test's scenario; Allure shows it as the `vouchId` label. */
export const ID_LABEL = 'vouchId';

/** The scenario's labels, as [name, value] pairs (tags apart: each is a `tag` label). */
export function scenarioLabels(s: ScenarioHead, plan: Plan): [string, string][] {
  const target = plan.config.targets[s.api];
  const live = plan.config.mode !== 'replay' && target !== undefined;
  const labels: [string, string | undefined][] = [
    [ID_LABEL, s.id],
    ['epic', s.api],
    ['feature', s.operation ?? s.id],
    ['story', s.title],
    ['severity', s.severity ?? 'normal'],
    ['parentSuite', s.api],
    ['suite', relative(plan.cwd, s.file) || s.file],
    ['target', live ? `${s.api}=${target.baseUrl}` : 'cassettes'],
    ['mode', plan.config.mode],
    ['docSource', s.doc?.source],
    ['docSection', s.doc?.section],
    ['docUrl', s.doc?.url],
  ];
  return labels.filter((l): l is [string, string] => !!l[1]);
}

/** The scenario's description and where it is documented, as one text (empty when it has neither). */
export function scenarioDescription(s: ScenarioHead): string {
  const doc = s.doc ? `Documented in ${s.doc.source}, section "${s.doc.section}".` : '';
  return [s.description?.trim(), doc].filter(Boolean).join('\n\n');
}
