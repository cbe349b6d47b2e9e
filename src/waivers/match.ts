// Judging waivers against a run: a failed scenario whose failed checks are exactly a waiver's fingerprint is
// `waived` (never passed); a different failure on the same scenario is not; an expired waiver waives nothing and
// fails the run; a waiver that matched nothing is reported, so it can be removed.
import { describeCheck, sameFingerprint, type FingerprintCheck } from './fingerprint.js';
import type { Waiver, WaiverFile } from './file.js';

/** A waiver as reports show it: everything but its position. */
export interface WaiverEntry {
  scenario: string;
  reason: string;
  ticket: string;
  expires: string;
  fingerprint: FingerprintCheck[];
}

export interface UnusedWaiver extends WaiverEntry {
  /** Why it matched nothing: the scenario passed, failed differently, was not judged or is not in the run. */
  why: string;
}

export interface WaiverReport {
  file: string;
  /** The day the waivers were judged on (the run's start, UTC): a later verify judges them on the same day. */
  asOf: string;
  applied: WaiverEntry[];
  unused: UnusedWaiver[];
  expired: WaiverEntry[];
}

/** What a scenario looks like to the waivers: its verdict and, when it failed, its fingerprint. */
export interface JudgedScenario {
  id: string;
  verdict: string;
  fingerprint?: FingerprintCheck[];
}

const entry = (w: Waiver): WaiverEntry => ({ scenario: w.scenario, reason: w.reason, ticket: w.ticket, expires: w.expires, fingerprint: w.fingerprint });

export function isExpired(w: Pick<Waiver, 'expires'>, asOf: string): boolean {
  return asOf > w.expires;
}

/** The waiver that waives this failure, if any: not expired, same scenario, exactly the same failed checks. */
export function waiverFor(s: JudgedScenario, file: WaiverFile | undefined, asOf: string): Waiver | undefined {
  if (!file || s.verdict !== 'failed' || !s.fingerprint?.length) return undefined;
  return file.waivers.find((w) => w.scenario === s.id && !isExpired(w, asOf) && sameFingerprint(w.fingerprint, s.fingerprint!));
}

function whyUnused(w: Waiver, s: JudgedScenario | undefined, other: Waiver | undefined): string {
  if (!s) return 'its scenario is not in this run';
  if (other) return 'another waiver of the same scenario matched its failure';
  if (s.verdict === 'passed' || s.verdict === 'flaky') return 'the scenario passed: the deviation is gone; remove the waiver';
  if (s.verdict === 'failed' && s.fingerprint) {
    const other = s.fingerprint.filter((f) => !w.fingerprint.some((x) => sameFingerprint([x], [f])));
    const first = other[0] ?? s.fingerprint[0];
    return `the scenario failed differently${first ? ` (${describeCheck(first)})` : ''}; the waiver covers only its own failure`;
  }
  return `the scenario was ${s.verdict}`;
}

/** Every waiver of the file against the run's scenarios (their verdicts before waiving). */
export function judgeWaivers(
  scenarios: readonly JudgedScenario[],
  file: WaiverFile | undefined,
  asOf: string,
): { waived: Map<string, Waiver>; report?: WaiverReport } {
  const waived = new Map<string, Waiver>();
  if (!file) return { waived };
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  for (const s of scenarios) {
    const w = waiverFor(s, file, asOf);
    if (w) waived.set(s.id, w);
  }
  const used = new Set(waived.values());
  const report: WaiverReport = { file: file.file, asOf, applied: [...used].map(entry), unused: [], expired: [] };
  for (const w of file.waivers) {
    if (isExpired(w, asOf)) report.expired.push(entry(w));
    else if (!used.has(w)) report.unused.push({ ...entry(w), why: whyUnused(w, byId.get(w.scenario), waived.get(w.scenario)) });
  }
  return { waived, report };
}
