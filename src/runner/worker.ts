// What a Playwright worker holds for its whole life: the plan, the scenarios, one transport per API, and the
// assertion options; `run(id)` executes one scenario and returns its result as data.
import { existsSync } from 'node:fs';
import type { RunConfig, TargetConfig } from '../config/types.js';
import { identityTokenEnv, sendsNoCredential } from '../config/resolve.js';
import type { Scenario, ScenarioResult, StepResult } from '../model/types.js';
import { createTransport } from '../transport/modes.js';
import { createNodeClient } from '../transport/http-node.js';
import type { ClientTls } from '../transport/http-common.js';
import { createRedactor } from '../transport/redact.js';
import { configuredTokenEnvs, tokenSecrets, type NamedSecret } from '../transport/secrets.js';
import { envPlaceholder } from '../scenario/template.js';
import type { Transport } from '../transport/types.js';
import { REPLAY_BASE_URL } from '../transport/replay.js';
import { executeScenario, plainWrapper, type StepWrapper } from './execute.js';
import { redactScenario, redactStep } from './redact-result.js';
import { interruptFile, type Plan } from '../results/plan.js';
import type { RequestTarget } from './request.js';
import { planScenario } from '../results/scenarios.js';
import { ResultOutbox } from '../results/log.js';
import { orphaned, startWatchdog } from './watchdog.js';

export class WorkerContext {
  private transports = new Map<string, Promise<Transport>>();
  /** Where passed scenarios' results go to the reporters. */
  readonly outbox: ResultOutbox;

  constructor(
    readonly plan: Plan,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.outbox = new ResultOutbox(plan.config.outputDir);
  }

  /** Runs a scenario of the plan; `part`, its spec part, spares this worker the whole run's index. */
  async run(id: string, wrap?: StepWrapper, part?: number): Promise<ScenarioResult> {
    const scenario = planScenario(this.plan, id, part);
    if (!scenario) throw new Error(`scenario ${id} is not in the plan`);
    const cfg = this.plan.config;
    // One redactor per scenario: it knows the run's tokens and learns what the exchanges carry in secret headers and
    // configured pointers; each step's result is redacted before Playwright sees it, and the scenario's at the end.
    const redactor = createRedactor({ secrets: this.secrets().map((s) => s.value), headers: cfg.redact.headers, paths: cfg.redact.paths });
    const outer = wrap ?? plainWrapper;
    const redactingWrap: StepWrapper = (title, fn, failed, at) =>
      outer(title, async () => redactStep((await fn()) as StepResult, redactor) as Awaited<ReturnType<typeof fn>>, failed, at);
    const dog = startWatchdog(cfg.outputDir);
    dog?.begin(id, cfg.limits.scenarioMs);
    try {
      return redactScenario(await this.execute(scenario, cfg, redactingWrap), redactor);
    } finally {
      dog?.end();
    }
  }

  private async execute(scenario: Scenario, cfg: RunConfig, wrap: StepWrapper): Promise<ScenarioResult> {
    return executeScenario(scenario, {
      transport: await this.transport(scenario.api),
      target: this.requestTarget(scenario.api, cfg),
      runId: this.plan.runId,
      mode: cfg.mode,
      assertionOptions: { kubernetesVersion: cfg.targets[scenario.api]?.kubernetesVersion ?? cfg.kubernetesVersion, strictSchema: cfg.strictSchema },
      wrap,
      // vouch gone (killed): like a Ctrl-C, no new step starts, and no cassette is written.
      interrupted: () => existsSync(interruptFile(cfg.outputDir)) || orphaned(),
      orphaned: () => orphaned(),
      env: this.plan.envPlaceholders
        ? envPlaceholder
        : (name) => this.env[name] ?? (this.plan.placeholderEnv?.includes(name) ? envPlaceholder(name) : undefined),
    });
  }

  private requestTarget(api: string, cfg: RunConfig): RequestTarget {
    const target: TargetConfig | undefined = cfg.targets[api];
    const replay = cfg.mode === 'replay' || !target;
    return {
      baseUrl: replay ? REPLAY_BASE_URL : target.baseUrl,
      timeoutMs: target?.timeoutMs ?? cfg.timeoutMs,
      token: (identity) => (replay || sendsNoCredential(target, identity) ? undefined : this.env[identityTokenEnv(target, api, identity)]),
      maxFileBytes: cfg.limits.fileBytes,
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
      clientCertificates:
        target?.tls.cert && target.tls.key ? [{ origin: new URL(target.baseUrl).origin, certPath: target.tls.cert, keyPath: target.tls.key }] : undefined,
    };
    // Node's http costs far less than APIRequestContext inside a worker, and less than Node's fetch (bench/results.md);
    // it also caps what it reads and keeps no cookie jar, where APIRequestContext reads any body whole and carries
    // cookies from one scenario (and identity) to the next. TLS options and client certificates are its agents'.
    const client = createNodeClient({
      tls,
      limits: { responseBytes: cfg.limits.responseBytes, decodedBytes: cfg.limits.decodedBytes },
      secretHeaders: cfg.redact.headers,
    });
    return createTransport({
      mode: cfg.mode,
      cassetteDir: cfg.cassetteDir,
      recordDir: cfg.check ? `${cfg.outputDir}/.vouch/check-cassettes` : undefined,
      vouchVersion: this.plan.vouchVersion,
      targets: Object.fromEntries(
        Object.entries(cfg.targets).map(([k, v]) => [
          k,
          { baseUrl: v.baseUrl, ...(this.plan.targetVersions?.[k] ? { serverVersion: this.plan.targetVersions[k] } : {}) },
        ]),
      ),
      secrets: this.secrets().map((x) => x.value),
      redact: cfg.redact,
      strictCassettes: cfg.strictCassettes,
      client,
    });
  }

  /** Every token this run may send (transport/secrets.ts says which), scrubbed from anything written. */
  private secrets(): NamedSecret[] {
    if (this.tokens) return this.tokens;
    return (this.tokens = tokenSecrets(this.env, configuredTokenEnvs(this.plan.config.targets)));
  }

  private tokens?: NamedSecret[];

  async close(): Promise<void> {
    this.outbox.close();
    for (const t of this.transports.values()) await (await t).close();
  }
}
