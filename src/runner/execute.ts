// Executes one scenario: setup, steps (stopping at the first step that does not pass), teardown (always),
// through a transport session, checking each exchange with the assertion table. Returns results as data.
import type { BrokenCause, CheckResult, Exchange, Mode, Scenario, ScenarioResult, SourceLocation, Step, StepResult } from '../model/types.js';
import type { AssertionOptions } from '../assertions/types.js';
import { checkExchange } from '../assertions/registry.js';
import { DiagnosticError } from '../model/diagnostic.js';
import { mapScope, resolveTemplate, UndefinedVariableError, type EnvLookup, type Scope } from '../scenario/template.js';
import type { ScenarioSession, Transport } from '../transport/types.js';
import type { AssertionContext } from '../assertions/types.js';
import { capture } from './capture.js';
import { renderRequest, type RequestTarget } from './request.js';
import { allSteps } from '../model/steps.js';
import { causeLine } from '../results/causes.js';
import { overall, stepVerdict } from '../results/verdicts.js';
import { poll } from './poll.js';
import { CassetteError } from '../transport/cassette.js';

/** Wraps each step (Playwright's test.step in the runner; a plain call in unit tests). */
/** `at`: where the step is written in its YAML file (Playwright shows it as the step's location). */
export type StepWrapper = <T>(title: string, fn: () => Promise<T>, failed: (r: T) => string | undefined, at?: SourceLocation) => Promise<T>;

export const plainWrapper: StepWrapper = (_title, fn) => fn();

export interface ExecuteDeps {
  transport: Transport;
  target: RequestTarget;
  runId: string;
  mode: Mode;
  assertionOptions: AssertionOptions;
  wrap?: StepWrapper;
  /** True once the user asked the run to stop (the first Ctrl-C): no new step starts, teardown still runs. */
  interrupted?: () => boolean;
  /** True once vouch itself is gone: whatever this scenario recorded is not written. */
  orphaned?: () => boolean;
  /** How `${env.NAME}` reads (default: the process's environment). */
  env?: EnvLookup;
}

const INTERRUPTED = 'interrupted (Ctrl-C)';

interface State {
  scenario: Scenario;
  env?: EnvLookup;
  vars: Record<string, unknown>;
  steps: Record<string, { request: Record<string, unknown>; response?: Record<string, unknown> }>;
  exchanges: Record<string, Exchange>;
}

export async function executeScenario(scenario: Scenario, deps: ExecuteDeps): Promise<ScenarioResult> {
  const started = performance.now();
  if (deps.interrupted?.()) return notStarted(scenario, deps);
  const session = await beginSession(scenario, deps);
  const state: State = { scenario, env: deps.env, vars: {}, steps: {}, exchanges: {} };
  const results: StepResult[] = [];
  const setupError = initVars(state, session, deps);
  let stop = setupError !== undefined || session.blocked !== undefined;
  let interruptedBefore: Step | undefined;
  for (const step of [...scenario.setup, ...scenario.steps]) {
    if (!stop && deps.interrupted?.()) {
      stop = true;
      interruptedBefore = step;
    }
    if (stop) {
      results.push(skipped(step));
      continue;
    }
    const r = await runStep(step, state, session, deps);
    results.push(r);
    if (r.verdict !== 'passed') stop = true;
  }
  for (const step of scenario.teardown) {
    results.push(session.blocked || setupError ? skipped(step) : await runStep(step, state, session, deps));
  }
  const transportFailed = results.some((r) => r.verdict === 'broken');
  // An interrupted recording is no evidence: the transport keeps the previous cassette.
  const fin = await session.finish({ vars: state.vars, transportFailed, interrupted: interruptedBefore !== undefined || (deps.orphaned?.() ?? false) });
  const interruptError: BrokenCause | undefined = interruptedBefore && {
    kind: 'interrupted',
    message: `${INTERRUPTED} before ${interruptedBefore.phase === 'setup' ? 'setup ' : ''}step "${interruptedBefore.name}"; the teardown ran`,
  };
  const verdict = setupError || session.blocked ? 'broken' : interruptedBefore && overall(results) === 'passed' ? 'broken' : overall(results);
  const notes = [...session.notes.map((n) => noteCheck(n)), ...(session.allowed ?? []).map((a) => allowedCheck(a))];
  if (results[0] && notes.length) results[0].checks.unshift(...notes);
  return {
    ...scenarioHead(scenario),
    verdict,
    steps: results,
    vars: state.vars,
    mode: deps.mode,
    durationMs: Math.round(performance.now() - started),
    error: setupError ?? session.blocked ?? interruptError,
    cassette: session.cassettePath
      ? {
          path: session.cassettePath,
          recordedAt: session.recordedAt,
          ...(session.serverVersion ? { serverVersion: session.serverVersion } : {}),
          unused: fin.unused,
          ...(session.stale ? { stale: session.stale } : {}),
          ...(fin.sha256 ? { sha256: fin.sha256 } : {}),
        }
      : undefined,
  };
}

