// What a Playwright worker holds for its whole life: the plan, the scenarios, one transport per API, and the
// assertion options; `run(id)` executes one scenario and returns its result as data.
import { existsSync } from 'node:fs';
import type { RunConfig, TargetConfig } from '../config/types.js';
import { identityTokenEnv } from '../config/resolve.js';
import type { ScenarioResult } from '../model/types.js';
import { createTransport } from '../transport/modes.js';
import { createNodeClient } from '../transport/http-node.js';
import { createPlaywrightClient, type ClientTls } from '../transport/http-playwright.js';
import { createRedactor } from '../transport/redact.js';
import { envPlaceholder } from '../scenario/template.js';
import type { Transport } from '../transport/types.js';
import { REPLAY_BASE_URL } from '../transport/replay.js';
import { executeScenario, type StepWrapper } from './execute.js';
import { interruptFile, type Plan } from './plan.js';
import type { RequestTarget } from './request.js';
import { planScenario } from './suite.js';
import { ResultOutbox } from './result-channel.js';

/** Secret values shorter than this are not scrubbed from results: they would match ordinary text, and real tokens are far longer. */
const MIN_SCRUBBED_SECRET = 6;


export class WorkerContext {
  private transports = new Map<string, Promise<Transport>>();
  /** Where passed scenarios' results go to the reporters. */
  readonly outbox: ResultOutbox;

  constructor(readonly plan: Plan, private readonly env: NodeJS.ProcessEnv = process.env) {
    this.outbox = new ResultOutbox(plan.config.outputDir);
  }

  async run(id: string, wrap?: StepWrapper): Promise<ScenarioResult> {
    const scenario = planScenario(this.plan, id);
    if (!scenario) throw new Error(`scenario ${id} is not in the plan`);
    const cfg = this.plan.config;
    // Results leave the worker as attachments, step errors and terminal lines: a token the target echoed (in a
    // body, a header, an error message) or that a scenario put in a URL is scrubbed from each step's result before
    // Playwright sees it, and from the scenario's result. The running scenario keeps the real values.
    const scrub = this.scrubber();
    const scrubbingWrap: StepWrapper | undefined = wrap && ((title, fn, failed) => wrap(title, async () => scrub(await fn()), failed));
    const result = await executeScenario(scenario, {
      transport: await this.transport(scenario.api),
      target: this.requestTarget(scenario.api, cfg),
      runId: this.plan.runId,
      mode: cfg.mode,
      assertionOptions: { kubernetesVersion: cfg.targets[scenario.api]?.kubernetesVersion ?? cfg.kubernetesVersion, strictSchema: cfg.strictSchema },
      wrap: scrubbingWrap,
      interrupted: () => existsSync(interruptFile(cfg.outputDir)),
      env: this.plan.envPlaceholders ? envPlaceholder : (name) => this.env[name],
    });
    return scrub(result);
  }

  private scrub?: <T>(value: T) => T;

  /** Made once per worker (the environment and the plan do not change while it runs), not once per scenario. */
  private scrubber(): <T>(value: T) => T {
    if (this.scrub) return this.scrub;
    const secrets = this.secrets();
    if (secrets.length === 0) return (this.scrub = (v) => v);
    // A form-encoded query (URLSearchParams) writes some characters differently from encodeURIComponent.
    const forms = secrets.flatMap((s) => [s, new URLSearchParams({ v: s }).toString().slice(2)]);
    const redactor = createRedactor({ secrets: forms, headers: [], paths: [] });
    return (this.scrub = <T>(value: T) => redactor.value(value) as T);
  }

  private requestTarget(api: string, cfg: RunConfig): RequestTarget {
    const target: TargetConfig | undefined = cfg.targets[api];
    const replay = cfg.mode === 'replay' || !target;
    return {
      baseUrl: replay ? REPLAY_BASE_URL : target.baseUrl,
      timeoutMs: target?.timeoutMs ?? cfg.timeoutMs,
      token: (identity) => (identity === 'anonymous' || replay ? undefined : this.env[identityTokenEnv(target, api, identity)]),
    };
  }

  private transport(api: string): Promise<Transport> {
    let t = this.transports.get(api);
    if (!t) {
      t = this.createTransport(api);
      this.transports.set(api, t);
    }
    return t;
  }

  private async createTransport(api: string): Promise<Transport> {
    const cfg = this.plan.config;
    const target = cfg.targets[api];
    const tls: ClientTls = {
      insecureSkipVerify: target?.tls.insecureSkipVerify,
      clientCertificates: target?.tls.cert && target.tls.key ? [{ origin: new URL(target.baseUrl).origin, certPath: target.tls.cert, keyPath: target.tls.key }] : undefined,
    };
    // Node's http costs far less than APIRequestContext inside a worker, and less than Node's fetch (bench/results.md).
    // Targets that skip verification or present a client certificate keep Playwright's client, whose per-origin
    // certificates and TLS options the reports already describe.
    const client = tls.insecureSkipVerify || tls.clientCertificates ? await createPlaywrightClient(tls) : createNodeClient();
    return createTransport({
      mode: cfg.mode,
      cassetteDir: cfg.cassetteDir,
      recordDir: cfg.check ? `${cfg.outputDir}/.vouch/check-cassettes` : undefined,
      vouchVersion: this.plan.vouchVersion,
      targets: Object.fromEntries(Object.entries(cfg.targets).map(([k, v]) => [k, { baseUrl: v.baseUrl }])),
      secrets: this.secrets(),
      redact: cfg.redact,
      client,
    });
  }

  /**
   * Every token this run may send: scrubbed from anything written. A value shorter than MIN_SCRUBBED_SECRET would
   * match ordinary text and corrupt cassettes and results, and is no real secret; it is left as is.
   */
  private secrets(): string[] {
    const all = Object.entries(this.env)
      .filter(([k, v]) => v && /^VOUCH_.*_TOKEN$/.test(k))
      .map(([, v]) => v as string)
      .concat(
        Object.values(this.plan.config.targets).flatMap((t) => Object.values(t.identities).map((i) => (i.tokenEnv ? this.env[i.tokenEnv] : undefined))).filter((v): v is string => !!v),
      );
    return [...new Set(all)].filter((s) => s.length >= MIN_SCRUBBED_SECRET);
  }

  async close(): Promise<void> {
    this.outbox.close();
    for (const t of this.transports.values()) await (await t).close();
  }
}
