// Prepares a run before anything is sent: config and targets resolved, scenarios loaded and selected
// (--tag, --grep), credentials and environment variables checked, and the plan written for Playwright.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic, Scenario } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { readConfigFile, type ConfigRead } from '../config/file.js';
import { checkCredentials, resolveRunConfig, type TargetFlags } from '../config/resolve.js';
import { checkTargetApis, nothingJudged } from '../config/target-apis.js';
import { loadScenarios } from '../scenario/loader.js';
import { findRefs } from '../scenario/template.js';
import { vouchVersion } from '../util/version.js';
import { newRunId, planDir, type Plan } from '../results/plan.js';
import { writePlan } from './spec-files.js';
import { partCount, saveParsedScenarios, testTitle } from '../results/scenarios.js';
import { cassettePath, readCassette } from '../transport/cassette.js';
import { DiagnosticError } from '../model/diagnostic.js';
import { redactedOnlyEnv } from './env-placeholders.js';
import { inapplicable, readDeclarations, type DeclarationOptions } from './declare.js';
import { allSteps } from '../model/steps.js';

/** What a run is asked: the target flags (config/resolve.ts declares them once), the selection, and the run's shape. */
export interface RunOptions extends Omit<DeclarationOptions, 'cwd' | 'sealed'>, TargetFlags {
  paths: string[];
  config?: string;
  grep?: string;
  tags: string[];
  workers?: number;
  shardTotal?: number;
  reporters: string[];
  extraReporters: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `vouch verify`: no config file is read (not even ./vouch.config.yaml), and `${env.NAME}` reads as a placeholder. */
  sealed?: boolean;
  /** --allow-empty: a run whose every scenario is `not run` goes ahead (and exits 0) instead of exit 2. */
  allowEmpty?: boolean;
}

export interface Prepared {
  plan?: Plan;
  planFile?: string;
  selected: Scenario[];
  diagnostics: Diagnostic[];
}

export function prepareRun(o: RunOptions): Prepared {
  const configFile = o.config ? resolve(o.cwd, o.config) : join(o.cwd, 'vouch.config.yaml');
  const fileRes: ConfigRead = o.sealed ? { config: {}, diagnostics: [] } : readConfigFile(configFile, o.config !== undefined);
  const { config, diagnostics } = resolveRunConfig(fileRes.config, { ...o, targets: o.targets, output: resolve(o.cwd, o.output) }, o.env, dirname(configFile));
  diagnostics.unshift(...fileRes.diagnostics);
  if (config.check && config.mode !== 'record')
    diagnostics.push(diag('bad-flag', '--check goes with --mode record', { hint: 'run: vouch run --mode record --check --target API=URL' }));
  const loaded = loadScenarios(o.paths, { cwd: o.cwd, projectRoot: o.cwd, maxFileBytes: config.limits.fileBytes });
  diagnostics.push(...loaded.diagnostics.filter((d) => d.severity === 'error'));
  if (diagnostics.length) return { selected: [], diagnostics };
  diagnostics.push(...checkTargetApis(config, loaded.scenarios, o.paths, fileRes.locations));
  const decl = readDeclarations(o, fileRes, configFile, loaded.scenarios);
  diagnostics.push(...decl.diagnostics);
  if (diagnostics.length) return { selected: [], diagnostics };
  const selected = select(loaded.scenarios, o, diagnostics);
  if (diagnostics.length) return { selected, diagnostics };
  // A declared reason first: a scenario that does not apply is not run whatever the targets.
  const notApplicable = inapplicable(selected, decl.declared);
  const notRun: Record<string, string> = Object.fromEntries(Object.entries(notApplicable).map(([id, na]) => [id, na.reason]));
  if (config.mode !== 'replay') {
    for (const s of selected) if (!config.targets[s.api] && !notRun[s.id]) notRun[s.id] = `no target for API ${s.api} (add --target ${s.api}=URL)`;
  }
  const runnable = selected.filter((s) => !notRun[s.id]);
  // Not applicable is a verdict of its own; only scenarios left without a target judge nothing.
  const empty = o.allowEmpty
    ? undefined
    : nothingJudged(
        selected.filter((s) => !notApplicable[s.id]),
        notRun,
        config,
      );
  if (empty) return { selected, diagnostics: [empty] };
  // A replay needs no secret: what is only ever sent where it is redacted reads as a placeholder when unset.
  const placeholderEnv = config.mode === 'replay' && !o.sealed ? redactedOnlyEnv(runnable, config.redact).filter((n) => o.env[n] === undefined) : [];
  diagnostics.push(...checkCredentials(config, runnable, o.env), ...(o.sealed ? [] : checkEnvRefs(runnable, o.env, new Set(placeholderEnv))));
  if (config.mode === 'replay' || config.mode === 'auto') diagnostics.push(...checkCassettes(runnable, config.cassetteDir));
  if (diagnostics.length) return { selected, diagnostics };
  const parts = partCount(selected.length, { workers: o.workers, shards: o.shardTotal });
  const plan: Plan = {
    format: 1,
    runId: newRunId(),
    createdAt: new Date().toISOString(),
    cwd: o.cwd,
    projectRoot: o.cwd,
    files: [...new Set(selected.map((s) => s.file))],
    paths: o.paths,
    selected: selected.map((s) => s.id),
    notRun,
    config,
    vouchVersion,
    specDir: join(planDir(config.outputDir), 'specs'),
    parts,
    reporters: o.reporters,
    extraReporters: o.extraReporters,
    ...(o.sealed ? { envPlaceholders: true } : {}),
    ...(placeholderEnv.length ? { placeholderEnv } : {}),
    declared: decl.declared,
    notApplicable,
    ...(decl.waivers ? { waivers: decl.waivers } : {}),
  };
  const planFile = writePlan(plan);
  saveParsedScenarios(plan, selected);
  return { plan, planFile, selected, diagnostics };
}

