// Where Playwright's own reporters write when a run asks for them (`vouch run --reporter`): under the run's output
// folder, never where Playwright would put them (beside the config file, which is Vouch's own package folder), and a
// machine format always into a file, never onto stdout between Vouch's lines. Vouch's junit.xml is never overwritten.
// (Vouch's own formats name their files in src/report/formats.ts.)
import { join } from 'node:path';

interface Output {
  option: 'outputFolder' | 'outputFile' | 'outputDir';
  path: string;
  folder: boolean;
  more?: Record<string, unknown>;
}

const OUTPUTS: Record<string, Output> = {
  // `open: 'never'`: the HTML reporter would otherwise serve the report and wait after a failed run.
  html: { option: 'outputFolder', path: 'playwright-report', folder: true, more: { open: 'never' } },
  json: { option: 'outputFile', path: 'playwright-report.json', folder: false },
  junit: { option: 'outputFile', path: 'playwright-junit.xml', folder: false },
  blob: { option: 'outputDir', path: 'blob-report', folder: true },
};

/** The options that send a Playwright reporter's output under `outputDir`, or undefined for one that writes nothing. */
export function reporterOptions(name: string, outputDir: string): Record<string, unknown> | undefined {
  const o = OUTPUTS[name];
  return o && { [o.option]: join(outputDir, o.path), ...o.more };
}

/** What each reporter of the run writes, relative to the output folder (folders end with `/`), for the summary. */
export function reporterOutputs(names: readonly string[]): { name: string; path: string }[] {
  return names.flatMap((name) => {
    const o = OUTPUTS[name];
    return o ? [{ name, path: `${o.path}${o.folder ? '/' : ''}` }] : [];
  });
}
