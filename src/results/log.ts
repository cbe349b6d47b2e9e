// How a passed scenario's result reaches the reporters: each worker appends it, one JSON line per test, to a file of
// its own under the run's internal folder, before the test ends; the reporters in the runner read those files as
// tests end. An attachment per test cost a Playwright step, a folder made and removed, and the result in base64
// through the worker's pipe: about a millisecond per scenario in each process (bench/results.md). A scenario that
// did not pass still attaches its result, so Playwright's own reports show the evidence of every failure; and if a
// line cannot be written, the worker attaches instead.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from '../model/types.js';
import { resultsDir } from './plan.js';
import { decodeResultText } from './record.js';

// (writePlan empties the folder: a run's channel starts empty.)

/** A line is this, a tab, and the result as encodeResult writes it (JSON escapes every tab and newline in it). */
interface LineHead {
  /** Playwright's test id, and the attempt. */
  test: string;
  retry: number;
  /** The scenario id (what the Allure writer knows a result by). */
  id: string;
}

/** The worker's end: one file per worker process, appended to with a single write per result. */
export class ResultOutbox {
  private fd: number | undefined;
  private failed = false;

  constructor(private readonly outputDir: string) {}

  /** True when the line is in the file; false when the caller must attach the result instead. */
  send(test: string, retry: number, id: string, encoded: string): boolean {
    if (this.failed) return false;
    try {
      if (this.fd === undefined) {
        mkdirSync(resultsDir(this.outputDir), { recursive: true });
        this.fd = openSync(join(resultsDir(this.outputDir), `worker-${process.pid}.ndjson`), 'a');
      }
      const line = Buffer.from(`${JSON.stringify({ test, retry, id } satisfies LineHead)}\t${encoded}\n`);
      let off = 0;
      while (off < line.length) off += writeSync(this.fd, line, off);
      return true;
    } catch {
      this.failed = true;
      return false;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The runner's end: reads what the workers appended since it last looked, when a result it needs is not in yet. */
export class ResultInbox {
  private byTest = new Map<string, ScenarioResult>();
  private byScenario = new Map<string, ScenarioResult>();
  private offsets = new Map<string, number>();
  private partial = new Map<string, string>();

  constructor(private readonly outputDir: string) {}

  forTest(test: string, retry: number): ScenarioResult | undefined {
    const key = `${test}#${retry}`;
    if (!this.byTest.has(key)) this.readNew();
    return this.byTest.get(key);
  }

  forScenario(id: string, retry: number): ScenarioResult | undefined {
    const key = `${id}#${retry}`;
    if (!this.byScenario.has(key)) this.readNew();
    return this.byScenario.get(key);
  }

  private readNew(): void {
    const dir = resultsDir(this.outputDir);
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.ndjson')) continue;
      const text = (this.partial.get(name) ?? '') + this.readFrom(join(dir, name), name);
      const lines = text.split('\n');
      this.partial.set(name, lines.pop() ?? '');
      for (const l of lines) this.take(l);
    }
  }

  private readFrom(file: string, name: string): string {
    const fd = openSync(file, 'r');
    try {
      const chunks: Buffer[] = [];
      let pos = this.offsets.get(name) ?? 0;
      const buf = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, pos);
        if (n <= 0) break;
        chunks.push(Buffer.from(buf.subarray(0, n)));
        pos += n;
      }
      this.offsets.set(name, pos);
      return Buffer.concat(chunks).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }

  private take(text: string): void {
    const tab = text.indexOf('\t');
    if (tab < 0) return;
    let head: LineHead;
    try {
      head = JSON.parse(text.slice(0, tab)) as LineHead;
    } catch {
      return;
    }
    const r = decodeResultText(text.slice(tab + 1));
    if (!r) return;
    this.byTest.set(`${head.test}#${head.retry}`, r);
    this.byScenario.set(`${head.id}#${head.retry}`, r);
  }
}

const inboxes = new Map<string, ResultInbox>();

/** The one inbox of a run's output folder in this process (Vouch's reporter and the Allure writer share it). */
export function resultInbox(outputDir: string): ResultInbox {
  let box = inboxes.get(outputDir);
  if (!box) {
    box = new ResultInbox(outputDir);
    inboxes.set(outputDir, box);
  }
  return box;
}
