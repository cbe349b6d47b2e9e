// Shared by the reliability tests: reading what a run left behind (summary, JUnit, Allure results, cassettes),
// old cassettes to seed, and a search of every file under a folder for given strings.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SummaryScenario {
  id: string;
  verdict: string;
  firstFailure?: string;
  reason?: string;
  failedChecks: { message: string; source?: string; check: string }[];
}

export interface Summary {
  counts: Record<string, number>;
  scenarios: SummaryScenario[];
}

export function readSummary(dir: string, out = 'reports'): Summary {
  return JSON.parse(readFileSync(join(dir, out, 'summary.json'), 'utf8')) as Summary;
}

export function scenarioOf(s: Summary, id: string): SummaryScenario {
  const found = s.scenarios.find((x) => x.id === id);
  if (!found) throw new Error(`scenario ${id} is not in the summary (${s.scenarios.map((x) => x.id).join(', ')})`);
  return found;
}

/** The JUnit testcase element of a scenario, when the run wrote reports/junit.xml. */
export function junitCase(dir: string, id: string, out = 'reports'): string | undefined {
  const file = join(dir, out, 'junit.xml');
  if (!existsSync(file)) return undefined;
  const xml = readFileSync(file, 'utf8');
  const at = xml.indexOf(`<testcase name="${id}:`);
  if (at < 0) return '';
  const next = [xml.indexOf('<testcase ', at + 1), xml.indexOf('</testsuite>', at)].filter((i) => i >= 0);
  return xml.slice(at, Math.min(...next, xml.length));
}

export interface AllureResult {
  name: string;
  status: string;
  statusDetails?: { message?: string };
}

/** Allure's result for a scenario, when the run wrote reports/allure-results/. */
export function allureResult(dir: string, id: string, out = 'reports'): AllureResult | undefined {
  const folder = join(dir, out, 'allure-results');
  if (!existsSync(folder)) return undefined;
  for (const f of readdirSync(folder).filter((n) => n.endsWith('-result.json'))) {
    const r = JSON.parse(readFileSync(join(folder, f), 'utf8')) as AllureResult;
    if (r.name.startsWith(`${id}:`)) return r;
  }
  return undefined;
}

/** An old cassette for a scenario, valid format 1, recognisable by its date; its exact bytes are what must survive. */
export function oldCassette(api: string, id: string): string {
  const cassette = {
    format: 1,
    scenario: { id, file: `faults/${id}.yaml`, hash: 'old' },
    vouch: { version: '0.0.1' },
    target: { api, name: api, baseUrl: 'http://old.example' },
    recordedAt: '2001-02-03T04:05:06.000Z',
    vars: { run: { id: 'rold' } },
    exchanges: [
      {
        identity: 'default',
        request: { method: 'GET', path: '/ok', query: {}, headers: {} },
        response: { status: 200, headers: {}, body: { old: true } },
        durationMs: 1,
      },
    ],
  };
  return `${JSON.stringify(cassette, null, 2)}\n`;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every file under the folders, with each needle it contains (in any form the needle list gives). */
export function filesContaining(folders: string[], needles: string[]): { file: string; needle: string }[] {
  const out: { file: string; needle: string }[] = [];
  for (const file of folders.flatMap(walk)) {
    const text = readFileSync(file).toString('latin1');
    for (const needle of needles) if (text.includes(needle)) out.push({ file, needle });
  }
  return out;
}

/** How many files are under the folders (to show a search looked at something). */
export function countFiles(folders: string[]): number {
  return folders.flatMap(walk).length;
}
