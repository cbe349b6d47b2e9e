// junit.xml for CI (junit.ts): the run's summary, with the failure text of each scenario whose last attempt did
// not pass; those records are the only ones it keeps.
import { join } from 'node:path';
import type { ScenarioResult } from '../model/types.js';
import { writeFileAtomicSync } from '../util/atomic-write.js';
import type { ReportFormat } from './format.js';
import { junitXml } from './junit.js';

export const JUNIT_FILE = 'junit.xml';

export const junitFormat: ReportFormat = {
  name: 'junit',
  files: [JUNIT_FILE],
  begin: ({ plan }) => {
    const failures = new Map<string, ScenarioResult>();
    return {
      ended: (a) => {
        if (a.result && a.verdict !== 'passed' && a.verdict !== 'flaky') failures.set(a.id, a.result);
        else failures.delete(a.id);
      },
      end: ({ summary }) => writeFileAtomicSync(join(plan.config.outputDir, JUNIT_FILE), junitXml(summary, failures, plan.cwd)),
    };
  },
};
