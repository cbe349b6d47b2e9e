// Derives the conformance claim from the evidence: the run's verdicts (after waivers), the suites' scenarios and
// catalogue, the recorded exchanges, and the vendor's declarations. Pure and deterministic: `vouch certify` writes
// its result, and `vouch verify` derives it again from a bundle's replay and names every difference.
import { RULES, type RuleName } from '../variation/rules.js';
import { deriveCoverage } from './coverage.js';
import {
  CLAIM_FORMAT,
  type Claim,
  type ClaimInputs,
  type ClaimVerdict,
  type ExtendedClaim,
  type FirstFailedCheck,
  type GroupClaim,
  type OperationClaim,
  type OptionClaim,
  type ScenarioClaim,
  type ScenarioClaimVerdict,
  type SectionClaim,
  type VariationClaim,
} from './types.js';

export const CLAIM_SCHEMA_ID = 'https://vouch.dev/schema/conformance.schema.json';

type SummaryScenario = ClaimInputs['summary']['scenarios'][number];

/** Why no claim can be made from this run; empty when one can. */
export function refusals(inputs: Pick<ClaimInputs, 'summary' | 'suites'>): string[] {
  const out: string[] = [];
  if (inputs.suites.digest !== inputs.suites.pinned)
    out.push(`the suites' digest ${inputs.suites.digest} is not the pinned published digest ${inputs.suites.pinned}: the suites were changed`);
  for (const s of inputs.summary.scenarios) {
    if (s.verdict === 'not run' && !s.notApplicable) out.push(`${s.id} was not run without a declared reason (${s.reason ?? 'no reason'})`);
    else if (s.verdict === 'broken') out.push(`${s.id} is broken: Vouch could not judge it (${s.reason ?? 'see the run'})`);
    else if (s.verdict === 'flaky') out.push(`${s.id} passed only on a retry (flaky)`);
  }
  return out;
}

function scenarioVerdict(s: SummaryScenario | undefined): ScenarioClaimVerdict {
  if (!s) return 'failed';
  if (s.verdict === 'passed') return 'passed';
  if (s.verdict === 'waived') return 'waived';
  if (s.verdict === 'not run' && s.notApplicable) return 'not applicable';
  return 'failed';
}

/** Over the scenarios behind one verdict: any failure is not conformant, a waived one partial, none applicable not applicable. */
export function groupVerdict(vs: readonly ScenarioClaimVerdict[]): ClaimVerdict {
  const applicable = vs.filter((v) => v !== 'not applicable');
  if (applicable.length === 0) return 'not applicable';
  if (applicable.includes('failed')) return 'not conformant';
  if (applicable.includes('waived')) return 'partial';
  return 'conformant';
}

function firstFailed(s: SummaryScenario | undefined): FirstFailedCheck | undefined {
  const c = s?.failedChecks[0];
  if (!c) return undefined;
  return {
    step: c.step,
    check: c.check,
    kind: c.kind,
    path: c.path,
    ...(c.expected !== undefined ? { expected: c.expected } : {}),
    ...(c.actual !== undefined ? { actual: c.actual } : {}),
    message: c.message.split('\n')[0]!,
    ...(c.source ? { source: c.source } : {}),
  };
}

function group<K extends string>(list: ScenarioClaim[], key: (s: ScenarioClaim) => K | undefined): Map<K, ScenarioClaim[]> {
  const out = new Map<K, ScenarioClaim[]>();
  for (const s of list) {
    const k = key(s);
    if (k !== undefined) out.set(k, [...(out.get(k) ?? []), s]);
  }
  return out;
}

const members = (list: ScenarioClaim[]): GroupClaim['scenarios'] => list.map((s) => ({ id: s.id, verdict: s.verdict }));

