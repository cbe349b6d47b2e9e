// The assertion seam: a pure function from (expectation, exchange, context) to CheckResults. Never throws on a
// mismatch, never prints, never sends a request.
import type { CheckResult, Exchange, Scenario, SourceLocation, Step } from '../model/types.js';
import type { ExpectKind } from '../model/expect-kind.js';

export interface AssertionContext {
  scenario: Scenario;
  step: Step;
  /** Exchanges of the steps run so far in this scenario (including this one), by step id. */
  exchanges: Record<string, Exchange>;
  /** Resolves `${...}` templates inside an expectation (variables, captures, steps). */
  resolve(value: unknown): unknown;
  /** The source position of a node of this step's expectation, by JSON pointer relative to `expect` (`/status`). */
  locate(pointer: string): SourceLocation | undefined;
  /** Options from the config/CLI (kubernetes version, strict schema). */
  options: AssertionOptions;
}

export interface AssertionOptions {
  kubernetesVersion?: string;
  strictSchema?: boolean;
}

/** An expectation kind (its key, schema, categories and file references) with the evaluator that checks it. */
export interface Assertion extends ExpectKind {
  check(expectation: unknown, exchange: Exchange, ctx: AssertionContext): CheckResult[];
}
