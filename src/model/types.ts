// The central, plain types every layer passes around: scenarios, exchanges, check results, verdicts, diagnostics.
// Nothing here executes anything; each layer imports these and nothing from the layers above it.
import type { SourceMap } from './source-map.js';

export interface SourceLocation {
  file: string;
  line: number;
  col: number;
  /** How many characters the caret underlines (the culprit's length), where known. */
  length?: number;
}

export type Severity = 'error' | 'warning' | 'note';

/** Every message a user sees. One renderer (renderDiagnostic in model/diagnostic.ts) prints them all. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  /** What went wrong, one sentence. */
  message: string;
  location?: SourceLocation;
  /** A JSON path inside the scenario or the response, when the location is not a file position. */
  path?: string;
  hint?: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** A value from YAML that may contain `${...}` templates; resolved by scenario/template.ts at run time. */
export type Templated = unknown;

export interface DocRef {
  /** The documentation source (seed file, URL or page). */
  source: string;
  section: string;
  url?: string;
}

export interface RequestSpec {
  method: HttpMethod;
  path: string;
  query?: Record<string, Templated>;
  headers?: Record<string, Templated>;
  /** Inline JSON body. */
  json?: Templated;
  /** A JSON body read from a file, relative to the scenario file. */
  jsonFile?: string;
  /** A raw body sent as is, with `contentType`. */
  body?: string;
  contentType?: string;
}

export interface CaptureSpec {
  /** JSON pointer (`/metadata/uid`) or JSONPath (`$.metadata.uid`) into the response body. */
  body?: string;
  /** A response header name. */
  header?: string;
}

export type Phase = 'setup' | 'steps' | 'teardown';

export interface Step {
  /** Stable id for references (`${steps.put.response.body.status}`); defaults to `<phase>-<index>`. */
  id: string;
  name: string;
  phase: Phase;
  index: number;
  as: string;
  request: RequestSpec;
  capture: Record<string, CaptureSpec>;
  /** Expectations by key (status, headers, body, schema, example, ...): see model/expect-kind.ts and assertions/registry.ts. */
  expect: Record<string, unknown>;
  /** JSON pointer of this step inside the scenario document, for locating messages. */
  pointer: string;
  /** A polling step: the request is sent again until `until` holds (every `everyMs`, for at most `timeoutMs`). */
  poll?: { until: Record<string, unknown>; everyMs: number; timeoutMs: number };
}

export interface Scenario {
  id: string;
  title: string;
  description?: string;
  api: string;
  /** The documented operation this scenario checks (for per-operation verdicts). */
  operation?: string;
  doc?: DocRef;
  tags: string[];
  /** The documented behaviours it checks, by id in the behaviour catalogue (`vouch coverage`). */
  covers: string[];
  /** Declared deployment options it needs (vouch.config.yaml `options:`); one declared false makes it not applicable. */
  requires: string[];
  /** The extended feature it belongs to (Gateway API's core vs extended): it applies only where the vendor declares it. */
  extended?: string;
  severity?: 'blocker' | 'critical' | 'normal' | 'minor' | 'trivial';
  vars: Record<string, Templated>;
  setup: Step[];
  steps: Step[];
  teardown: Step[];
  /** Absolute path of the YAML file and the document's index inside it. */
  file: string;
  docIndex: number;
  /** sha256 of the scenario document's source text; cassettes remember it. */
  hash: string;
  /** Position of every node of the document, by JSON pointer (packed: model/source-map.ts). */
  locations: SourceMap;
}

export interface ExchangeRequest {
  method: string;
  /** Full URL (target base URL + path + query). */
  url: string;
  path: string;
  query: Record<string, string>;
  /** Headers as sent, with credentials replaced by `<redacted>`. */
  headers: Record<string, string>;
  bodyText?: string;
  /** The JSON body, when there is one (for matching and for records); else `bodyText` alone. */
  body?: unknown;
  identity: string;
}