export function deriveClaim(inputs: ClaimInputs): Claim {
  const byId = new Map(inputs.summary.scenarios.map((s) => [s.id, s]));
  const scenarios: ScenarioClaim[] = inputs.scenarios
    .filter((s) => byId.has(s.id))
    .map((s) => {
      const sum = byId.get(s.id);
      const verdict = scenarioVerdict(sum);
      const failed = verdict === 'failed' || verdict === 'waived' ? firstFailed(sum) : undefined;
      return {
        id: s.id,
        title: s.title,
        api: s.api,
        operation: s.operation ?? s.id,
        ...(s.doc ? { doc: { source: s.doc.source, section: s.doc.section } } : {}),
        verdict,
        profile: s.extended ?? 'core',
        requires: s.requires,
        ...(failed ? { firstFailedCheck: failed } : {}),
        ...(verdict === 'waived' && sum?.waiver ? { waiver: { ticket: sum.waiver.ticket, reason: sum.waiver.reason, expires: sum.waiver.expires } } : {}),
        ...(verdict === 'not applicable' && sum?.notApplicable ? { notApplicable: sum.notApplicable } : {}),
      };
    });
  const operations: OperationClaim[] = [...group(scenarios, (s) => `${s.api}\u0000${s.operation}`)].map(([, list]) => ({
    api: list[0]!.api,
    operation: list[0]!.operation,
    verdict: groupVerdict(list.map((s) => s.verdict)),
    sections: [...new Set(list.flatMap((s) => (s.doc ? [`${s.doc.source} § ${s.doc.section}`] : [])))],
    scenarios: members(list),
  }));
  const sections: SectionClaim[] = [...group(scenarios, (s) => (s.doc ? `${s.api}\u0000${s.doc.source}\u0000${s.doc.section}` : undefined))].map(
    ([, list]) => ({
      api: list[0]!.api,
      doc: list[0]!.doc!.source,
      section: list[0]!.doc!.section,
      verdict: groupVerdict(list.map((s) => s.verdict)),
      scenarios: members(list),
    }),
  );
  const core = groupVerdict(scenarios.filter((s) => s.profile === 'core').map((s) => s.verdict));
  const judged = new Set(scenarios.filter((s) => s.verdict !== 'not applicable').map((s) => s.id));
  const notApplicable = new Map(scenarios.filter((s) => s.notApplicable).map((s) => [s.id, s.notApplicable!.declaration]));
  const counts: Claim['counts'] = { total: scenarios.length, passed: 0, failed: 0, waived: 0, 'not applicable': 0 };
  for (const s of scenarios) counts[s.verdict]++;
  const targets = Object.entries(inputs.summary.targets)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([api, url]) => ({ api, url, ...(inputs.summary.targetVersions?.[api] ? { reportedVersion: inputs.summary.targetVersions[api] } : {}) }));
  return {
    $schema: CLAIM_SCHEMA_ID,
    format: CLAIM_FORMAT,
    kind: 'vouch-conformance-claim',
    result: core === 'not applicable' ? 'conformant' : core,
    product: inputs.product,
    vouch: { version: inputs.vouchVersion },
    run: { id: inputs.summary.runId, mode: inputs.summary.mode, startedAt: inputs.summary.startedAt, createdAt: inputs.createdAt },
    targets,
    suites: inputs.suites,
    counts,
    operations,
    sections,
    extended: extendedClaims(inputs, scenarios),
    options: optionClaims(inputs, scenarios),
    waivers: inputs.summary.waivers ?? { file: null, asOf: inputs.summary.startedAt.slice(0, 10), applied: [], unused: [], expired: [] },
    variations: variationClaims(inputs, judged),
    coverage: deriveCoverage(inputs, judged, notApplicable),
    scenarios,
  };
}

function extendedClaims(inputs: ClaimInputs, scenarios: ScenarioClaim[]): ExtendedClaim[] {
  const features = [...new Set([...scenarios.filter((s) => s.profile !== 'core').map((s) => s.profile), ...Object.keys(inputs.declared.extended)])].sort();
  return features.map((feature) => {
    const list = scenarios.filter((s) => s.profile === feature);
    const d = inputs.declared.extended[feature];
    const v = groupVerdict(list.map((s) => s.verdict));
    const result: ExtendedClaim['result'] = !d ? 'not declared' : v === 'not conformant' ? 'failed' : v === 'partial' ? 'partial' : 'passed';
    return { feature, declared: !!d, ...(d ? { declaration: `extended: ${feature} (${d.source})` } : {}), result, scenarios: members(list) };
  });
}

function optionClaims(inputs: ClaimInputs, scenarios: ScenarioClaim[]): OptionClaim[] {
  const names = [...new Set([...inputs.scenarios.flatMap((s) => s.requires), ...Object.keys(inputs.declared.options)])].sort();
  return names.map((name) => {
    const d = inputs.declared.options[name];
    const value = d ? d.value : true;
    return {
      name,
      value,
      declared: !!d,
      declaration: d ? `${name}: ${d.value} (${d.source})` : `${name}: true (the documented behaviour; not declared)`,
      requiredBy: scenarios.filter((s) => s.requires.includes(name)).map((s) => s.id),
      notApplicable: scenarios.filter((s) => s.notApplicable?.kind === 'option' && s.notApplicable.name === name).map((s) => s.id),
    };
  });
}

function variationClaims(inputs: ClaimInputs, judged: ReadonlySet<string>): VariationClaim[] {
  const by = new Map<string, VariationClaim>();
  for (const s of inputs.summary.scenarios) {
    if (!judged.has(s.id)) continue;
    for (const n of s.notes) {
      if (!n.rule) continue;
      const e = by.get(n.rule) ?? { rule: n.rule, ...(n.rule in RULES ? { allows: RULES[n.rule as RuleName].allows } : {}), notes: 0, scenarios: [] };
      e.notes++;
      if (!e.scenarios.includes(s.id)) e.scenarios.push(s.id);
      by.set(n.rule, e);
    }
  }
  return [...by.values()].sort((a, b) => b.notes - a.notes || a.rule.localeCompare(b.rule));
}
