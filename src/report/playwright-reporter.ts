// Vouch's Playwright reporter, the one reporter of a run: reads each attempt's record from the run's results log
// (results/log.ts) as its test ends, judges it by the verdict rules (results/verdicts.ts) and hands it to each
// format of the formats table (formats.ts: the terminal, summary.json, JUnit, Allure); when the workers are done it
// hands them the run's summary and the log to read through once more. It names no format itself.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import type { ScenarioResult } from '../model/types.js';
import { causeFile, readPlan, type Plan } from '../results/plan.js';
import { records, resultInbox, type ResultInbox } from '../results/log.js';
import { decodeResult, RESULT_ATTACHMENT } from '../results/record.js';
import { ID_LABEL } from '../results/labels.js';
import { attemptVerdict, limitCause, type FinalVerdict } from '../results/verdicts.js';
import type { FormatRun } from './format.js';
import { FORMATS, htmlFormat } from './formats.js';
import { countVerdicts, summarizeOperations, summarizeScenario, type Outcome, type RunSummary, type ScenarioSummary } from './summary.js';
import { fingerprintFor, waiverOf } from './waived.js';
import { judgeWaivers } from '../waivers/match.js';

/** Set by runner/define.ts on every scenario's test. */
const ID_ANNOTATION = `allure.label.${ID_LABEL}`;

export default class VouchReporter implements Reporter {
  private plan!: Plan;
  /** Each scenario's last attempt, summarized as it ends: the run's summary, which every format is given at the end. */
  private outcomes = new Map<string, ScenarioSummary>();
  /** Each format of the table, begun for this run. */
  private runs: FormatRun[] = [];
  private started = Date.now();
  private shard?: string;
  private inbox!: ResultInbox;
  /** The formats whose output could not be written. */
  private failedFormats = new Set<string>();
  /** `playwright test --list` (Playwright gives reporters `_mode: 'list'`): a listing is no run; the last run's reports stay. */
  private readonly listing: boolean;

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
    this.inbox = resultInbox(this.plan.config.outputDir);
    if (config.shard) this.shard = `${config.shard.current}/${config.shard.total}`;
    const plan = this.plan;
    this.runs = FORMATS.map((f) => f.begin({ plan, tests: () => suite.allTests().length }));
  }

  onTestBegin(test: TestCase): void {
    const id = scenarioId(test);
    for (const r of this.runs) r.began?.(id);
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
    this.outcomes.set(
      id,
      summarizeScenario({
        result: scenario,
        verdict,
        attempts: result.retry + 1,
        reason,
        meta: { id, title: meta.title, api: meta.api, operation: meta.operation, file: meta.file },
        fingerprint,
        waiver,
        notApplicable,
      }),
    );
    const willRetry = verdict !== 'passed' && verdict !== 'flaky' && verdict !== 'not run' && result.retry < test.retries;
    const attempt = {
      test: test.id,
      retry: result.retry,
      id,
      result: scenario,
      attached: attached !== undefined,
      verdict,
      last: !willRetry,
      reason,
      waiver,
      start: result.startTime.getTime(),
      durationMs: result.duration,
    };
    for (const r of this.runs) r.ended?.(attempt);
  }

  /** Why a scenario left no result: the watchdog stopped its worker, Playwright's timeout ended it, or its error. */
  private noResultCause(id: string, result: TestResult): string {
    const stopped = readCause(causeFile(this.plan.config.outputDir, id));
    if (stopped) return stopped;
    if (result.status === 'timedOut') return limitCause(this.plan.config.limits.scenarioMs, 'timeout');
    return (result.error?.message ?? `test ${result.status}`).split('\n')[0]!;
  }

  async onEnd(_result: FullResult): Promise<void> {
    if (this.listing) return;
    const summary = this.summary();
    const out = this.plan.config.outputDir;
    const failed = this.failedFormats;
    const end = {
      summary,
      log: () => records(out),
      // Read by the terminal, the last format: the files of a format that failed before it are not listed.
      get files() {
        return FORMATS.filter((f) => !failed.has(f.name)).flatMap((f) => f.files);
      },
      get html() {
        const html = htmlFormat();
        return html && !failed.has(html.name) ? html.html.to : undefined;
      },
    };
    // A format that fails (a disk full, a folder it cannot write) is said on stderr, and the others are written all the
    // same: the verdict is in the log and summary.json, and the terminal still prints it. The exit code stays the verdict's.
    for (const [i, r] of this.runs.entries()) await this.tolerate(FORMATS[i]!.name, () => r.end(end));
    for (const [i, r] of this.runs.entries()) await this.tolerate(FORMATS[i]!.name, () => r.settled?.());
  }

  private async tolerate(format: string, work: () => Promise<void> | void): Promise<void> {
    try {
      await work();
    } catch (e) {
      this.failedFormats.add(format);
      process.stderr.write(`vouch: ${format}: ${e instanceof Error ? e.message : String(e)}\n`);
    }
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

/** What a test that never ran (no target for its API) says about its scenario: the labels runner/define.ts gave it. */
function staticMeta(test: TestCase, id: string, cwd: string): Outcome['meta'] {
  const label = (name: string) => test.annotations.find((a) => a.type === `allure.label.${name}`)?.description;
  const suite = label('suite');
  return {
    id,
    title: label('story') ?? test.title,
    api: label('epic') ?? '',
    operation: label('feature'),
    file: suite ? resolve(cwd, suite) : test.location.file,
  };
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
