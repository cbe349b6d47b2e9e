// The Playwright configuration of a Vouch run, built from the plan: generated spec parts, Vouch's reporter
// (plus JUnit and Allure from report/), no browser, retries 0 unless asked. `npx playwright test` in a project
// uses it through the project's playwright.config.js, which makes a default plan (replay of suites/).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlaywrightTestConfig } from '@playwright/test';
import { readPlan, type Plan } from './plan.js';
import { reporterOptions } from './reporter-outputs.js';

const reporterModule = fileURLToPath(new URL('../report/playwright-reporter.js', import.meta.url));
const allureModule = fileURLToPath(new URL('../report/allure-reporter.js', import.meta.url));

/**
 * allure-playwright (through Vouch's subclass, report/allure-reporter.ts) first: Playwright ends reporters in order, so Vouch's reporter (which writes summary.json and
 * junit.xml and completes the Allure results with what only the run knows) sees Allure's files written.
 * `detail: false` hides Playwright's fixture and hook steps; suites come from Vouch's own labels, not spec files.
 */
function reporters(plan: Plan): PlaywrightTestConfig['reporter'] {
  const allure: [string, Record<string, unknown>] = [allureModule, { resultsDir: join(plan.config.outputDir, 'allure-results'), detail: false, suiteTitle: false }];
  const extra = plan.extraReporters.map((r): [string] | [string, Record<string, unknown>] => {
    const options = reporterOptions(r, plan.config.outputDir);
    return options ? [r, options] : [r];
  });
  return [allure, [reporterModule], ...extra];
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
