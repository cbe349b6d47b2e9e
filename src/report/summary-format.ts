// summary.json: the run's verdicts as data (summary.ts), which `vouch run` reads for its exit code.
import { join } from 'node:path';
import { writeFileAtomicSync } from '../util/atomic-write.js';
import type { ReportFormat } from './format.js';

export const SUMMARY_FILE = 'summary.json';

export const summaryFormat: ReportFormat = {
  name: 'summary.json',
  files: [SUMMARY_FILE],
  begin: ({ plan }) => ({
    end: ({ summary }) => writeFileAtomicSync(join(plan.config.outputDir, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`),
  }),
};
