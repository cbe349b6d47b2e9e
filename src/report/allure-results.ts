// Allure results written from the run's results log in one pass, after the workers finish: one result per attempt,
// each HTTP step with its request and response, failed checks as text and JSON, Vouch's verdicts (broken stays
// broken, waived is skipped and known, a pass after a failure is flaky), ids from the scenario itself. Names are
// derived from the scenario and attempt, never random, so a replayed run writes the same files twice over.
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { createTestResult, md5 } from 'allure-js-commons/sdk/reporter';
import type { ScenarioResult } from '../model/types.js';
import type { Plan } from '../results/plan.js';
import { failureMessage } from '../results/record.js';
import { ID_LABEL, scenarioDescription, scenarioLabels } from '../results/labels.js';
import type { ScenarioHead } from '../results/scenarios.js';
import type { FinalVerdict } from '../results/verdicts.js';
import type { AllureAttachment, AllureLabel, AllureLink, AllureParameter, AllureResult, AllureStatus } from './allure-model.js';
import { scenarioSteps, type AttachmentSink } from './allure-steps.js';
import { waivedLine } from './waived.js';
import type { ScenarioSummary } from './summary.js';

/** One attempt of one scenario, as the reporter judged it. */
export interface AllureAttempt {
  id: string;
  retry: number;
  /** What the scenario said of itself (undefined where the attempt left no record). */
  result?: ScenarioResult;
  /** This attempt's verdict: flaky for a pass after a failure, waived for a failure a waiver names. */
  verdict: FinalVerdict;
  /** Why it was not run, or why it left no record. */
  reason?: string;
  waiver?: ScenarioSummary['waiver'];
  /** When the attempt started (ms since the epoch) and how long it took, as the test runner measured it. */
  start: number;
  durationMs: number;
}

/** The plan's head of a scenario, by id (undefined for one the plan does not hold). */
type HeadOf = (id: string) => ScenarioHead | undefined;

/** Files written at once: the run's workers are done, and the disk takes small files faster side by side. */
const WRITES_IN_FLIGHT = 32;

export class AllureResultsWriter {
  private ready = false;
  private writing: Promise<void>[] = [];
  private failure: Error | undefined;
  private readonly host: string = hostname();

  constructor(
    readonly dir: string,
    private readonly plan: Plan,
    private readonly headOf: HeadOf,
  ) {}

  /** Writes one attempt's result and its attachments (resolved once few enough writes are in flight); returns its uuid. */
  async write(a: AllureAttempt): Promise<string> {
    if (!this.ready) {
      mkdirSync(this.dir, { recursive: true });
      this.ready = true;
    }
    const head = this.headOf(a.id);
    const api = head?.api ?? a.result?.api ?? '';
    const uuid = uuidOf(`vouch:${api}:${a.id}:${a.retry}`);
    const r = createTestResult(uuid) as unknown as AllureResult;
    let n = 0;
    const sink: AttachmentSink = (name, body, type) => {
      const source = `${uuid}-${++n}-attachment.${type === 'application/json' ? 'json' : 'txt'}`;
      this.file(source, body);
      return { name, source, type } satisfies AllureAttachment;
    };
    r.name = head ? `${head.id}: ${head.title}` : a.id;
    r.stage = 'finished';
    r.start = a.start;
    r.stop = a.start + a.durationMs;
    r.testCaseId = md5(`vouch:${api}:${a.id}`);
    r.historyId = r.testCaseId;
    r.fullName = `${api}:${a.id}`;
    r.labels = this.labels(head, a, api);
    const suite = r.labels.find((l) => l.name === 'suite')?.value;
    r.titlePath = suite ? [api, suite] : [api];
    const description = head ? scenarioDescription(head) : '';
    if (description) r.description = description;
    r.links = head?.doc?.url ? [docLink(head)] : [];
    r.parameters = a.retry > 0 ? [{ name: 'Retry', value: String(a.retry), excluded: true }] : [];
    this.outcome(r, a, sink);
    this.file(`${uuid}-result.json`, JSON.stringify(r));
    if (this.writing.length >= WRITES_IN_FLIGHT) await this.settle();
    return uuid;
  }

  /** Waits for every write in flight; throws the first that failed. */
  async settle(): Promise<void> {
    await Promise.all(this.writing.splice(0));
    if (this.failure) throw this.failure;
  }

  private file(name: string, body: string): void {
    this.writing.push(writeFile(join(this.dir, name), body).catch((e: Error) => void (this.failure ??= e)));
  }

  private labels(head: ScenarioHead | undefined, a: AllureAttempt, api: string): AllureLabel[] {
    const out: AllureLabel[] = (head ? scenarioLabels(head, this.plan) : [[ID_LABEL, a.id] as [string, string]]).map(([name, value]) => ({ name, value }));
    for (const t of head?.tags ?? []) out.push({ name: 'tag', value: t });
    out.push(
      { name: 'package', value: api },
      { name: 'language', value: 'javascript' },
      { name: 'framework', value: 'playwright' },
      { name: 'host', value: this.host },
    );
    return out;
  }

  /** Status, details, steps, parameters and labels from the attempt's verdict and record. */
  private outcome(r: AllureResult, a: AllureAttempt, sink: AttachmentSink): void {
    const result = a.result;
    if (!result) {
      r.status = a.verdict === 'not run' ? 'skipped' : 'broken';
      r.statusDetails = { message: a.verdict === 'not run' ? `not run: ${a.reason ?? 'not selected'}` : (a.reason ?? 'the scenario left no result') };
      return;
    }
    const cwd = this.plan.cwd;
    r.status = statusOf(result);
    const message = failureMessage(result, cwd, { kinds: true });
    r.statusDetails = r.status === 'passed' ? (a.verdict === 'flaky' ? { flaky: true } : {}) : { message };
    if (a.waiver) {
      // Never passed: skipped with the waiver first, so the overview counts it apart from failures and passes.
      r.status = 'skipped';
      r.statusDetails = { message: `${waivedLine(a.waiver)}\n\n${message}`, known: true };
      r.labels.push({ name: 'vouchVerdict', value: 'waived' }, { name: 'tag', value: 'waived' });
    }
    r.steps = scenarioSteps(result, a.start, cwd, sink);
    // The raw record, for debugging, only where the scenario did not pass: the steps carry its exchanges.
    if (r.status !== 'passed') r.attachments = [sink('vouch-result.json (the scenario result as data)', JSON.stringify(result, null, 2), 'application/json')];
    r.parameters.push(...runParameters(result, r.labels.find((l) => l.name === 'target')?.value, cwd));
    r.labels.push(...runLabels(result));
  }
}

/** A uuid-shaped name from a stable key. */
function uuidOf(key: string): string {
  const h = md5(key);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function docLink(head: ScenarioHead): AllureLink {
  const name = [head.doc?.source, head.doc?.section].filter(Boolean).join(' § ') || 'documentation';
  return { name, url: head.doc!.url!, type: 'link' };
}

function statusOf(result: ScenarioResult): AllureStatus {
  if (result.verdict === 'passed') return 'passed';
  return result.verdict === 'failed' ? 'failed' : 'broken';
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
