// The run-wide Allure files: categories.json (what kind of deviation each failure is) and environment.properties
// (Vouch version, run id, mode, targets, Kubernetes version when a live server tells it).
import { escapeRegex } from '../util/regex.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../results/plan.js';
import { BROKEN_KINDS, causeTag } from '../results/causes.js';
import type { AllureCategory } from './allure-model.js';
import type { BrokenKind, CheckKind } from '../model/types.js';
import { expectKinds, type ExpectCategory } from '../model/expect-kind.js';
import { FIELD_MISMATCHES } from '../model/expect/fields.js';

/** Failures that no expectation kind reports: a capture that found nothing, a suite error (an undefined variable). */
const HARNESS: ExpectCategory[] = [
  { name: FIELD_MISMATCHES, kinds: ['capture'] },
  { name: 'Suite errors (undefined variables, unknown checks)', kinds: ['variable'] },
];

/** One category per kind of broken cause (results/causes.ts), matched by the `broken[KIND]` its message carries. */
const BROKEN_CATEGORIES: AllureCategory[] = (Object.keys(BROKEN_KINDS) as BrokenKind[]).map((kind) => ({
  name: `${BROKEN_KINDS[kind]} (broken: not judged)`,
  matchedStatuses: ['broken'],
  messageRegex: `.*${escapeRegex(causeTag(kind))}.*`,
}));

/**
 * Allure matches a category's regular expression against the whole status message (Java, DOTALL); the message is
 * the rendered failure, where each failed check reads `error[KIND]` and each broken cause `broken[KIND]`. A scenario
 * with two kinds is in both. The categories of failed checks come from the expectation kinds (model/expect-kind.ts),
 * one per name in the order first named, then the runner's own; then one per broken cause (results/causes.ts), one
 * for a broken attempt that left no record (a time limit, a crashed worker), and waived results.
 */
export function categories(): AllureCategory[] {
  const kinds = new Map<string, CheckKind[]>();
  for (const c of [...expectKinds().flatMap((k) => k.categories), ...HARNESS]) {
    const list = kinds.get(c.name) ?? [];
    kinds.set(c.name, [...list, ...c.kinds.filter((k) => !list.includes(k))]);
  }
  return [
    ...[...kinds].map(([name, list]): AllureCategory => ({ name, matchedStatuses: ['failed'], messageRegex: `.*error\\[${alternatives(list)}\\].*` })),
    ...BROKEN_CATEGORIES,
    { name: 'Broken without a record: time limit, stopped worker (broken: not judged)', matchedStatuses: ['broken'], messageRegex: `(?!.*broken\\[).*` },
    { name: 'Waived deviations (known, ticketed, dated; never passed)', matchedStatuses: ['skipped'], messageRegex: 'waived:.*' },
  ];
}

function alternatives(kinds: CheckKind[]): string {
  const escaped = kinds.map(escapeRegex);
  return escaped.length === 1 ? escaped[0]! : `(${escaped.join('|')})`;
}

export function writeCategories(dir: string): void {
  writeFileSync(join(dir, 'categories.json'), `${JSON.stringify(categories(), null, 2)}\n`);
}

/** What the Allure overview shows beside the results: the run, the targets and their versions, a verdict per operation. */
export interface RunOverview {
  /** Each target's reported version, by API (summary.json's targetVersions). */
  targetVersions?: Record<string, string>;
  /** `API operation` -> verdict (per operation: summary.json's, or the conformance claim's after `vouch certify`). */
  verdicts?: { api: string; operation: string; verdict: string }[];
  /** Where the conformance claim is, relative to the generated report (`vouch certify`). */
  conformance?: { html: string; result: string };
}

export function environmentOf(plan: Plan, overview: RunOverview = {}): Record<string, string> {
  const kubernetesVersion = overview.targetVersions?.['kubernetes'];
  const env: Record<string, string> = {
    'vouch.version': plan.vouchVersion,
    'run.id': plan.runId,
    mode: plan.config.mode,
    'node.version': process.version,
  };
  const targets = Object.values(plan.config.targets);
  if (plan.config.mode === 'replay' || targets.length === 0) env['targets'] = 'cassettes (replay)';
  for (const t of targets) env[`target.${t.api}`] = t.baseUrl;
  if (kubernetesVersion) env['kubernetes.version'] = kubernetesVersion;
  const schemaVersion = plan.config.targets['kubernetes']?.kubernetesVersion ?? plan.config.kubernetesVersion;
  if (schemaVersion) env['kubernetes.schema.version'] = schemaVersion;
  for (const [api, v] of Object.entries(overview.targetVersions ?? {})) if (api !== 'kubernetes') env[`${api}.version`] = v;
  if (overview.conformance) env['conformance'] = `${overview.conformance.result}: ${overview.conformance.html}`;
  for (const o of overview.verdicts ?? []) env[`verdict.${o.api}.${o.operation}`] = o.verdict;
  return env;
}

/**
 * executor.json: the overview's Executors widget shows its build name as a link, the one place Allure's overview
 * takes one; after `vouch certify` it points at the conformance claim (conformance.html beside the report folder).
 */
export function writeExecutor(dir: string, conformance: { html: string; result: string } | undefined, runId: string): void {
  const executor = conformance
    ? {
        name: 'vouch certify',
        type: 'vouch',
        buildName: `Conformance claim: ${conformance.result} (open conformance.html)`,
        buildUrl: conformance.html,
        reportName: 'Vouch conformance claim',
        reportUrl: conformance.html,
        buildOrder: 1,
      }
    : { name: 'vouch run', type: 'vouch', buildName: `run ${runId}`, buildOrder: 1 };
  writeFileSync(
    join(dir, 'executor.json'),
    `${JSON.stringify(executor, null, 2)}
`,
  );
}

/** Java properties: `key=value`, with the characters that would end or split an entry escaped. */
export function writeEnvironment(dir: string, env: Record<string, string>): void {
  const esc = (s: string) =>
    s
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/([=:#!])/g, '\\$1');
  const text = Object.entries(env)
    .map(([k, v]) => `${esc(k)}=${esc(v)}`)
    .join('\n');
  writeFileSync(join(dir, 'environment.properties'), `${text}\n`);
}

/** categories.json, environment.properties and executor.json: what only the whole run knows. */
export function writeAllureRunFiles(dir: string, plan: Plan, overview: RunOverview = {}): void {
  mkdirSync(dir, { recursive: true });
  writeCategories(dir);
  writeEnvironment(dir, environmentOf(plan, overview));
  writeExecutor(dir, overview.conformance, plan.runId);
}
