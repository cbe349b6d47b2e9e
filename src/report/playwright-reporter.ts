// Vouch's Playwright reporter, the one reporter of a run: reads each attempt's record from the run's results log
// (results/log.ts) as its test ends, judges it by the verdict rules (results/verdicts.ts), prints a line per scenario,
// and when the workers are done writes reports/summary.json, reports/junit.xml and the Allure results, all from the
// same records.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import type { ScenarioResult } from '../model/types.js';
import { causeFile, readPlan, type Plan } from '../results/plan.js';
import { records, resultInbox, type ResultInbox } from '../results/log.js';
import { decodeResult, failureMessage, RESULT_ATTACHMENT } from '../results/record.js';
import { ID_LABEL } from '../results/labels.js';
import { REPORT_FILES } from '../results/outputs.js';
import { planHeads } from '../results/scenarios.js';
import { attemptVerdict, limitCause, type FinalVerdict } from '../results/verdicts.js';
import { writeAllureRunFiles } from './allure-meta.js';
import { AllureResultsWriter, type AllureAttempt } from './allure-results.js';
import { junitXml } from './junit.js';
import { countVerdicts, summarizeOperations, summarizeScenario, type Outcome, type RunSummary, type ScenarioSummary } from './summary.js';
import { MARK, renderEnd } from './terminal-summary.js';
import { Progress } from './progress.js';
import { fingerprintFor, waivedLine, waiverOf } from './waived.js';
import { judgeWaivers } from '../waivers/match.js';
import { writeFileAtomicSync } from '../util/atomic-write.js';

/** Set by runner/define.ts on every scenario's test. */
const ID_ANNOTATION = `allure.label.${ID_LABEL}`;

export default class VouchReporter implements Reporter {
  private plan!: Plan;
  /** Each scenario's last attempt, summarized as it ends: what summary.json, JUnit and the terminal need. */
  private outcomes = new Map<string, ScenarioSummary>();
  /** The record of each scenario whose last attempt did not pass (JUnit gives its failure text); passed ones are let go. */
  private failures = new Map<string, ScenarioResult>();
  /**
   * Every attempt of every scenario, by Playwright's test id and retry, without its record: the Allure results are
   * written from the log at the end (a record that came as an attachment is kept here, the log does not have it).
   */
  private attempts = new Map<string, AllureAttempt>();
  private started = Date.now();
  private shard?: string;
  private quiet = process.env['VOUCH_QUIET'] === '1';
  private discarding: Promise<void> = Promise.resolve();
  private inbox!: ResultInbox;
  /** `playwright test --list` (Playwright gives reporters `_mode: 'list'`): a listing is no run; the last run's reports stay. */
  private readonly listing: boolean;
  /** The live line, on a terminal only. */
  private progress?: Progress;

  constructor(options: { _mode?: string } = {}) {
    this.listing = options._mode === 'list';
  }

  printsToStdio(): boolean {
    // While listing, Playwright's own list printer shows the tests (it is added when no reporter prints).
    return !this.listing;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    if (this.listing) return;
    this.plan = readPlan();
    if (Progress.wanted(process.stdout, this.quiet)) {
      this.progress = new Progress({ total: suite.allTests().length, write: (t) => process.stdout.write(t), columns: process.stdout.columns });
      this.progress.start();
    }
    this.inbox = resultInbox(this.plan.config.outputDir);
    // Results of an earlier run in the same folder would mix with this one's; this run's are written at its end.
    this.discarding = discardFolder(join(this.plan.config.outputDir, REPORT_FILES.allureResults));
    if (config.shard) this.shard = `${config.shard.current}/${config.shard.total}`;
  }