/** What every result of a scenario says of it, however it ended. */
function scenarioHead(scenario: Scenario): Pick<ScenarioResult, 'id' | 'title' | 'api' | 'operation' | 'file'> {
  return { id: scenario.id, title: scenario.title, api: scenario.api, operation: scenario.operation, file: scenario.file };
}

/** A scenario the run reached after the user interrupted it: nothing is sent, and it cannot be judged. */
function notStarted(scenario: Scenario, deps: ExecuteDeps): ScenarioResult {
  return {
    ...scenarioHead(scenario),
    verdict: 'broken',
    steps: allSteps(scenario).map(skipped),
    vars: {},
    mode: deps.mode,
    durationMs: 0,
    error: { kind: 'interrupted', message: `not started: the run was ${INTERRUPTED}` },
  };
}

/** A transport that cannot open the scenario (an unreadable cassette) makes it broken, with the transport's words. */
async function beginSession(scenario: Scenario, deps: ExecuteDeps): Promise<ScenarioSession> {
  try {
    return await deps.transport.begin(scenario);
  } catch (e) {
    const kind = e instanceof CassetteError ? 'bad-cassette' : 'other';
    const diags = e instanceof DiagnosticError ? e.diagnostics : [];
    // One diagnostic keeps its hint apart; several are joined, each with its own.
    const [d] = diags;
    const cause =
      d && diags.length === 1
        ? { message: d.message, ...(d.hint ? { hint: d.hint } : {}) }
        : { message: diags.length ? diags.map(causeLine).join('; ') : (e as Error).message };
    return {
      source: 'live',
      notes: [],
      blocked: { kind, ...cause },
      send: () => Promise.reject(new Error('the scenario could not start')),
      finish: async () => ({ unused: 0 }),
    };
  }
}

function initVars(state: State, session: ScenarioSession, deps: ExecuteDeps): BrokenCause | undefined {
  const recorded = session.recordedVars ?? {};
  const run = (recorded['run'] as { id?: string } | undefined) ?? { id: deps.runId };
  state.vars['run'] = run;
  state.vars['scenario'] = { id: state.scenario.id };
  try {
    for (const [name, value] of Object.entries(state.scenario.vars)) {
      state.vars[name] = name in recorded ? recorded[name] : resolveTemplate(value, scope(state));
    }
  } catch (e) {
    if (e instanceof UndefinedVariableError) return { kind: 'variable', message: e.message };
    throw e;
  }
  return undefined;
}

function scope(state: State): Scope {
  return mapScope({ ...state.vars, steps: state.steps }, state.env);
}

async function runStep(step: Step, state: State, session: ScenarioSession, deps: ExecuteDeps): Promise<StepResult> {
  const wrap = deps.wrap ?? plainWrapper;
  const title = `${step.phase === 'steps' ? '' : `${step.phase}: `}${step.name}`;
  return wrap(title, () => runStepInner(step, state, session, deps), stepFailureText, state.scenario.locations.locate(step.pointer));
}

