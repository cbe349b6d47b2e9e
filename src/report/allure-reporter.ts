// allure-playwright as Vouch runs it: the same reporter, writing through Vouch's writer (report/allure-writer.ts),
// which completes each result as it is written instead of rereading and rewriting every file after the run.
// allure-playwright has no option for its writer; it keeps the one it makes in `onBegin` on its runtime, and this
// subclass replaces it there. Should a release move it, the stock writer stays and Vouch's reporter completes the
// written files after the run as before (report/allure-post.ts): slower, same results.
import { createRequire } from 'node:module';
import { readPlan } from '../runner/plan.js';
import { cjsDefault } from '../util/interop.js';
import { VouchAllureWriter } from './allure-writer.js';

type ReporterCtor = new (options: Record<string, unknown>) => { onBegin(...args: unknown[]): unknown; onEnd(...args: unknown[]): unknown };
const AllureReporter = cjsDefault(createRequire(import.meta.url)('allure-playwright') as ReporterCtor | { default: ReporterCtor });

/** The writer of the current run, when the swap took (read by report/playwright-reporter.ts in the same process). */
let active: VouchAllureWriter | undefined;

export function inlineAllureWriter(): VouchAllureWriter | undefined {
  return active;
}

export default class VouchAllureReporter extends AllureReporter {
  private readonly resultsDir: string;
  /** `playwright test --list`: a listing is no run; the last run's Allure results stay as they are. */
  private readonly listing: boolean;

  constructor(options: Record<string, unknown>) {
    super(options);
    this.resultsDir = String(options['resultsDir']);
    this.listing = options['_mode'] === 'list';
  }

  override onBegin(...args: unknown[]): unknown {
    if (this.listing) return undefined;
    const out = super.onBegin(...args);
    const runtime = (this as unknown as { allureRuntime?: { writer?: unknown } }).allureRuntime;
    active = undefined;
    if (runtime && runtime.writer) {
      active = new VouchAllureWriter(this.resultsDir, readPlan());
      runtime.writer = active;
    }
    return out;
  }

  override async onEnd(...args: unknown[]): Promise<void> {
    if (this.listing) return;
    await super.onEnd(...args);
    active?.flush();
  }
}