  onTestBegin(test: TestCase): void {
    this.progress?.began(scenarioId(test));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (this.listing) return;
    const id = scenarioId(test);
    const attached = readResult(result);
    const scenario = attached ?? this.inbox.take(test.id, result.retry);
    const prev = this.outcomes.get(id);
    const judged = attemptVerdict(result.status, scenario, prev?.verdict);
    const meta = scenario ?? staticMeta(test, id, this.plan.cwd);
    const reason = result.status === 'skipped' ? this.plan.notRun[id] : scenario ? undefined : this.noResultCause(id, result);
    const fingerprint = judged === 'failed' ? fingerprintFor(this.plan, scenario) : undefined;
    const waiver = judged === 'failed' ? waiverOf(this.plan, scenario) : undefined;
    const verdict: FinalVerdict = waiver ? 'waived' : judged;
    const notApplicable = judged === 'not run' ? this.plan.notApplicable?.[id] : undefined;
    this.outcomes.set(id, summarizeScenario({ result: scenario, verdict, attempts: result.retry + 1, reason, meta: { id, title: meta.title, api: meta.api, operation: meta.operation, file: meta.file }, fingerprint, waiver, notApplicable }));
    if (scenario && verdict !== 'passed' && verdict !== 'flaky') this.failures.set(id, scenario);
    else this.failures.delete(id);
    this.attempts.set(`${test.id}#${result.retry}`, { id, retry: result.retry, result: attached, verdict, reason, waiver, start: result.startTime.getTime(), durationMs: result.duration });
    const willRetry = verdict !== 'passed' && verdict !== 'flaky' && verdict !== 'not run' && result.retry < test.retries;
    this.progress?.ended(id, willRetry ? undefined : verdict);
    if (!this.quiet && !willRetry) this.printLine(id, verdict, scenario, reason, waiver ? waivedLine(waiver) : undefined);
  }

  /** Why a scenario left no result: the watchdog stopped its worker, Playwright's timeout ended it, or its error. */
  private noResultCause(id: string, result: TestResult): string {
    const stopped = readCause(causeFile(this.plan.config.outputDir, id));
    if (stopped) return stopped;
    if (result.status === 'timedOut') return limitCause(this.plan.config.limits.scenarioMs, 'timeout');
    return (result.error?.message ?? `test ${result.status}`).split('\n')[0]!;
  }

  private printLine(id: string, verdict: FinalVerdict, r: ScenarioResult | undefined, reason?: string, waived?: string): void {
    const time = r ? ` (${r.durationMs} ms)` : '';
    const lines = [`  ${MARK[verdict]} ${verdict.padEnd(7)} ${id}${r ? `: ${r.title}` : ''}${time}${verdict === 'not run' && reason ? ` — ${reason}` : ''}`];
    if (waived) lines.push(`      ${waived}`);
    if (r && (verdict === 'failed' || verdict === 'broken' || verdict === 'waived')) lines.push(indent(failureMessage(r), '      '));
    else if (!r && reason && verdict !== 'not run') lines.push(`      ${reason}`);
    const text = `${lines.join('\n')}\n`;
    if (this.progress) this.progress.print(text);
    else process.stdout.write(text);
  }

