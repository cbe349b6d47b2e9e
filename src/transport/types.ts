// The transport seam: the runner hands over a rendered request and gets an Exchange back. Modes (live, record,
// replay, auto) are entries in transport/modes.ts with these same few methods; a transport never judges.
import type { Exchange, ExchangeRequest, ExchangeResponse, Mode, Scenario, TransportError } from '../model/types.js';

/** The request an exchange records, as it goes out: with its credentials, a time limit and the step sending it. */
export interface OutgoingRequest extends ExchangeRequest {
  /** Headers to send, credentials included; `redactedHeaders` (the exchange's `headers`) is what may be written anywhere. */
  headers: Record<string, string>;
  redactedHeaders: Record<string, string>;
  timeoutMs: number;
  /** The id of the scenario step sending it, recorded with the exchange (`--check` reads its expectations). */
  step?: string;
}

/** Sends one request over the network (or through nock's interceptors). */
export interface HttpClient {
  send(req: OutgoingRequest): Promise<{ response: ExchangeResponse } | { error: TransportError }>;
  dispose(): Promise<void>;
}

export interface ScenarioSession {
  /** Variables recorded with the cassette (run.id, generated names), restored on replay. */
  recordedVars?: Record<string, unknown>;
  /** Where the answers come from, for reports. */
  source: 'live' | 'replay';
  cassettePath?: string;
  recordedAt?: string;
  /** The target's version as the cassette recorded it (replay) or as the run was told it (record). */
  serverVersion?: string;
  /** Problems found when opening the cassette (stale hash...), reported as notes or failures of the scenario. */
  notes: string[];
  /** The cassette is stale (the scenario changed since it was recorded): the command that re-records it. */
  stale?: string;
  /** Differences the variation model allowed while answering (a generated id in a path), each a note with its rule. */
  allowed?: { rule: string; message: string }[];
  /** A reason the scenario cannot run at all (missing cassette in replay): it is broken. */
  blocked?: TransportError;
  send(req: OutgoingRequest): Promise<Exchange>;
  /** Finishes the scenario: in record mode writes the cassette atomically (unless `keep` says the old one stays). */
  finish(outcome: ScenarioOutcome): Promise<{ unused: number; written?: string; sha256?: string }>;
}

export interface ScenarioOutcome {
  vars: Record<string, unknown>;
  /** True when an exchange failed in transport: a recording keeps the previous cassette. */
  transportFailed: boolean;
  interrupted?: boolean;
}

export interface Transport {
  readonly mode: Mode;
  begin(scenario: Scenario): Promise<ScenarioSession>;
  close(): Promise<void>;
}

export interface TransportOptions {
  mode: Mode;
  /** Folder holding cassettes: cassettes/<api>/<scenario-id>.json */
  cassetteDir: string;
  /** Where `--check` writes fresh recordings instead of cassetteDir. */
  recordDir?: string;
  vouchVersion: string;
  /** Target name and base URL per API, for cassette metadata. */
  targets: Record<string, { baseUrl: string; serverVersion?: string }>;
  /** Secret values to scrub from anything written (tokens). */
  secrets: string[];
  /** Extra header names and JSON pointers to redact (from the config). */
  redact: { headers: string[]; paths: string[] };
  /** --strict-cassettes: a stale cassette blocks its scenario (broken) instead of being replayed with a note. */
  strictCassettes?: boolean;
  client: HttpClient;
}
