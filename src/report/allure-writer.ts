// Where allure-playwright's results go in a Vouch run: each result is completed in memory from its scenario's one
// result attachment (report/allure-post.ts) as it is written, and written once. The stock writer fsyncs every file
// through a temporary copy and Vouch then read and rewrote each result: at 1,000 scenarios that cost the runner
// about 5 s (bench/results.md). A result still reaches the disk as soon as its test ends, through a rename, so a
// run killed midway keeps every finished result whole.
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from '../model/types.js';
import type { Plan } from '../runner/plan.js';
import { decodeResult, RESULT_ATTACHMENT } from '../runner/result-io.js';
import { resultInbox } from '../runner/result-channel.js';
import { labelValue, type AllureResult, type AllureStep } from './allure-model.js';
import { writeEnvironment } from './allure-meta.js';
import { completeResult } from './allure-post.js';

/** The label runner/define.ts gives every scenario's test. */
const ID_LABEL = 'vouchId';

export class VouchAllureWriter {
  /** JSON attachments wait here until the result that names them is written: the raw scenario result is one. */
  private pending = new Map<string, Buffer>();
  private attempts = new Map<string, (ScenarioResult | undefined)[]>();
  private ready = false;
  private warned = false;
  /** Results written so far. */
  written = 0;

  constructor(
    readonly dir: string,
    private readonly plan: Plan,
  ) {}

  private path(name: string): string {
    if (!this.ready) {
      mkdirSync(this.dir, { recursive: true });
      this.ready = true;
    }
    return join(this.dir, name);
  }

  private writeWhole(name: string, text: string | Buffer): void {
    const file = this.path(name);
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  }

  writeAttachment(name: string, content: Buffer): void {
    if (name.endsWith('.json')) this.pending.set(name, content);
    else writeFileSync(this.path(name), content);
  }

  writeAttachmentFromPath(name: string, from: string): void {
    copyFileSync(from, this.path(name));
  }

  writeResult(result: unknown): void {
    const r = result as AllureResult;
    const id = labelValue(r, ID_LABEL);
    this.path('');
    try {
      if (id) this.complete(r, id);
    } catch (e) {
      // The result is still written, as allure-playwright made it: a report with less detail, never a lost result.
      if (!this.warned) process.stderr.write(`vouch: could not complete the Allure result of ${id}: ${(e as Error).message}\n`);
      this.warned = true;
    }
    this.flushReferenced(r);
    this.writeWhole(`${r.uuid}-result.json`, JSON.stringify(r));
    this.written++;
  }

  writeGroup(group: { uuid: string }): void {
    this.writeWhole(`${group.uuid}-container.json`, JSON.stringify(group));
  }

  writeGlobals(name: string, info: unknown): void {
    this.writeWhole(name, JSON.stringify(info));
  }

  writeEnvironmentInfo(info: Record<string, string | undefined>): void {
    this.path('');
    writeEnvironment(this.dir, Object.fromEntries(Object.entries(info).filter((e): e is [string, string] => e[1] !== undefined)));
  }

  writeCategoriesDefinitions(categories: unknown): void {
    this.writeWhole('categories.json', JSON.stringify(categories));
  }

  /** Writes attachments no result named (none in a Vouch run; kept rather than lost). */
  flush(): void {
    for (const [name, content] of this.pending) writeFileSync(this.path(name), content);
    this.pending.clear();
  }

  private complete(r: AllureResult, id: string): void {
    const retry = Number(r.parameters.find((p) => p.name === 'Retry')?.value ?? 0);
    const raw = findAttachment(r.steps, RESULT_ATTACHMENT);
    const body = raw && this.pending.get(raw);
    // Attached where the scenario did not pass; from the workers' result files where it passed.
    const skipped = r.status === 'skipped';
    const scenario = body ? decodeResult(body) : skipped ? undefined : resultInbox(this.plan.config.outputDir).forScenario(id, retry);
    const attempts = this.attempts.get(id) ?? [];
    const earlierFailed = attempts.slice(0, retry).some((a) => a?.verdict !== 'passed');
    attempts[retry] = scenario;
    this.attempts.set(id, attempts);
    completeResult(r, id, { result: scenario, flaky: scenario?.verdict === 'passed' && retry > 0 && earlierFailed, notRunReason: skipped ? this.plan.notRun[id] : undefined }, this.dir, this.plan, {
      drop: (source) => this.pending.delete(source),
      // Kept whole, as the scenario's result reads in Vouch's own types (the attachment carried it compacted).
      keep: (source) => this.pending.set(source, Buffer.from(JSON.stringify(scenario, null, 2))),
    });
  }

  /** The JSON attachments this result names are written now (the dropped raw result is no longer pending). */
  private flushReferenced(r: AllureResult): void {
    const visit = (steps: AllureStep[], attachments: AllureResult['attachments']) => {
      for (const a of attachments) {
        const content = this.pending.get(a.source);
        if (content) {
          writeFileSync(this.path(a.source), content);
          this.pending.delete(a.source);
        }
      }
      for (const s of steps) visit(s.steps, s.attachments);
    };
    visit(r.steps, r.attachments);
  }
}

function findAttachment(steps: AllureStep[], name: string): string | undefined {
  for (const s of steps) {
    const a = s.attachments.find((x) => x.name === name);
    if (a) return a.source;
    const inner = findAttachment(s.steps, name);
    if (inner) return inner;
  }
  return undefined;
}
