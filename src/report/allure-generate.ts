// Turns allure-results folders into the HTML report with allure-commandline (Java), carrying the previous
// report's history over first so trends and history work across runs. Problems come back as Diagnostics.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../model/types.js';
import { diag } from '../model/diagnostic.js';

export interface GenerateOptions {
  results: string[];
  report: string;
  env?: NodeJS.ProcessEnv;
}

export function allureBin(): string {
  const pkg = createRequire(import.meta.url).resolve('allure-commandline/package.json');
  return join(dirname(pkg), 'dist', 'bin', 'allure');
}

/** allure-commandline runs `$JAVA_HOME/bin/java`, else `java` on the PATH; say so before it fails obscurely. */
export function checkJava(env: NodeJS.ProcessEnv = process.env): Diagnostic | undefined {
  const java = env['JAVA_HOME'] ? join(env['JAVA_HOME'], 'bin', 'java') : 'java';
  const res = spawnSync(java, ['-version'], { env, stdio: 'ignore' });
  if (!res.error && res.status === 0) return undefined;
  const where = env['JAVA_HOME'] ? `JAVA_HOME (${env['JAVA_HOME']}) has no working bin/java` : 'no `java` on the PATH';
  return diag('no-java', `the Allure report needs Java (8 or later), and ${where}`, {
    hint: 'install a Java runtime (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless) or set JAVA_HOME; reports/junit.xml and reports/summary.json need no Java',
  });
}

/** Every results folder must exist and hold at least one test result. */
export function checkResults(results: string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const dir of results) {
    const n = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('-result.json')).length : -1;
    if (n > 0) continue;
    const what = n < 0 ? `there is no folder ${dir}` : `${dir} holds no Allure test results`;
    out.push(diag('no-results', `${what}: nothing to report`, { hint: 'run the suites first (`vouch run`), or name the folder with --results (or --output)' }));
  }
  return out;
}

/** The previous report's history/ goes into the (first) results folder, where allure generate reads it. */
export function carryHistory(results: string[], report: string): boolean {
  const history = join(report, 'history');
  if (!existsSync(history) || results.length === 0) return false;
  cpSync(history, join(results[0]!, 'history'), { recursive: true });
  return true;
}

export function generateReport(o: GenerateOptions): Promise<{ code: number; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(allureBin(), ['generate', ...o.results, '-o', o.report, '--clean'], { env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (e) => resolveRun({ code: 127, output: `${output}${e.message}` }));
    child.on('close', (code) => resolveRun({ code: code ?? 1, output }));
  });
}
