// The options Playwright runs a Vouch run with, built from the plan (runner/pw.config.ts is the config file that
// Playwright loads and that exports them): generated spec parts, Vouch's one reporter (which
// reads the run's results log and writes every report), no browser, retries 0 unless asked. `npx playwright test` in
// a project uses it through the project's playwright.config.js, which makes a default plan (replay of suites/).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlaywrightTestConfig } from '@playwright/test';
import { readPlan, type Plan } from '../results/plan.js';
import { reporterOptions } from '../results/outputs.js';

const reporterModule = fileURLToPath(new URL('../report/playwright-reporter.js', import.meta.url));

/** Vouch's reporter, then any Playwright reporter the run asked for (`--reporter`), writing under the output folder. */
function reporters(plan: Plan): PlaywrightTestConfig['reporter'] {
  const extra = plan.extraReporters.map((r): [string] | [string, Record<string, unknown>] => {
    const options = reporterOptions(r, plan.config.outputDir);
    return options ? [r, options] : [r];
  });
  return [[reporterModule], ...extra];
}

export function playwrightConfig(plan: Plan = readPlan()): PlaywrightTestConfig {
  return {
    testDir: plan.specDir,
    testMatch: /part-\d+\.spec\.mjs$/,
    outputDir: join(plan.config.outputDir, '.vouch', 'test-results'),
    fullyParallel: false,
    forbidOnly: true,
    retries: 0,
    // The per-scenario limit (limits.scenarioTimeout, --scenario-timeout): past it Playwright ends the test, which
    // is reported broken with its cause; runner/watchdog.ts ends a worker stuck in synchronous code.
    timeout: plan.config.limits.scenarioMs,
    reporter: reporters(plan),
    preserveOutput: 'always',
    use: {},
  };
}
