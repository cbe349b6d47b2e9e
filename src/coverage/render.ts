// The coverage table as text for the terminal, as Markdown for the README, and the counts both end with.
import type { CoverageRow } from './catalogue.js';

export interface CoverageCounts {
  total: number;
  covered: number;
  /** Not covered, with the reason the catalogue gives. */
  explained: number;
  /** Not covered and no reason: the suites have a gap nobody accounted for. */
  unexplained: number;
}

export function countCoverage(rows: readonly CoverageRow[]): CoverageCounts {
  const covered = rows.filter((r) => r.scenarios.length > 0).length;
  const explained = rows.filter((r) => r.scenarios.length === 0 && r.behaviour.notCovered).length;
  return { total: rows.length, covered, explained, unexplained: rows.length - covered - explained };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function coverageMarkdown(rows: readonly CoverageRow[]): string {
  const lines = ['| id | doc section | behaviour | scenarios |', '|---|---|---|---|'];
  for (const r of rows) {
    const b = r.behaviour;
    const where = r.scenarios.length ? r.scenarios.map((s) => `\`${s}\``).join(', ') : `not covered: ${b.notCovered ?? 'no reason given'}`;
    lines.push(`| ${b.id} | ${cell(`${b.doc.slice(0, 3)} ${b.section}`)} | ${cell(b.text)} | ${cell(where)} |`);
  }
  return lines.join('\n');
}

export function coverageText(rows: readonly CoverageRow[], width = 110): string {
  const lines: string[] = [];
  const idWidth = Math.max(...rows.map((r) => r.behaviour.id.length), 2);
  for (const r of rows) {
    const b = r.behaviour;
    const mark = r.scenarios.length ? '✓' : b.notCovered ? '-' : '✗';
    const text = b.text.length > width ? `${b.text.slice(0, width - 1)}…` : b.text;
    lines.push(`${mark} ${b.id.padEnd(idWidth)}  ${text}`);
    lines.push(`  ${''.padEnd(idWidth)}  ${r.scenarios.length ? r.scenarios.join(', ') : `not covered: ${b.notCovered ?? 'no reason given'}`}`);
  }
  const c = countCoverage(rows);
  lines.push(
    '',
    `${c.covered} of ${c.total} documented behaviours covered; ${c.explained} not covered, each with its reason${c.unexplained ? `; ${c.unexplained} not covered and not explained` : ''}`,
  );
  return lines.join('\n');
}
