// Completes allure-playwright's results after the run from each scenario's one result attachment: broken stays
// broken, stable history ids, step exchanges, failures as text and JSON, run-time labels, categories, environment.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ScenarioResult } from '../model/types.js';
import type { Plan } from '../runner/plan.js';
import { failureMessage, RESULT_ATTACHMENT } from '../runner/result-io.js';
import { labelValue, type AllureLabel, type AllureParameter, type AllureResult, type AllureStatus, type AllureStep } from './allure-model.js';
import { environmentOf, writeCategories, writeEnvironment, writeExecutor, type RunOverview } from './allure-meta.js';
import { waivedLine, waiverOf } from './waived.js';
import { scenarioSteps } from './allure-steps.js';
import type { FinalVerdict } from './summary.js';

export interface ScenarioRun {
  /** The result of each attempt, by retry index (undefined where the test never reported one). */
  attempts: (ScenarioResult | undefined)[];
  verdict: FinalVerdict;
  reason?: string;
}

export interface AllureRun {
  dir: string;
  plan: Plan;
  scenarios: Map<string, ScenarioRun>;
  /** How many test results allure-playwright was handed (it writes them asynchronously). */
  expected: number;
  overview?: RunOverview;
}

const DROPPED_LABELS = new Set(['package', '_fallbackTestCaseId', 'titlePath']);

export async function completeAllureResults(run: AllureRun): Promise<number> {
  if (!existsSync(run.dir)) return 0;
  const files = await waitForResults(run.dir, run.expected);
  let done = 0;
  for (const file of files) {
    const path = join(run.dir, file);
    const r = JSON.parse(readFileSync(path, 'utf8')) as AllureResult;
    const id = labelValue(r, 'vouchId');
    const s = id ? run.scenarios.get(id) : undefined;
    if (!id || !s) continue;
    complete(r, id, s, run);
    writeFileSync(`${path}.tmp`, JSON.stringify(r));
    renameSync(`${path}.tmp`, path);
    done++;
  }
  writeAllureRunFiles(run.dir, run.plan, run.overview);
  return done;
}

/** categories.json and environment.properties: what only the whole run knows. */
export function writeAllureRunFiles(dir: string, plan: Plan, overview: RunOverview = {}): void {
  mkdirSync(dir, { recursive: true });
  writeCategories(dir);
  writeEnvironment(dir, environmentOf(plan, overview));
  writeExecutor(dir, overview.conformance, plan.runId);
}

