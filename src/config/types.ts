// The resolved run configuration: targets per API, identities, TLS, and what the worker needs to run.
// It is written to the run's plan file, so it holds the NAMES of the environment variables with tokens, never tokens.
import type { Mode } from '../model/types.js';

export interface TlsConfig {
  /** PEM file of a CA to trust (reaches workers through NODE_EXTRA_CA_CERTS). */
  ca?: string;
  cert?: string;
  key?: string;
  insecureSkipVerify?: boolean;
}

export interface IdentityConfig {
  /** The environment variable that holds the bearer token. */
  tokenEnv?: string;
  /** Sends no credential and needs none (the built-in `anonymous`, or `anonymous: true` in vouch.config.yaml). */
  anonymous?: boolean;
}

export interface TargetConfig {
  api: string;
  baseUrl: string;
  /** Where the URL came from (flag, config, environment, kubeconfig), for messages. */
  from: string;
  timeoutMs: number;
  tls: TlsConfig;
  identities: Record<string, IdentityConfig>;
  /** `none`: the API takes no credential, so no identity needs or sends one (vouch.config.yaml `auth: none`). */
  auth?: 'none' | 'bearer';
  kubernetesVersion?: string;
}

export interface RunConfig {
  mode: Mode;
  targets: Record<string, TargetConfig>;
  timeoutMs: number;
  cassetteDir: string;
  outputDir: string;
  redact: { headers: string[]; paths: string[] };
  strictSchema: boolean;
  kubernetesVersion?: string;
  /** --check: record into a temporary folder and compare. */
  check: boolean;
  /** --strict-cassettes: a stale cassette makes its scenario broken instead of replaying with a note. */
  strictCassettes?: boolean;
  limits: Limits;
}

/** Caps on what a suite or a target can make a run read or wait for; each one hit is a named refusal or a broken step. */
export interface Limits {
  /** A scenario file or a file it refers to (body, schema, example). */
  fileBytes: number;
  /** A response body as it arrives (before decompression). */
  responseBytes: number;
  /** A response body after decompression. */
  decodedBytes: number;
  /** The whole scenario, setup to teardown, in ms. */
  scenarioMs: number;
}
