// Runs a prepared plan on Playwright Test for `vouch certify` (as `vouch run` does for itself): Playwright's CLI in
// its own process group, the plan in its environment, no retries (a certification run must not hide flakes).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interruptFile, PLAN_ENV, type Plan, PARENT_PID_ENV } from '../results/plan.js';
import type { RunSummary } from '../report/summary.js';
import { runPlaywright } from './playwright-process.js';

const pwCli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const pwConfig = fileURLToPath(new URL('../runner/pw.config.js', import.meta.url));

export async function runPlan(
  plan: Plan,
  planFile: string,
  env: NodeJS.ProcessEnv,
  o: { workers?: number; quiet?: boolean },
): Promise<{ summary?: RunSummary; interrupted: boolean }> {
  const ca = Object.values(plan.config.targets).find((t) => t.tls.ca)?.tls.ca;
  const childEnv: NodeJS.ProcessEnv = {
    PW_DISABLE_TS_ESM: '1',
    ...env,
    [PLAN_ENV]: planFile,
    [PARENT_PID_ENV]: String(process.pid),
    ...(ca ? { NODE_EXTRA_CA_CERTS: ca } : {}),
    ...(o.quiet ? { VOUCH_QUIET: '1' } : {}),
  };
  const args = [pwCli, 'test', '-c', pwConfig, '--retries', '0'];
  if (o.workers !== undefined) args.push('--workers', String(o.workers));
  const file = join(plan.config.outputDir, 'summary.json');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const pw = await runPlaywright(args, childEnv, interruptFile(plan.config.outputDir));
  const after = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (pw.interrupted) {
    process.stderr.write('vouch: the run was interrupted: no claim\n');
    return { interrupted: true };
  }
  if (!after || after === before) {
    process.stderr.write(`vouch: Playwright ended (exit ${pw.code}) without writing ${file}; the run could not be judged\n`);
    return { interrupted: false };
  }
  return { summary: JSON.parse(after) as RunSummary, interrupted: false };
}
