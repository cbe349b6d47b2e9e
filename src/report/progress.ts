// The live progress line on a terminal: `N/M done, P passed, F failed` and the scenarios still running after 5 s,
// redrawn in place every second. Only where stdout is a terminal: a CI log gets the scenario lines and nothing else.
import type { FinalVerdict } from '../results/verdicts.js';

/** A scenario running this long is named on the line: the user sees what the run is waiting for. */
export const SLOW_AFTER_MS = 5000;
const CLEAR = '\r\x1b[2K';

export interface ProgressOptions {
  total: number;
  write: (text: string) => void;
  now?: () => number;
  /** The terminal's width: a longer line would wrap, and the next redraw could not clear it. */
  columns?: number;
}

export class Progress {
  private done = 0;
  private counts: Partial<Record<FinalVerdict, number>> = {};
  private running = new Map<string, number>();
  private shown = false;
  private timer?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly o: ProgressOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Only on a terminal that can move its cursor, and not when asked to be quiet. */
  static wanted(stream: NodeJS.WriteStream, quiet: boolean): boolean {
    return !quiet && stream.isTTY === true && process.env['TERM'] !== 'dumb';
  }

  start(): void {
    this.timer = setInterval(() => this.draw(), 1000);
    this.timer.unref();
    this.draw();
  }

  began(id: string): void {
    if (!this.running.has(id)) this.running.set(id, this.now());
  }

  ended(id: string, verdict: FinalVerdict | undefined): void {
    this.running.delete(id);
    if (verdict === undefined) return;
    this.done++;
    this.counts[verdict] = (this.counts[verdict] ?? 0) + 1;
    this.draw();
  }

  /** Writes text above the line: the line is cleared first and drawn again after. */
  print(text: string): void {
    this.clear();
    this.o.write(text);
    this.draw();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  line(): string {
    const c = this.counts;
    const parts = [`${this.done}/${this.o.total} done`, `${c.passed ?? 0} passed`, `${c.failed ?? 0} failed`];
    if (c.broken) parts.push(`${c.broken} broken`);
    const now = this.now();
    const slow = [...this.running].filter(([, at]) => now - at >= SLOW_AFTER_MS).map(([id, at]) => `${id} (${Math.floor((now - at) / 1000)} s)`);
    const still = slow.length ? ` · still running: ${slow.slice(0, 2).join(', ')}${slow.length > 2 ? `, +${slow.length - 2} more` : ''}` : '';
    return `${parts.join(', ')}${still}`;
  }

  private draw(): void {
    const width = Math.max(20, (this.o.columns || 80) - 1);
    const line = this.line();
    this.o.write(`${CLEAR}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    this.shown = true;
  }

  private clear(): void {
    if (this.shown) this.o.write(CLEAR);
    this.shown = false;
  }
}
