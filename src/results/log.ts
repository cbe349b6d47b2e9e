// The run's results log, the one source of truth of a run: each worker appends one record per scenario attempt,
// passed or not (the verdict, the checks as data, the exchanges after redaction, the notes, any transport error),
// to a file of its own under the run's internal folder, before the test ends. The reporter takes each record as its
// test ends, and reads the log through once more at the end to write the reports that need every exchange (Allure),
// so nothing holds every result in memory. If a record cannot be written, the worker attaches it instead.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from '../model/types.js';
import { resultsDir } from './plan.js';
import { decodeResultText } from './record.js';

// (the spec writer empties the folder: a run's log starts empty.)

/** A line is this, a tab, and the result as encodeResult writes it (JSON escapes every tab and newline in it). */
export interface RecordHead {
  /** Playwright's test id, and the attempt. */
  test: string;
  retry: number;
  /** The scenario id. */
  id: string;
}

/** The worker's end: one file per worker process, appended to with a single write per record. */
export class ResultOutbox {
  private fd: number | undefined;
  private failed = false;

  constructor(private readonly outputDir: string) {}

  /** True when the record is in the file; false when the caller must attach the result instead. */
  send(test: string, retry: number, id: string, encoded: string): boolean {
    if (this.failed) return false;
    try {
      if (this.fd === undefined) {
        mkdirSync(resultsDir(this.outputDir), { recursive: true });
        this.fd = openSync(join(resultsDir(this.outputDir), `worker-${process.pid}.ndjson`), 'a');
      }
      const line = Buffer.from(`${JSON.stringify({ test, retry, id } satisfies RecordHead)}\t${encoded}\n`);
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

/** The reporter's end: reads what the workers appended since it last looked, when a record it needs is not in yet. */
export class ResultInbox {
  private waiting = new Map<string, ScenarioResult>();
  private offsets = new Map<string, number>();

  constructor(private readonly outputDir: string) {}

  /** The record of a test's attempt, handed over once: the inbox keeps nothing it has given out. */
  take(test: string, retry: number): ScenarioResult | undefined {
    const key = `${test}#${retry}`;
    if (!this.waiting.has(key)) this.readNew();
    const r = this.waiting.get(key);
    this.waiting.delete(key);
    return r;
  }

  private readNew(): void {
    const dir = resultsDir(this.outputDir);
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.ndjson')) continue;
      const { lines, end } = readLines(join(dir, name), this.offsets.get(name) ?? 0);
      this.offsets.set(name, end);
      for (const l of lines) {
        const rec = parseRecord(l);
        if (rec) this.waiting.set(`${rec.head.test}#${rec.head.retry}`, rec.result);
      }
    }
  }
}

/** Every record in the run's log, file by file, in the order each worker wrote them, one at a time. */
export function* records(outputDir: string): Generator<{ head: RecordHead; result: ScenarioResult }> {
  const dir = resultsDir(outputDir);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.ndjson'))
    .sort()) {
    for (let pos = 0; ; ) {
      const { lines, end } = readLines(join(dir, name), pos, 4 << 20);
      if (end === pos) break;
      pos = end;
      for (const l of lines) {
        const rec = parseRecord(l);
        if (rec) yield rec;
      }
    }
  }
}

/** Whole lines from `from` on (at least one when there is one, about `max` bytes of them), and where they end. */
function readLines(file: string, from: number, max = Infinity): { lines: string[]; end: number } {
  const fd = openSync(file, 'r');
  try {
    // What is there now, at most `max` (a line longer than that is read whole): one buffer, one read as a rule.
    const size = fstatSync(fd).size;
    const want = Math.max(0, Math.min(size - from, max));
    let buf = Buffer.allocUnsafe(want);
    let got = 0;
    let lastNewline = -1;
    for (;;) {
      if (got === buf.length) {
        if (lastNewline >= 0 || (got === 0 && size <= from)) break;
        const bigger = Buffer.allocUnsafe(Math.max(64 << 10, buf.length * 2));
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
      const n = readSync(fd, buf, got, buf.length - got, from + got);
      if (n <= 0) break;
      const at = buf.subarray(got, got + n).lastIndexOf(0x0a);
      if (at >= 0) lastNewline = got + at;
      got += n;
    }
    // A line still being written (no newline yet) is read again next time, whole.
    if (lastNewline < 0) return { lines: [], end: from };
    return { lines: buf.subarray(0, lastNewline).toString('utf8').split('\n'), end: from + lastNewline + 1 };
  } finally {
    closeSync(fd);
  }
}

function parseRecord(text: string): { head: RecordHead; result: ScenarioResult } | undefined {
  const tab = text.indexOf('\t');
  if (tab < 0) return undefined;
  let head: RecordHead;
  try {
    head = JSON.parse(text.slice(0, tab)) as RecordHead;
  } catch {
    return undefined;
  }
  const result = decodeResultText(text.slice(tab + 1));
  return result ? { head, result } : undefined;
}

const inboxes = new Map<string, ResultInbox>();

/** The one inbox of a run's output folder in this process. */
export function resultInbox(outputDir: string): ResultInbox {
  let box = inboxes.get(outputDir);
  if (!box) {
    box = new ResultInbox(outputDir);
    inboxes.set(outputDir, box);
  }
  return box;
}
