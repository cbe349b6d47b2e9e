// The conformance claim (reports/conformance.json, schema/conformance.schema.json): what `vouch certify` states about
// an implementation, and everything `vouch verify` re-derives from the evidence to check it. Plain data only.
import type { NotApplicable, Declarations } from '../config/declarations.js';
import type { FingerprintCheck } from '../waivers/fingerprint.js';
import type { WaiverReport } from '../waivers/match.js';

export const CLAIM_FORMAT = 1;

/** Per documented operation and doc section. `partial`: nothing failed, but a waived deviation. */
export type ClaimVerdict = 'conformant' | 'partial' | 'not conformant' | 'not applicable';

/** Per scenario, as the claim states it. A certified run has no `broken` and no unexplained `not run`. */
export type ScenarioClaimVerdict = 'passed' | 'failed' | 'waived' | 'not applicable';

export interface Product {
  vendor: string;
  product: string;
  version: string;
  contact: string;
}

export interface FirstFailedCheck {
  step: string;
  check: string;
  kind: string;
  path: string;
  expected?: unknown;
  actual?: unknown;
  message: string;
  /** file:line:col of the expectation in the suite. */
  source?: string;
}

export interface ScenarioClaim {
  id: string;
  title: string;
  api: string;
  operation: string;
  doc?: { source: string; section: string };
  verdict: ScenarioClaimVerdict;
  /** `core`, or the extended feature it belongs to. */
  profile: string;
  requires: string[];
  firstFailedCheck?: FirstFailedCheck;
  waiver?: { ticket: string; reason: string; expires: string };
  notApplicable?: NotApplicable;
}

export interface GroupClaim {
  api: string;
  verdict: ClaimVerdict;
  /** The scenarios behind the verdict, with theirs. */
  scenarios: { id: string; verdict: ScenarioClaimVerdict }[];
}

export interface OperationClaim extends GroupClaim {
  operation: string;
  /** The documentation sections its scenarios check. */
  sections: string[];
}

export interface SectionClaim extends GroupClaim {
  doc: string;
  section: string;
}

export interface OptionClaim {
  name: string;
  value: boolean;
  /** `declared` quotes the vendor's declaration; `documented default` where the vendor declared nothing. */
  declared: boolean;
  declaration: string;
  /** The scenarios that require it; those it made not applicable. */
  requiredBy: string[];
  notApplicable: string[];
}

export interface ExtendedClaim {
  feature: string;
  declared: boolean;
  declaration?: string;
  /** `passed`, `failed` (or waived: `partial`), or `not declared` (its scenarios are not applicable). */
  result: 'passed' | 'partial' | 'failed' | 'not declared';
  scenarios: { id: string; verdict: ScenarioClaimVerdict }[];
}

export interface VariationClaim {
  rule: string;
  /** What the rule lets a faithful server do, and why (src/variation/rules.ts). */
  allows?: string;
  notes: number;
  scenarios: string[];
}

export interface CoverageItem {
  id: string;
  kind: string;
  doc: string;
  section: string;
  text: string;
  /** Judged in this run by these scenarios (passed, failed or waived). */
  exercisedBy: string[];
  /** Why not exercised, when it was not. */
  why?: string;
}

export interface OperationCoverage {
  /** The catalogue's operation behaviour. */
  id: string;
  text: string;
  method?: string;
  path?: string;
  exercised: boolean;
  /** Response codes the document's behaviours name, those the run's exchanges got, and the documented ones not seen. */
  responseCodes: { documented: number[]; exercised: number[]; notExercised: number[] };
  /** Identities whose requests reached it. */
  identities: string[];
}

export interface IdentityCoverage {
  api: string;
  identity: string;
  exercised: boolean;
  /** Requests it sent, and the response codes they got. */
  requests: number;
  responseCodes: number[];
}

export interface ClaimCoverage {
  catalogue?: { file: string; title: string };
  counts: { behaviours: number; exercised: number; notExercised: number; operations: number; operationsExercised: number };
  operations: OperationCoverage[];
  identities: IdentityCoverage[];
  behaviours: CoverageItem[];
}

export interface SuitesClaim {
  /** sha256:… over the suites' files (claim/digest.ts). */
  digest: string;
  /** The digest the certifier published and the vendor pinned. */
  pinned: string;
  files: number;
  /** Scenario files and folders, as run. */
  paths: string[];
}

export interface Claim {
  $schema: string;
  format: typeof CLAIM_FORMAT;
  kind: 'vouch-conformance-claim';
  /** Core result: `conformant`, `partial` (waived deviations only) or `not conformant`. */
  result: Exclude<ClaimVerdict, 'not applicable'>;
  product: Product;
  vouch: { version: string };
  run: { id: string; mode: string; startedAt: string; createdAt: string };
  targets: { api: string; url: string; reportedVersion?: string }[];
  suites: SuitesClaim;
  counts: Record<ScenarioClaimVerdict | 'total', number>;
  operations: OperationClaim[];
  sections: SectionClaim[];
  extended: ExtendedClaim[];
  options: OptionClaim[];
  waivers: WaiverReport | { file: null; asOf: string; applied: []; unused: []; expired: [] };
  variations: VariationClaim[];
  coverage: ClaimCoverage;
  scenarios: ScenarioClaim[];
}

/** What the claim is derived from: the run's summary, the suites, their cassettes' exchanges, and the declarations. */
export interface ClaimInputs {
  summary: {
    runId: string;
    mode: string;
    startedAt: string;
    targets: Record<string, string>;
    targetVersions?: Record<string, string>;
    waivers?: WaiverReport;
    scenarios: {
      id: string;
      verdict: string;
      failedChecks: { step: string; check: string; kind: string; path: string; expected: unknown; actual: unknown; message: string; source?: string }[];
      notes: { rule?: string }[];
      reason?: string;
      fingerprint?: FingerprintCheck[];
      waiver?: { ticket: string; reason: string; expires: string };
      notApplicable?: NotApplicable;
    }[];
  };
  scenarios: {
    id: string;
    title: string;
    api: string;
    operation?: string;
    doc?: { source: string; section: string };
    covers: string[];
    requires: string[];
    extended?: string;
  }[];
  /** Every exchange of each judged scenario's cassette. */
  exchanges: Map<string, { method: string; path: string; status: number; identity: string }[]>;
  /** Identities the suites and config know, by API (besides those the exchanges show). */
  identities: Record<string, string[]>;
  catalogue?: { file: string; title: string; behaviours: { id: string; doc: string; section: string; kind: string; text: string; notCovered?: string }[] };
  declared: Declarations;
  product: Product;
  suites: SuitesClaim;
  vouchVersion: string;
  createdAt: string;
}