export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  /** Parsed JSON when the body is JSON; undefined otherwise. */
  body?: unknown;
  /** The bytes were not valid UTF-8 (bodyText has U+FFFD in their place), so the body is not JSON. */
  invalidUtf8?: boolean;
  durationMs: number;
}

/** Why the transport gave no answer (transport/http-common.ts classifies the network's failures). */
export type TransportErrorKind =
  | 'refused'
  | 'dns'
  | 'tls'
  | 'timeout'
  | 'reset'
  | 'unreadable-body'
  /** A redirect loop past the limit, or a redirect to a scheme Vouch never follows (file:, data:). */
  | 'redirect'
  | 'no-cassette'
  /** The cassette cannot be read or is not a valid cassette. */
  | 'bad-cassette'
  | 'stale-cassette'
  | 'no-match'
  | 'network-refused'
  | 'other';

/** Why a step or scenario is broken: a transport failure, an undefined variable in `vars`, or the user's Ctrl-C. */
export type BrokenKind = TransportErrorKind | 'variable' | 'interrupted';

/** A broken verdict's cause as data: reports group by `kind` (results/causes.ts); people read message and hint. */
export interface BrokenCause {
  kind: BrokenKind;
  message: string;
  hint?: string;
}

export interface TransportError extends BrokenCause {
  kind: TransportErrorKind;
}

export interface Exchange {
  request: ExchangeRequest;
  response?: ExchangeResponse;
  error?: TransportError;
  /** `live` or `replay`, so a report can say where the answer came from. */
  source: 'live' | 'replay';
}

/** The kinds of failure, so reports group and explain them without parsing strings. */
export type CheckKind =
  | 'status'
  | 'header'
  | 'body'
  | 'schema'
  | 'example'
  | 'relation'
  | 'authorization'
  | 'capture'
  | 'transport'
  | 'variable'
  | ExtensionCheckKind;

/** The kind of failure of an expectation kind registered outside this list (model/expect-kind.ts), for its own category. */
export type ExtensionCheckKind = `x-${string}`;

export interface CheckResult {
  check: string;
  kind: CheckKind;
  /** Where in the response (JSON path) or the exchange this applies. */
  path: string;
  expected: unknown;
  actual: unknown;
  passed: boolean;
  /** A failed check with severity 'warning' or 'note' does not fail the step (documentation drift, unknown fields). */
  severity: Severity;
  message: string;
  source?: SourceLocation;
  /** Structured detail for reports (diff entries, schema violations). */
  detail?: unknown;
  /** For a note: the variation rule (src/variation/rules.ts) that allowed what a faithful server did differently. */
  rule?: string;
}

export type Verdict = 'passed' | 'failed' | 'broken' | 'skipped';

export interface StepResult {
  id: string;
  name: string;
  phase: Phase;
  verdict: Verdict;
  exchange?: Exchange;
  checks: CheckResult[];
  /** The transport's failure when broken. */
  error?: TransportError;
  durationMs: number;
  /** A polling step's attempts before the last one (the last is `exchange`), each with its `until` checks. */
  attempts?: { exchange: Exchange; checks: CheckResult[] }[];
}

export interface ScenarioResult {
  id: string;
  title: string;
  api: string;
  operation?: string;
  file: string;
  verdict: Verdict;
  steps: StepResult[];
  /** Variables at the end of the run (generated names, captures); recorded into cassettes. */
  vars: Record<string, unknown>;
  mode: Mode;
  durationMs: number;
  /** Why the scenario could not run (missing cassette, undefined variable in vars, interrupted). */
  error?: BrokenCause;
  cassette?: ScenarioCassette;
}

/** The cassette a scenario replayed or recorded. */
export interface ScenarioCassette {
  path: string;
  recordedAt?: string;
  unused: number;
  /** The scenario changed since the cassette was recorded: the command that re-records it. */
  stale?: string;
  /** SHA-256 of the cassette this run replayed, or wrote: its evidence (absent when the run used none, or kept an old one). */
  sha256?: string;
  /** What the target said of its version when the cassette was recorded (Kubernetes /version). */
  serverVersion?: string;
}

export type Mode = 'live' | 'record' | 'replay' | 'auto';