/** Playwright's --grep matches the title and the @tags; --tag keeps scenarios with any of the tags. */
export function grepText(s: Scenario): string {
  return `${testTitle(s)} ${s.tags.map((t) => `@${t}`).join(' ')}`;
}

function select(all: Scenario[], o: RunOptions, diagnostics: Diagnostic[]): Scenario[] {
  let out = all;
  if (o.tags.length) out = out.filter((s) => s.tags.some((t) => o.tags.includes(t)));
  if (o.grep !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(o.grep);
    } catch (e) {
      diagnostics.push(
        diag('bad-grep', `--grep '${o.grep}' is not a regular expression: ${(e as Error).message}`, {
          hint: 'quote the pattern; it is a JavaScript regular expression',
        }),
      );
      return [];
    }
    out = out.filter((s) => re.test(grepText(s)));
  }
  if (out.length === 0 && (o.tags.length || o.grep !== undefined)) {
    const what = [o.grep !== undefined ? `--grep '${o.grep}'` : '', o.tags.length ? `--tag ${o.tags.join(',')}` : ''].filter(Boolean).join(' and ');
    diagnostics.push(
      diag('nothing-selected', `${what} selects none of the ${all.length} scenarios`, { hint: 'list the scenarios, their titles and tags with `vouch list`' }),
    );
  }
  return out;
}

function checkEnvRefs(scenarios: Scenario[], env: NodeJS.ProcessEnv, placeholders: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of scenarios) {
    const refs = [
      ...findRefs(s.vars, '/vars'),
      ...allSteps(s).flatMap((st) => [...findRefs(st.request, `${st.pointer}/request`), ...findRefs(st.expect, `${st.pointer}/expect`)]),
    ];
    for (const r of refs) {
      const m = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(r.expr);
      if (m && env[m[1]!] === undefined && !placeholders.has(m[1]!)) {
        out.push(
          diag('undefined-variable', `undefined variable \${${r.expr}}: the environment variable ${m[1]} is not set`, {
            location: s.locations.locate(r.pointer),
            hint: `export ${m[1]}=... before the run`,
          }),
        );
      }
    }
  }
  return out;
}

/** A cassette that exists but cannot be read, is not format 1 or belongs to another scenario stops the run (exit 2). */
function checkCassettes(scenarios: Scenario[], dir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of scenarios) {
    const file = cassettePath(dir, s.api, s.id);
    if (!existsSync(file)) continue;
    try {
      readCassette(file, { scenarioId: s.id });
    } catch (e) {
      if (e instanceof DiagnosticError) out.push(...e.diagnostics);
      else throw e;
    }
  }
  return out;
}

/** The plan that `npx playwright test` uses when no `vouch run` made one: replay of ./suites into ./reports. */
export function defaultPlanOptions(cwd: string): RunOptions {
  return {
    paths: existsSync(join(cwd, 'suites')) ? ['suites'] : ['.'],
    targets: [],
    tags: [],
    output: 'reports',
    reporters: [],
    extraReporters: [],
    cwd,
    env: process.env,
  };
}
