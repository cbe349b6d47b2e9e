// The terminal: a line per scenario as its last attempt ends (with the live progress line on a terminal), and the
// end-of-run summary (terminal-summary.ts) once the files are written. `vouch run --quiet` keeps the summary only.
import type { ScenarioResult } from '../model/types.js';
import { failureMessage } from '../results/record.js';
import type { FinalVerdict } from '../results/verdicts.js';
import type { ReportFormat } from './format.js';
import { Progress } from './progress.js';
import { MARK, renderEnd } from './terminal-summary.js';
import { waivedLine } from './waived.js';

export const terminalFormat: ReportFormat = {
  name: 'terminal',
  files: [],
  begin: ({ plan, tests }) => {
    const quiet = process.env['VOUCH_QUIET'] === '1';
    let progress: Progress | undefined;
    if (Progress.wanted(process.stdout, quiet)) {
      progress = new Progress({ total: tests(), write: (t) => process.stdout.write(t), columns: process.stdout.columns });
      progress.start();
    }
    const print = (text: string) => (progress ? progress.print(text) : process.stdout.write(text));
    return {
      began: (id) => progress?.began(id),
      ended: (a) => {
        progress?.ended(a.id, a.last ? a.verdict : undefined);
        if (!quiet && a.last) print(scenarioLines(a.id, a.verdict, a.result, a.reason, a.waiver ? waivedLine(a.waiver) : undefined));
      },
      end: ({ summary, files, html }) => {
        progress?.stop();
        process.stdout.write(`${renderEnd(summary, plan, { files, html }, wallTime())}\n`);
      },
    };
  },
};

function scenarioLines(id: string, verdict: FinalVerdict, r: ScenarioResult | undefined, reason?: string, waived?: string): string {
  const time = r ? ` (${r.durationMs} ms)` : '';
  const lines = [`  ${MARK[verdict]} ${verdict.padEnd(7)} ${id}${r ? `: ${r.title}` : ''}${time}${verdict === 'not run' && reason ? ` — ${reason}` : ''}`];
  if (waived) lines.push(`      ${waived}`);
  if (r && (verdict === 'failed' || verdict === 'broken' || verdict === 'waived')) lines.push(indent(failureMessage(r), '      '));
  else if (!r && reason && verdict !== 'not run') lines.push(`      ${reason}`);
  return `${lines.join('\n')}\n`;
}

/** Milliseconds since `vouch run` started (it passes its start time along), start-up included; undefined under a bare Playwright. */
function wallTime(): number | undefined {
  const started = Number(process.env['VOUCH_STARTED_AT']);
  return Number.isFinite(started) && started > 0 ? Date.now() - started : undefined;
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}
