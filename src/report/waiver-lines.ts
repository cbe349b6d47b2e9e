// The terminal's account of the waivers: the scenarios they waived (never passed), the waivers that matched
// nothing (remove them), and the expired ones (they fail the run until renewed or removed).
import type { RunSummary } from './summary.js';

export function waiverLines(s: RunSummary): string[] {
  const out: string[] = [];
  const waived = s.scenarios.filter((x) => x.verdict === 'waived');
  const report = s.waivers;
  if (waived.length) {
    out.push('', `Waived (known deviations; never passed), by ${report?.file ?? 'waivers.yaml'}:`);
    for (const x of waived) out.push(`  w ${x.id}: ${x.waiver?.ticket ?? ''} until ${x.waiver?.expires ?? ''}: ${x.firstFailure ?? ''}`);
  }
  if (report?.unused.length) {
    out.push('', `Unused waivers in ${report.file} (they matched no failure; remove them):`);
    for (const w of report.unused) out.push(`  - ${w.scenario} (${w.ticket}): ${w.why}`);
  }
  if (report?.expired.length) {
    out.push('', `Expired waivers in ${report.file} (judged on ${report.asOf}; they waive nothing and fail the run until renewed or removed):`);
    for (const w of report.expired) out.push(`  ✗ ${w.scenario} (${w.ticket}): expired after ${w.expires}`);
  }
  return out;
}
