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

/** Set by `vouch run` for its Playwright runner, and inherited by the workers: the pid of vouch itself. */
export const PARENT_PID_ENV = 'VOUCH_PARENT_PID';

/**
 * `vouch run` starts Playwright's runner first thing, before it even reads its command line: loading Playwright takes
 * the runner most of a second, which vouch's own start-up and the preparation of the plan now overlap. The runner
 * waits on a pipe, at the file descriptor this variable names, for one line: `go ` and a RunnerGo as JSON once the
 * plan is written. The pipe closing without it (a refused run, an interrupted one, vouch gone) ends the runner.
 */
export const PLAN_PIPE_ENV = 'VOUCH_PLAN_PIPE';

/** What a waiting runner is told when it may go: the settings that came from vouch's command line. */
export interface RunnerGo {
  /** The plan file (becomes VOUCH_PLAN). */
  plan: string;
  retries: number;
  workers?: number;
  shard?: { current: number; total: number };
  /**
   * Variables the run adds to the environment of the runner and its workers (a kubeconfig's token, VOUCH_QUIET):
   * set before any worker starts. They go through the pipe, never through a file.
   */
  env: Record<string, string>;
}

export function goLine(go: RunnerGo): string {
  return `go ${JSON.stringify(go)}\n`;
}

/** The RunnerGo in a line the runner read, or undefined for anything else (which stops the runner). */
export function parseGoLine(line: string): RunnerGo | undefined {
  if (!line.startsWith('go ')) return undefined;
  try {
    const go = JSON.parse(line.slice(3)) as RunnerGo;
    return typeof go.plan === 'string' && typeof go.retries === 'number' && go.env && typeof go.env === 'object' ? go : undefined;
  } catch {
    return undefined;
  }
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
