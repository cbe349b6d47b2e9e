// The run's report formats, in the order they are written at the end of a run: the reporter feeds each of them the
// same judged attempts and the same results log, and `vouch report` finds here the format it builds HTML from. A
// new format is a module (format.ts says what it implements) and one entry here; the terminal comes last so that
// its summary is printed once every file it lists is written.
import { allureFormat } from './allure-format.js';
import type { ReportFormat } from './format.js';
import { junitFormat } from './junit-format.js';
import { summaryFormat } from './summary-format.js';
import { terminalFormat } from './terminal-format.js';

export const FORMATS: ReportFormat[] = [summaryFormat, junitFormat, allureFormat, terminalFormat];

/** The format `vouch report` turns into HTML (Allure's), if the table holds one. */
export function htmlFormat(formats: readonly ReportFormat[] = FORMATS): (ReportFormat & { html: NonNullable<ReportFormat['html']> }) | undefined {
  return formats.find((f): f is ReportFormat & { html: NonNullable<ReportFormat['html']> } => f.html !== undefined);
}
