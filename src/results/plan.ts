// The run's contract, part 1: the plan (what the CLI decided: files, selected scenarios, config, run id), read by the
// Playwright config, the spec files, the workers and the reporters, and the paths under the run's `.vouch/` folder.
// It holds names of token variables, never tokens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RunConfig } from '../config/types.js';
import type { Declarations, NotApplicable } from '../config/declarations.js';
import type { WaiverFile } from '../waivers/file.js';

export interface Plan {
  format: 1;
  runId: string;
  createdAt: string;
  cwd: string;
  projectRoot: string;
  files: string[];
  /** The scenario files and folders the run was given, as given (for commands that repeat the run). */
  paths?: string[];
  /** The selected scenarios' ids (after --tag and --grep), in order. */
  selected: string[];
  /** Scenario ids that are not run, with the reason (no target for their API). */
  notRun: Record<string, string>;
  config: RunConfig;
  vouchVersion: string;
  /** Folder of the generated spec files (several, so workers take whole files). */
  specDir: string;
  parts: number;
  reporters: string[];
  /** Extra Playwright reporters asked for with --reporter. */
  extraReporters: string[];
  /** `vouch verify`: `${env.NAME}` reads as the placeholder `<env.NAME>`, never the environment. */
  envPlaceholders?: boolean;
  /** Replay: these unset variables are used only where their value is redacted, and read as `<env.NAME>` (runner/env-placeholders.ts). */
  placeholderEnv?: string[];
  /** Declared deployment options and extended features (config/declarations.ts). */
  declared?: Declarations;
  /** Scenarios that do not apply to the declared deployment, with the declaration behind each (also in notRun). */
  notApplicable?: Record<string, NotApplicable>;
  /** The waivers of known deviations, as read, and the day they are judged on. */
  waivers?: WaiverFile & { asOf: string };
  /** What each target said of its version when the run was prepared (Kubernetes: GET /version). */
  targetVersions?: Record<string, string>;
}

export const PLAN_ENV = 'VOUCH_PLAN';

/**
 * `vouch run` starts Playwright's runner while it is still preparing the plan (loading Playwright took the runner
 * about a second, which the preparation now overlaps): the runner waits for this file before it reads its config.
 * It holds `go PLANFILE` once the plan is written, or `abort` when the run stops before it starts.
 */
export const PLAN_READY_ENV = 'VOUCH_PLAN_READY';

export function planReadyFile(outputDir: string): string {
  return join(planDir(outputDir), 'plan-ready');
}

/** Short, DNS-label-safe, unique enough to name fixtures of parallel runs on one server. */
export function newRunId(): string {
  return `r${Date.now().toString(36).slice(-5)}${randomBytes(3).toString('hex')}`;
}

export function planDir(outputDir: string): string {
  return join(outputDir, '.vouch');
}

/** Where workers append one record per scenario attempt, the run's results log (results/log.ts). */
export function resultsDir(outputDir: string): string {
  return join(planDir(outputDir), 'results');
}

/** Where a stopped worker leaves the cause for the scenario it was running (runner/watchdog.ts writes it). */
export function causeFile(outputDir: string, scenarioId: string): string {
  return join(planDir(outputDir), 'watchdog', `${encodeURIComponent(scenarioId)}.txt`);
}

/** Made by `vouch run` at the first Ctrl-C; workers start no new step once it exists (see cli/run.ts). */
export function interruptFile(outputDir: string): string {
  return join(planDir(outputDir), 'interrupt');
}

let cached: Plan | undefined;

export function readPlan(): Plan {
  if (cached) return cached;
  const file = process.env[PLAN_ENV];
  if (!file)
    throw new Error(
      `${PLAN_ENV} is not set: run the suites with \`vouch run\`, or with \`npx playwright test\` in the project (its playwright.config.js sets it)`,
    );
  cached = JSON.parse(readFileSync(file, 'utf8')) as Plan;
  return cached;
}