async function runStepInner(step: Step, state: State, session: ScenarioSession, deps: ExecuteDeps): Promise<StepResult> {
  const started = performance.now();
  const loc = (p: string) => state.scenario.locations.locate(`${step.pointer}${p}`);
  let req: ReturnType<typeof renderRequest>;
  try {
    req = renderRequest(state.scenario, step, scope(state), deps.target);
  } catch (e) {
    const msg = e instanceof UndefinedVariableError ? e.message : `cannot build the request: ${(e as Error).message}`;
    const at = loc('/request');
    return {
      ...base(step, started),
      verdict: 'failed',
      checks: [
        {
          check: 'variable',
          kind: 'variable',
          path: 'request',
          expected: 'a defined value',
          actual: undefined,
          passed: false,
          severity: 'error',
          message: msg,
          source: at,
        },
      ],
    };
  }
  const polled = step.poll
    ? await poll(step, req, session, {
        check: (exchange) => {
          state.exchanges[step.id] = exchange;
          return checkExchange(step.poll!.until, exchange, context(step, state, deps, '/until'));
        },
        untilAt: loc('/until'),
        interrupted: deps.interrupted,
      })
    : undefined;
  const exchange = polled ? polled.exchange : await session.send(req);
  state.exchanges[step.id] = exchange;
  state.steps[step.id] = {
    request: { method: req.method, path: req.path, query: req.query, headers: req.redactedHeaders, body: req.body },
    response: exchange.response ? { status: exchange.response.status, headers: exchange.response.headers, body: exchange.response.body } : undefined,
  };
  if (exchange.error) {
    return { ...base(step, started), verdict: 'broken', exchange, checks: [], error: exchange.error };
  }
  const checks = [...(polled?.timedOut ?? []), ...checkExchange(step.expect, exchange, context(step, state, deps, '/expect'))];
  const cap = capture(step.capture, exchange, (name) => loc(`/capture/${name}`));
  Object.assign(state.vars, cap.values);
  checks.push(...cap.failures);
  const attempts = polled?.attempts.length ? { attempts: polled.attempts } : {};
  return { ...base(step, started), verdict: stepVerdict(checks), exchange, checks, ...attempts };
}

function context(step: Step, state: State, deps: ExecuteDeps, at: '/expect' | '/until'): AssertionContext {
  return {
    scenario: state.scenario,
    step,
    exchanges: state.exchanges,
    resolve: (v) => resolveTemplate(v, scope(state)),
    locate: (p) => state.scenario.locations.locate(`${step.pointer}${at}${p}`),
    options: deps.assertionOptions,
  };
}

function base(step: Step, started: number): Pick<StepResult, 'id' | 'name' | 'phase' | 'durationMs'> {
  return { id: step.id, name: step.name, phase: step.phase, durationMs: Math.round(performance.now() - started) };
}

function skipped(step: Step): StepResult {
  return { id: step.id, name: step.name, phase: step.phase, verdict: 'skipped', checks: [], durationMs: 0 };
}

function allowedCheck(a: { rule: string; message: string }): CheckResult {
  return {
    check: 'cassette',
    kind: 'transport',
    path: 'request.path',
    expected: undefined,
    actual: undefined,
    passed: false,
    severity: 'note',
    rule: a.rule,
    message: a.message,
  };
}

function noteCheck(message: string): CheckResult {
  return { check: 'cassette', kind: 'transport', path: 'cassette', expected: undefined, actual: undefined, passed: false, severity: 'warning', message };
}

/** The text that marks a step failed in Playwright (undefined when it passed). */
export function stepFailureText(r: StepResult): string | undefined {
  if (r.verdict === 'passed' || r.verdict === 'skipped') return undefined;
  if (r.verdict === 'broken') return `broken: ${r.error ? causeLine(r.error) : 'transport error'}`;
  return r.checks
    .filter((c) => !c.passed && c.severity === 'error')
    .map((c) => c.message)
    .join('\n');
}
