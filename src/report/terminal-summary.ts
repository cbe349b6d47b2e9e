// The end-of-run summary in the terminal: counts, what did not pass with its first failure, what the variation model
// allowed, stale cassettes with the command that re-records them, and where the reports are (the formats table's
// files, as the reporter hands them over). Reads the summary only.
import { relative } from 'node:path';
import type { Plan } from '../results/plan.js';
import { reporterOutputs } from '../results/outputs.js';
import type { FinalVerdict } from '../results/verdicts.js';
import { allowedByRule, type RunSummary } from './summary.js';
import { waiverLines } from './waiver-lines.js';

export const MARK: Record<FinalVerdict, string> = { passed: '✓', failed: '✗', broken: '!', flaky: '~', waived: 'w', 'not run': '-' };

/**
 * `reports`: what the run's formats wrote and where `vouch report` builds HTML, relative to the output folder;
 * `wallMs`: since `vouch run` started, start-up included (undefined when Playwright was started by hand).
 */
export function renderEnd(s: RunSummary, plan: Plan, reports: { files: readonly string[]; html?: string }, wallMs?: number): string {
  const c = s.counts;
  const parts = [`${c.passed} passed`, `${c.failed} failed`, `${c.broken} broken`];
  if (c.flaky) parts.push(`${c.flaky} flaky`);
  if (c.waived) parts.push(`${c.waived} waived`);
  if (c['not run']) parts.push(`${c['not run']} not run`);
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const time =
    wallMs !== undefined
      ? `${secs(wallMs)}, start-up included (the scenarios took ${secs(s.durationMs)})`
      : `${secs(s.durationMs)} (Playwright's run, start-up not included)`;
  const out = ['', `vouch: ${s.counts.total} scenarios (${s.mode}${s.shard ? `, shard ${s.shard}` : ''}) in ${time}`];
  const bad = s.scenarios.filter((x) => x.verdict === 'failed' || x.verdict === 'broken' || x.verdict === 'flaky');
  if (bad.length) {
    out.push('', 'Not passed:');
    for (const x of bad) out.push(`  ${MARK[x.verdict]} ${x.id} [${x.verdict}]: ${x.firstFailure ?? ''}`);
  }
  out.push(...waiverLines(s), ...allowedLines(s), ...staleLines(s, plan), ...cassetteLines(s));
  const shown = relative(process.cwd(), plan.config.outputDir) || '.';
  const rel = shown.startsWith('..') ? plan.config.outputDir : shown;
  const files = reports.files.map((f) => `${rel}/${f}`);
  files.push(...reporterOutputs(plan.extraReporters).map((o) => `${rel}/${o.path} (${o.name})`));
  out.push('', `Reports: ${files.join(', ')}`);
  if (reports.html) out.push(`  HTML: vouch report${rel === 'reports' ? '' : ` --output ${rel}`} --open  (Allure, into ${rel}/${reports.html}/)`);
  out.push(parts.join(', '));
  return out.join('\n');
}

/** The variation rules that let a faithful server differ in this run, with where (the notes are in summary.json). */
function allowedLines(s: RunSummary): string[] {
  const rules = allowedByRule(s.scenarios);
  if (rules.length === 0) return [];
  const out = ['', 'Allowed variations (notes, never failures; each is listed with its step in summary.json and Allure):'];
  const width = Math.max(...rules.map((r) => r.rule.length));
  for (const r of rules) {
    const where = s.scenarios.flatMap((x) => x.notes.filter((n) => n.rule === r.rule).map((n) => `${x.id} ${n.path}`));
    const shown = where.slice(0, 2).join(', ') + (where.length > 2 ? `, +${where.length - 2} more` : '');
    out.push(`  ${r.rule.padEnd(width)}  ${String(r.notes).padStart(3)} in ${r.scenarios.length} scenario${r.scenarios.length === 1 ? '' : 's'}: ${shown}`);
  }
  return out;
}

/** Cassettes whose scenario changed since they were recorded: replayed with a note, or broken under --strict-cassettes. */
function staleLines(s: RunSummary, plan: Plan): string[] {
  const stale = s.scenarios.filter((x) => x.cassette?.stale);
  if (stale.length === 0) return [];
  const how = plan.config.strictCassettes ? 'broken under --strict-cassettes' : 'replayed anyway, --strict-cassettes makes them broken';
  const out = ['', `Stale cassettes (the scenario changed since it was recorded; ${how}):`];
  for (const x of stale) {
    const file = relative(process.cwd(), x.cassette!.path) || x.cassette!.path;
    out.push(
      `  ${x.id}: ${file.startsWith('..') ? x.cassette!.path : file}${x.cassette!.recordedAt ? `, recorded at ${x.cassette!.recordedAt}` : ''}`,
      `    re-record: ${x.cassette!.stale}`,
    );
  }
  return out;
}

const shownPath = (file: string): string => {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
};

/** What a recording wrote (a result with the cassette's hash and no recorded-at: replays carry one), and what it did not. */
function cassetteLines(s: RunSummary): string[] {
  if (s.mode !== 'record' && s.mode !== 'auto') return [];
  const written = s.scenarios.filter((x) => x.cassette?.sha256 && !x.cassette.recordedAt).map((x) => shownPath(x.cassette!.path));
  const kept = s.mode === 'record' ? s.scenarios.filter((x) => x.verdict === 'broken' && !x.cassette?.sha256).map((x) => x.id) : [];
  const out = ['', written.length ? `Cassettes written (${written.length}): ${written.join(', ')}` : 'Cassettes written: none'];
  if (kept.length) out.push(`Not written (the recording broke; a previous cassette stays as it was): ${kept.join(', ')}`);
  return out;
}