/** allure-playwright writes each result from an un-awaited onTestEnd; wait (briefly) until all are on disk. */
async function waitForResults(dir: string, expected: number, timeoutMs = 5000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = readdirSync(dir).filter((f) => f.endsWith('-result.json'));
    if (files.length >= expected || Date.now() > deadline) return files;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What completing one written result needs besides the result itself. */
export interface AttemptInfo {
  /** The scenario's result of this attempt (undefined where the test never reported one). */
  result: ScenarioResult | undefined;
  /** This attempt passed after an earlier attempt did not. */
  flaky: boolean;
  /** Why the scenario was not run, for a skipped test. */
  notRunReason?: string;
}

/** What becomes of the raw `vouch-result.json` attachment: gone where the scenario passed, kept where it did not. */
export interface RawAttachments {
  drop(source: string): void;
  keep(source: string): void;
}

/** Completes one of allure-playwright's results in place: Vouch's status, identity, steps, parameters and labels. */
export function completeResult(r: AllureResult, id: string, a: AttemptInfo, dir: string, plan: Plan, raw: RawAttachments): void {
  const api = labelValue(r, 'epic') ?? a.result?.api ?? '';
  stableIdentity(r, api, id);
  r.links = docLinks(r);
  const result = a.result;
  if (!result) {
    if (a.notRunReason) r.statusDetails = { message: `not run: ${a.notRunReason}` };
    return;
  }
  const cwd = plan.cwd;
  r.status = statusOf(result);
  r.statusDetails = r.status === 'passed' ? { flaky: a.flaky || undefined } : { message: failureMessage(result, cwd) };
  const waiver = waiverOf(plan, result);
  if (waiver) {
    // Never passed: skipped with the waiver first, so the overview counts it apart from failures and passes.
    r.status = 'skipped';
    r.statusDetails = { message: `${waivedLine(waiver)}\n\n${failureMessage(result, cwd)}`, known: true };
    r.labels.push({ name: 'vouchVerdict', value: 'waived' }, { name: 'tag', value: 'waived' });
  }
  const kept = takeRawAttachment(r, raw, r.status === 'passed');
  r.steps = scenarioSteps(dir, result, r.steps, cwd);
  r.attachments = [...r.attachments, ...kept];
  r.parameters = [...r.parameters, ...runParameters(result, labelValue(r, 'target'), cwd)];
  r.labels.push(...runLabels(result));
}

function complete(r: AllureResult, id: string, s: ScenarioRun, run: AllureRun): void {
  const retry = Number(r.parameters.find((p) => p.name === 'Retry')?.value ?? 0);
  const info: AttemptInfo = { result: s.attempts[retry], flaky: s.verdict === 'flaky', notRunReason: s.verdict === 'not run' ? s.reason : undefined };
  completeResult(r, id, info, run.dir, run.plan, {
    drop: (source) => rmSync(join(run.dir, source), { force: true }),
    // Rewritten whole, as the scenario's result reads in Vouch's own types (the attachment carried it compacted).
    keep: (source) => writeFileSync(join(run.dir, source), JSON.stringify(info.result, null, 2)),
  });
}

function statusOf(result: ScenarioResult): AllureStatus {
  if (result.verdict === 'passed') return 'passed';
  return result.verdict === 'failed' ? 'failed' : 'broken';
}

/**
 * allure-playwright derives ids from the spec file and title, and Vouch's spec files are generated parts whose
 * content shifts as suites grow; history and trends need ids from the scenario itself.
 */
function stableIdentity(r: AllureResult, api: string, id: string): void {
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  r.testCaseId = md5(`vouch:${api}:${id}`);
  r.historyId = r.testCaseId;
  r.fullName = `${api}:${id}`;
  const suite = labelValue(r, 'suite');
  r.titlePath = suite ? [api, suite] : [api];
  r.labels = r.labels.filter((l) => !DROPPED_LABELS.has(l.name));
  r.labels.push({ name: 'package', value: api });
}

function docLinks(r: AllureResult): AllureResult['links'] {
  const url = labelValue(r, 'docUrl');
  if (!url) return r.links;
  const name = [labelValue(r, 'docSource'), labelValue(r, 'docSection')].filter(Boolean).join(' § ') || 'documentation';
  return [...r.links.filter((l) => l.url !== url), { name, url, type: 'link' }];
}

/**
 * The `vouch-result.json` attachment sits in a step of its own; it belongs to the test. The steps now carry its
 * exchanges, so it is kept (as raw data for debugging) only where the scenario did not pass: it is most of the bytes.
 */
function takeRawAttachment(r: AllureResult, raw: RawAttachments, drop: boolean): AllureResult['attachments'] {
  const out: AllureResult['attachments'] = [];
  const keep: AllureStep[] = [];
  for (const st of r.steps) {
    const found = st.attachments.filter((a) => a.name === RESULT_ATTACHMENT);
    if (!found.length || st.name !== RESULT_ATTACHMENT) keep.push(st);
    else if (drop) for (const a of found) raw.drop(a.source);
    else {
      for (const a of found) raw.keep(a.source);
      out.push(...found.map((a) => ({ ...a, name: 'vouch-result.json (the scenario result as data)' })));
    }
  }
  r.steps = keep;
  return out;
}

/** Where the answers came from: shown as parameters (visible on the test page) and as labels (for filters). */
function sourceOf(result: ScenarioResult): string {
  const replayed = result.steps.some((s) => s.exchange?.source === 'replay');
  if (result.mode === 'replay' || (result.mode === 'auto' && replayed)) return 'replayed';
  return result.mode === 'record' || result.mode === 'auto' ? 'live (recorded)' : 'live';
}

function runParameters(result: ScenarioResult, target: string | undefined, cwd: string): AllureParameter[] {
  const out: AllureParameter[] = [{ name: 'source', value: sourceOf(result), excluded: true }];
  if (target && !sourceOf(result).startsWith('replayed')) out.push({ name: 'target', value: target, excluded: true });
  if (result.cassette?.recordedAt && sourceOf(result) === 'replayed') out.push({ name: 'recorded at', value: result.cassette.recordedAt, excluded: true });
  if (result.cassette) out.push({ name: 'cassette', value: relativeTo(cwd, result.cassette.path), excluded: true });
  return out;
}

function runLabels(result: ScenarioResult): AllureLabel[] {
  const out: AllureLabel[] = [{ name: 'source', value: sourceOf(result) }];
  if (result.cassette?.recordedAt) out.push({ name: 'recordedAt', value: result.cassette.recordedAt });
  return out;
}

function relativeTo(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
