// What a report format is: a name, the files it writes under the run's output folder, and one consumer fed by the
// run's results log. The reporter (playwright-reporter.ts) judges each attempt once and hands it to every format of
// the table (formats.ts) as its test ends; when the workers are done it hands them the run's summary and the log to
// read through once more. A format reads nothing else of the run, and is never named outside its own module.
import type { ScenarioResult } from '../model/types.js';
import type { RecordHead } from '../results/log.js';
import type { Plan } from '../results/plan.js';
import type { FinalVerdict } from '../results/verdicts.js';
import type { RunSummary, ScenarioSummary } from './summary.js';

/** One attempt of one scenario, as the reporter judged it, given to each format once, as its test ends. */
export interface JudgedAttempt {
  /** Playwright's test id and the attempt: the record's key in the log. */
  test: string;
  retry: number;
  /** The scenario id. */
  id: string;
  /** The attempt's record, taken from the log as the test ended (undefined where it left none): keep it only if needed. */
  result?: ScenarioResult;
  /** The record came attached to the test (its log write failed): the log has no copy to read at the end. */
  attached: boolean;
  /** This attempt's verdict: flaky for a pass after a failure, waived for a failure a waiver names. */
  verdict: FinalVerdict;
  /** No retry follows: this attempt's verdict is the scenario's. */
  last: boolean;
  /** Why it was not run, or why it left no record. */
  reason?: string;
  waiver?: ScenarioSummary['waiver'];
  /** When the attempt started (ms since the epoch) and how long it took, as the test runner measured it. */
  start: number;
  durationMs: number;
}

/** What a format knows of the run when it begins. */
export interface RunStart {
  plan: Plan;
  /** How many tests the run holds (counted only when asked). */
  tests(): number;
}

/** What a format is given when the workers are done. */
export interface RunEnd {
  summary: RunSummary;
  /** The run's results log, every record once, read from disk as iterated (results/log.ts). */
  log(): Iterable<{ head: RecordHead; result: ScenarioResult }>;
  /** What every format of the table writes, relative to the output folder, in table order (for the terminal). */
  files: readonly string[];
  /** Where `vouch report` builds HTML, relative to the output folder, if a format of the table has one. */
  html?: string;
}

/** One run's consumer of a format: every method is called in the reporter's process, in the run's order. */
export interface FormatRun {
  /** A scenario's test started. */
  began?(id: string): void;
  /** An attempt ended (called for every attempt, retries included). */
  ended?(a: JudgedAttempt): void;
  /** The workers are done: write the output. Formats end one after another, in table order. */
  end(e: RunEnd): Promise<void> | void;
  /** Background work the format started that must finish before the run ends, awaited after every format's end. */
  settled?(): Promise<void>;
}

export interface ReportFormat {
  name: string;
  /** What it writes, relative to the run's output folder; a folder ends with `/`. None for the terminal. */
  files: readonly string[];
  /** `vouch report` turns `from` (a folder of `files`) into HTML in `to`, both relative to the output folder. */
  html?: { from: string; to: string };
  begin(run: RunStart): FormatRun;
}
