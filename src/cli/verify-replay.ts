// The replay `vouch verify` runs on an unpacked bundle, built here and nowhere else: the bundled scenario paths are
// handed to the planner as data (never as a command line), no config file is read, the mode is replay (cassettes
// only, network refused), `${env.NAME}` reads as a placeholder, and Playwright runs with a whitelisted environment
// (no token, no secret, no Vouch setting) in a process group killed at the wall-clock limit.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDiagnostics } from '../model/diagnostic.js';
import { interruptFile, PLAN_ENV } from '../results/plan.js';
import { prepareRun } from '../runner/prepare.js';
import type { RunSummary } from '../report/summary.js';
import type { Declarations } from '../config/declarations.js';
import { runPlaywright } from './playwright-process.js';

const pwCli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const pwConfig = fileURLToPath(new URL('../runner/pw.config.js', import.meta.url));

/** What the replay may see of the certifier's environment: where programs and temporary files are, and the locale. */
const KEPT_VARIABLES = [
  'PATH',
  'HOME',
  'USERPROFILE',
  'TMPDIR',
  'TMP',
  'TEMP',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TERM',
  'NO_COLOR',
  'FORCE_COLOR',
  'SYSTEMROOT',
  'SystemRoot',
  'COMSPEC',
  'PATHEXT',
  'WINDIR',
];

/** A whitelist, not a blacklist: a secret under a name nobody thought of stays out too. */
export function sealedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && (KEPT_VARIABLES.includes(k) || k.startsWith('LC_'))));
}

export interface BundleReplay {
  /** The unpacked bundle. */
  dir: string;
  /** Scenario files and folders, relative to `dir`, checked by evidence/manifest-check.ts. */
  paths: string[];
  cassettes: string;
  kubernetesVersion?: string;
  strictSchema: boolean;
  /** Where the replay's reports go. */
  out: string;
  timeLimitMs: number;
  /** A certification bundle's declarations, waivers file (relative to `dir`) and the day its waivers were judged on. */
  declared?: Declarations;
  waivers?: string;
  waiversAsOf?: string;
}

export type ReplayOutcome = { summary: RunSummary } | { code: string; problem: string; interrupted?: boolean };

export async function replayBundle(r: BundleReplay): Promise<ReplayOutcome> {
  const env = sealedEnv(process.env);
  const prepared = prepareRun({
    paths: r.paths,
    targets: [],
    mode: 'replay',
    tags: [],
    output: r.out,
    cassettes: join(r.dir, r.cassettes),
    strictSchema: r.strictSchema || undefined,
    kubernetesVersion: r.kubernetesVersion,
    reporters: [],
    extraReporters: [],
    cwd: r.dir,
    env,
    sealed: true,
    ...(r.declared ? { declared: r.declared } : {}),
    ...(r.waivers ? { waivers: r.waivers } : {}),
    ...(r.waiversAsOf ? { waiversAsOf: r.waiversAsOf } : {}),
  });
  if (!prepared.plan || !prepared.planFile)
    return { code: 'bundle-suites', problem: `the bundled suites cannot be replayed:\n${renderDiagnostics(prepared.diagnostics)}` };
  const childEnv: NodeJS.ProcessEnv = { ...env, PW_DISABLE_TS_ESM: '1', [PLAN_ENV]: prepared.planFile, VOUCH_QUIET: '1', VOUCH_CACHE_DIR: 'off' };
  const args = [pwCli, 'test', '-c', pwConfig, '--retries', '0'];
  const pw = await runPlaywright(args, childEnv, interruptFile(prepared.plan.config.outputDir), { timeLimitMs: r.timeLimitMs, capture: true });
  if (pw.timedOut)
    return {
      code: 'verify-time-limit',
      problem: `the replay did not finish within ${r.timeLimitMs / 1000} s (--time-limit); it was stopped, with all its processes`,
    };
  if (pw.interrupted) return { code: 'interrupted', problem: 'the replay was interrupted (Ctrl-C)', interrupted: true };
  const file = join(prepared.plan.config.outputDir, 'summary.json');
  if (!existsSync(file)) return { code: 'verify-replay', problem: `the replay wrote no summary (Playwright exited ${pw.code}): ${lastLines(pw.stderr ?? '')}` };
  return { summary: JSON.parse(readFileSync(file, 'utf8')) as RunSummary };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ') || 'no message';
}