  async onEnd(_result: FullResult): Promise<void> {
    if (this.listing) return;
    const summary = this.summary();
    const out = this.plan.config.outputDir;
    writeFileAtomicSync(join(out, REPORT_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileAtomicSync(join(out, REPORT_FILES.junit), junitXml(summary, this.failures, this.plan.cwd));
    const overview = { targetVersions: summary.targetVersions, verdicts: summary.operations };
    const allureDir = join(out, REPORT_FILES.allureResults);
    const heads = planHeads(this.plan).byId;
    const allure = new AllureResultsWriter(allureDir, this.plan, (id) => heads.get(id));
    // One pass over the log: each record is read, written as its Allure result, and let go.
    for (const { head, result } of records(out)) {
      const key = `${head.test}#${head.retry}`;
      const a = this.attempts.get(key);
      if (!a || a.result) continue;
      await allure.write({ ...a, result });
      this.attempts.delete(key);
    }
    // Attempts the log has no record of: not run, stopped without a result, or attached.
    for (const a of this.attempts.values()) await allure.write(a);
    await allure.settle();
    writeAllureRunFiles(allureDir, this.plan, overview);
    this.progress?.stop();
    process.stdout.write(`${renderEnd(summary, this.plan, wallTime())}\n`);
    await this.discarding;
  }

  private summary(): RunSummary {
    const scenarios = [...this.outcomes.values()];
    // Judged on their verdicts before waiving: which waivers matched, which matched nothing, which have expired.
    const judged = scenarios.map((s) => ({ id: s.id, verdict: s.verdict === 'waived' ? 'failed' : s.verdict, fingerprint: s.fingerprint }));
    const waivers = this.plan.waivers ? judgeWaivers(judged, this.plan.waivers, this.plan.waivers.asOf).report : undefined;
    const targetVersions = this.targetVersions();
    return {
      format: 1,
      runId: this.plan.runId,
      vouchVersion: this.plan.vouchVersion,
      mode: this.plan.config.mode,
      targets: Object.fromEntries(Object.entries(this.plan.config.targets).map(([k, v]) => [k, v.baseUrl])),
      shard: this.shard,
      startedAt: new Date(this.started).toISOString(),
      durationMs: Date.now() - this.started,
      counts: countVerdicts(scenarios),
      scenarios,
      operations: summarizeOperations(scenarios),
      ...(waivers ? { waivers } : {}),
      ...(Object.keys(targetVersions).length ? { targetVersions } : {}),
    };
  }

  /** Live: what the targets said when the run was prepared; replayed: what the cassettes recorded (the most common, per API). */
  private targetVersions(): Record<string, string> {
    const seen = new Map<string, Map<string, number>>();
    for (const o of this.outcomes.values()) {
      const v = o.cassette?.serverVersion;
      if (!v) continue;
      const counts = seen.get(o.api) ?? new Map<string, number>();
      counts.set(v, (counts.get(v) ?? 0) + 1);
      seen.set(o.api, counts);
    }
    const recorded = Object.fromEntries([...seen].map(([api, counts]) => [api, [...counts].sort((a, b) => b[1] - a[1])[0]![0]]));
    return { ...recorded, ...(this.plan.config.mode === 'replay' ? {} : this.plan.targetVersions) };
  }
}

function scenarioId(test: TestCase): string {
  return test.annotations.find((a) => a.type === ID_ANNOTATION)?.description ?? test.title;
}

/** Milliseconds since `vouch run` started (it passes its start time along), start-up included; undefined under a bare Playwright. */
function wallTime(): number | undefined {
  const started = Number(process.env['VOUCH_STARTED_AT']);
  return Number.isFinite(started) && started > 0 ? Date.now() - started : undefined;
}

/**
 * Moves a folder out of the way at once and deletes it in the background: deleting an earlier run's thousands of
 * Allure files here, synchronously, held up the runner (and so the workers) for seconds at 1,000 scenarios.
 */
function discardFolder(dir: string): Promise<void> {
  if (!existsSync(dir)) return Promise.resolve();
  // Into the run's internal folder, so that a run killed meanwhile leaves nothing new in sight.
  const aside = join(dirname(dir), '.vouch', `discarded-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(dirname(aside), { recursive: true });
    renameSync(dir, aside);
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  }
  return rm(aside, { recursive: true, force: true }).catch(() => undefined);
}


/** What a test that never ran (no target for its API) says about its scenario: the labels runner/define.ts gave it. */
function staticMeta(test: TestCase, id: string, cwd: string): Outcome['meta'] {
  const label = (name: string) => test.annotations.find((a) => a.type === `allure.label.${name}`)?.description;
  const suite = label('suite');
  return { id, title: label('story') ?? test.title, api: label('epic') ?? '', operation: label('feature'), file: suite ? resolve(cwd, suite) : test.location.file };
}

function readCause(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function readResult(result: TestResult): ScenarioResult | undefined {
  const a = result.attachments.find((x) => x.name === RESULT_ATTACHMENT);
  return a?.body ? decodeResult(a.body) : undefined;
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}
