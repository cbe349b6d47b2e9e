// Vouch's Playwright reporter: reads each scenario's result (its JSON attachment), prints a line per scenario
// and the end-of-run summary, and writes reports/summary.json. It only reads results.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import type { ScenarioResult } from '../model/types.js';
import { readPlan, type Plan } from '../runner/plan.js';
import { failureMessage, RESULT_ATTACHMENT } from '../runner/result-io.js';
import { countVerdicts, summarizeOperations, summarizeScenario, type FinalVerdict, type Outcome, type RunSummary } from './summary.js';

const MARK: Record<FinalVerdict, string> = { passed: '✓', failed: '✗', broken: '!', flaky: '~', 'not run': '-' };

export default class VouchReporter implements Reporter {
  private plan!: Plan;
  private outcomes = new Map<string, Outcome>();
  private started = Date.now();
  private shard?: string;
  private quiet = process.env['VOUCH_QUIET'] === '1';

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, _suite: Suite): void {
    this.plan = readPlan();
    if (config.shard) this.shard = `${config.shard.current}/${config.shard.total}`;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const id = test.annotations.find((a) => a.type === 'vouch-id')?.description ?? test.title;
    const scenario = readResult(result);
    const prev = this.outcomes.get(id);
    const verdict = this.verdictOf(test, result, scenario, prev);
    const meta = scenario ?? { id, title: test.title, api: '', file: test.location.file };
    const reason = result.status === 'skipped' ? this.plan.notRun[id] : scenario ? undefined : (result.error?.message ?? `test ${result.status}`).split('\n')[0];
    this.outcomes.set(id, { result: scenario, verdict, attempts: result.retry + 1, reason, meta: { id, title: meta.title, api: meta.api, operation: scenario?.operation, file: meta.file } });
    const willRetry = verdict !== 'passed' && verdict !== 'flaky' && verdict !== 'not run' && result.retry < test.retries;
    if (!this.quiet && !willRetry) this.printLine(id, verdict, scenario, reason);
  }

  private verdictOf(test: TestCase, result: TestResult, scenario: ScenarioResult | undefined, prev: Outcome | undefined): FinalVerdict {
    if (result.status === 'skipped') return 'not run';
    const v: FinalVerdict = scenario ? (scenario.verdict === 'skipped' ? 'broken' : scenario.verdict) : result.status === 'passed' ? 'passed' : 'broken';
    if (v === 'passed' && prev && prev.verdict !== 'passed') return 'flaky';
    return v;
  }

  private printLine(id: string, verdict: FinalVerdict, r: ScenarioResult | undefined, reason?: string): void {
    const time = r ? ` (${r.durationMs} ms)` : '';
    const lines = [`  ${MARK[verdict]} ${verdict.padEnd(7)} ${id}${r ? `: ${r.title}` : ''}${time}${verdict === 'not run' && reason ? ` — ${reason}` : ''}`];
    if (r && (verdict === 'failed' || verdict === 'broken')) lines.push(indent(failureMessage(r), '      '));
    else if (!r && reason && verdict !== 'not run') lines.push(`      ${reason}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  async onEnd(_result: FullResult): Promise<void> {
    const scenarios = [...this.outcomes.values()].map(summarizeScenario);
    const summary: RunSummary = {
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
    };
    const file = join(this.plan.config.outputDir, 'summary.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, `${JSON.stringify(summary, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    process.stdout.write(`${renderEnd(summary, this.plan)}\n`);
  }
}

function readResult(result: TestResult): ScenarioResult | undefined {
  const a = result.attachments.find((x) => x.name === RESULT_ATTACHMENT);
  if (!a?.body) return undefined;
  return JSON.parse(a.body.toString('utf8')) as ScenarioResult;
}

function renderEnd(s: RunSummary, plan: Plan): string {
  const c = s.counts;
  const parts = [`${c.passed} passed`, `${c.failed} failed`, `${c.broken} broken`];
  if (c.flaky) parts.push(`${c.flaky} flaky`);
  if (c['not run']) parts.push(`${c['not run']} not run`);
  const out = ['', `vouch: ${s.counts.total} scenarios (${s.mode}${s.shard ? `, shard ${s.shard}` : ''}) in ${(s.durationMs / 1000).toFixed(1)} s`];
  const bad = s.scenarios.filter((x) => x.verdict === 'failed' || x.verdict === 'broken' || x.verdict === 'flaky');
  if (bad.length) {
    out.push('', 'Not passed:');
    for (const x of bad) out.push(`  ${MARK[x.verdict]} ${x.id} [${x.verdict}]: ${x.firstFailure ?? ''}`);
  }
  const rel = relative(process.cwd(), plan.config.outputDir) || '.';
  out.push('', `Reports: ${rel}/summary.json${plan.reporters.map((r) => `, ${rel}/${r}`).join('')}`);
  out.push(parts.join(', '));
  return out.join('\n');
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}
