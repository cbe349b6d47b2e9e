// Resolves targets from flags, vouch.config.yaml, the environment (VOUCH_<API>_URL) and a kubeconfig, and checks
// that every identity a live run needs has its credential. Tokens stay in the environment; only names are kept.
import { resolve } from 'node:path';
import type { Diagnostic, Mode, Scenario } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import type { ConfigFile } from './file.js';
import type { Limits, RunConfig, TargetConfig } from './types.js';
import { DEFAULT_FILE_BYTES } from '../util/bounded-file.js';
import { allSteps } from '../model/steps.js';

export interface TargetFlags {
  targets: string[];
  mode?: Mode;
  timeoutMs?: number;
  output: string;
  cassettes?: string;
  check?: boolean;
  strictCassettes?: boolean;
  strictSchema?: boolean;
  kubernetesVersion?: string;
  insecure?: boolean;
  maxResponseBytes?: number;
  scenarioTimeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Response bodies: ample for any documented API answer, far below what would exhaust a worker's memory. */
export const DEFAULT_RESPONSE_BYTES = 64 * 1024 * 1024;

export function tokenEnvName(api: string, identity: string): string {
  return `VOUCH_${api.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${identity.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_TOKEN`;
}

export function urlEnvName(api: string): string {
  return `VOUCH_${api.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

export function parseTargetFlag(flag: string): { api: string; url: string } | Diagnostic {
  const m = /^([a-z][a-z0-9-]*)=(.+)$/.exec(flag);
  const hint = 'write --target API=URL, for example --target kubernetes=http://127.0.0.1:8080';
  if (!m) return diag('bad-target', `--target '${flag}' is not API=URL`, { hint });
  let u: URL;
  try {
    u = new URL(m[2]!);
  } catch {
    return diag('bad-target', `--target ${m[1]}: '${m[2]}' is not a URL`, { hint });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return diag('bad-target', `--target ${m[1]}: '${m[2]}' is not an http or https URL`, { hint });
  const creds = credentialsProblem(`--target ${m[1]}`, u);
  if (creds) return creds;
  return { api: m[1]!, url: m[2]!.replace(/\/+$/, '') };
}

/**
 * A target URL with a user name or password (`http://user:pass@host`) is refused: the URL is written into every
 * report and the manifest, and a password there would reach them all. The message never repeats the URL.
 */
export function credentialsProblem(what: string, u: URL): Diagnostic | undefined {
  if (u.username === '' && u.password === '') return undefined;
  const safe = `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  return diag(
    'url-credentials',
    `${what}: the URL carries a user name${u.password ? ' and a password' : ''} (${safe} with credentials before the host); Vouch refuses credentials in target URLs`,
    {
      hint: `give the URL without them (${safe}) and the credential through an identity: export VOUCH_<API>_<IDENTITY>_TOKEN, or name the variable in vouch.config.yaml (targets.API.identities.NAME.tokenEnv)`,
    },
  );
}

export function resolveRunConfig(
  file: ConfigFile,
  flags: TargetFlags,
  env: NodeJS.ProcessEnv,
  configDir: string,
): { config: RunConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const timeoutMs = flags.timeoutMs ?? file.timeout ?? DEFAULT_TIMEOUT_MS;
  const targets: Record<string, TargetConfig> = {};
  const add = (api: string, url: string, from: string) => {
    const fc = file.targets?.[api];
    targets[api] = {
      api,
      baseUrl: url.replace(/\/+$/, ''),
      from,
      timeoutMs: flags.timeoutMs ?? fc?.timeout ?? timeoutMs,
      tls: {
        ca: fc?.tls?.ca ? resolve(configDir, fc.tls.ca) : undefined,
        cert: fc?.tls?.cert ? resolve(configDir, fc.tls.cert) : undefined,
        key: fc?.tls?.key ? resolve(configDir, fc.tls.key) : undefined,
        insecureSkipVerify: flags.insecure || fc?.tls?.insecureSkipVerify || false,
      },
      identities: Object.fromEntries(
        Object.entries(fc?.identities ?? {}).map(([k, v]) => [k, { tokenEnv: v.tokenEnv, ...(v.anonymous ? { anonymous: true } : {}) }]),
      ),
      ...(fc?.auth === 'none' ? { auth: 'none' as const } : {}),
      kubernetesVersion: fc?.kubernetesVersion,
    };
  };
  for (const [api, t] of Object.entries(file.targets ?? {})) {
    if (!t.url) continue;
    const creds = urlCredentials(`vouch.config.yaml: targets.${api}.url`, t.url);
    if (creds) diagnostics.push(creds);
    else add(api, t.url, 'vouch.config.yaml');
  }
  for (const [k, v] of Object.entries(env)) {
    const m = /^VOUCH_([A-Z0-9_]+)_URL$/.exec(k);
    if (m && v) {
      const api = m[1]!.toLowerCase().replace(/_/g, '-');
      const parsed = parseTargetFlag(`${api}=${v}`);
      if ('code' in parsed && parsed.code === 'url-credentials') diagnostics.push({ ...parsed, message: parsed.message.replace(`--target ${api}`, k) });
      else if ('code' in parsed) diagnostics.push({ ...parsed, message: `${k}: ${parsed.message}`, hint: `set ${k} to an http(s) URL` });
      else add(api, parsed.url, k);
    }
  }
  for (const flag of flags.targets) {
    const parsed = parseTargetFlag(flag);
    if ('code' in parsed) diagnostics.push(parsed);
    else add(parsed.api, parsed.url, '--target');
  }
  const anyTarget = Object.keys(targets).length > 0;
  const mode: Mode = flags.mode ?? (anyTarget ? 'live' : 'replay');
  if ((mode === 'live' || mode === 'record') && !anyTarget) {
    diagnostics.push(diag('no-target', `--mode ${mode} needs a target`, { hint: 'add --target API=URL (for example the URL that `vouch serve` prints)' }));
  }
  return {
    config: {
      mode,
      targets,
      timeoutMs,
      cassetteDir: resolve(flags.cassettes ?? file.cassettes ?? 'cassettes'),
      outputDir: resolve(flags.output),
      redact: { headers: file.redact?.headers ?? [], paths: file.redact?.paths ?? [] },
      strictSchema: flags.strictSchema ?? file.strictSchema ?? false,
      kubernetesVersion: flags.kubernetesVersion ?? file.kubernetesVersion,
      check: flags.check ?? false,
      ...(flags.strictCassettes ? { strictCassettes: true } : {}),
      limits: resolveLimits(file, flags, targets, timeoutMs),
    },
    diagnostics,
  };
}

function urlCredentials(what: string, url: string): Diagnostic | undefined {
  try {
    return credentialsProblem(what, new URL(url));
  } catch {
    return undefined;
  }
}

/** Flags win over vouch.config.yaml's `limits:`; a scenario may take ten requests' worth of time, at least a minute. */
function resolveLimits(file: ConfigFile, flags: TargetFlags, targets: Record<string, TargetConfig>, timeoutMs: number): Limits {
  const perRequest = Math.max(timeoutMs, ...Object.values(targets).map((t) => t.timeoutMs));
  return {
    fileBytes: file.limits?.fileBytes ?? DEFAULT_FILE_BYTES,
    responseBytes: flags.maxResponseBytes ?? file.limits?.responseBytes ?? DEFAULT_RESPONSE_BYTES,
    // --max-response-bytes caps both; in the config, the decompressed cap is never below the received one by default.
    decodedBytes: flags.maxResponseBytes ?? file.limits?.decodedBytes ?? Math.max(DEFAULT_RESPONSE_BYTES, file.limits?.responseBytes ?? 0),
    scenarioMs: flags.scenarioTimeoutMs ?? file.limits?.scenarioTimeout ?? Math.max(60_000, perRequest * 10),
  };
}

/** Every identity the selected scenarios act as, per API. */
export function identitiesNeeded(scenarios: Scenario[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of scenarios) {
    const set = out.get(s.api) ?? new Set<string>();
    for (const step of allSteps(s)) set.add(step.as);
    out.set(s.api, set);
  }
  return out;
}

/** True when an identity acts without a credential: `anonymous`, an identity the config makes anonymous, or an API with `auth: none`. */
export function sendsNoCredential(target: TargetConfig | undefined, identity: string): boolean {
  return identity === 'anonymous' || target?.auth === 'none' || target?.identities[identity]?.anonymous === true;
}

/** The env variable holding an identity's token: the one the config names, or VOUCH_<API>_<IDENTITY>_TOKEN. */
export function identityTokenEnv(target: TargetConfig | undefined, api: string, identity: string): string {
  return target?.identities[identity]?.tokenEnv ?? tokenEnvName(api, identity);
}

/** A live run that needs an identity with no credential stops before sending anything. */
export function checkCredentials(config: RunConfig, scenarios: Scenario[], env: NodeJS.ProcessEnv): Diagnostic[] {
  if (config.mode === 'replay') return [];
  const out: Diagnostic[] = [];
  for (const [api, ids] of identitiesNeeded(scenarios)) {
    const target = config.targets[api];
    if (!target) continue;
    for (const id of ids) {
      if (sendsNoCredential(target, id)) continue;
      const name = identityTokenEnv(target, api, id);
      if (!env[name]) {
        const users = scenarios.filter((s) => s.api === api && allSteps(s).some((st) => st.as === id)).map((s) => s.id);
        out.push(
          diag(
            'missing-credential',
            `identity '${id}' of ${api} has no credential: ${name} is not set (needed by ${users.slice(0, 3).join(', ')}${users.length > 3 ? ', ...' : ''})`,
            {
              hint: `export ${name}=<bearer token> (\`vouch serve\` prints the export lines for its users)`,
            },
          ),
        );
      }
    }
  }
  return out;
}
