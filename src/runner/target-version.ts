// What each target says of its version, asked once while the run is prepared (before any scenario) and kept in the
// plan: cassettes record it, so a replay shows the version the evidence was recorded against. Kubernetes answers
// GET /version ({"gitVersion": "v1.33.0", ...}); an API with no version endpoint has none. Never fails a run: a
// target that does not answer within 2 s, or not as expected, simply has no reported version.
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { RunConfig, TargetConfig } from '../config/types.js';
import { identityTokenEnv } from '../config/resolve.js';
import type { Plan } from '../results/plan.js';

const TIMEOUT_MS = 2000;
const MAX_BYTES = 64 * 1024;

function get(t: TargetConfig, path: string, headers: Record<string, string>): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(`${t.baseUrl.replace(/\/+$/, '')}${path}`);
    } catch {
      resolve(undefined);
      return;
    }
    const read = (f: string | undefined) => (f ? readFileSync(f) : undefined);
    const tls =
      url.protocol === 'https:' ? { ca: read(t.tls.ca), cert: read(t.tls.cert), key: read(t.tls.key), rejectUnauthorized: !t.tls.insecureSkipVerify } : {};
    const req = (url.protocol === 'https:' ? https : http).get(url, { headers, timeout: TIMEOUT_MS, ...tls }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
        if (body.length > MAX_BYTES) req.destroy();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/** The Kubernetes server's gitVersion; /version is public on a standard cluster, the default identity's token is offered when it is not. */
async function kubernetesVersion(t: TargetConfig, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const token = env[identityTokenEnv(t, 'kubernetes', 'default')];
  const tries: Record<string, string>[] = [
    { accept: 'application/json' },
    ...(token ? [{ accept: 'application/json', authorization: `Bearer ${token}` }] : []),
  ];
  for (const headers of tries) {
    const res = await get(t, '/version', headers);
    if (!res) return undefined;
    if (res.status !== 200) continue;
    try {
      const v = JSON.parse(res.body) as { gitVersion?: unknown };
      return typeof v.gitVersion === 'string' && /^[\w.+-]{1,64}$/.test(v.gitVersion) ? v.gitVersion : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const PROBES: Record<string, (t: TargetConfig, env: NodeJS.ProcessEnv) => Promise<string | undefined>> = { kubernetes: kubernetesVersion };

/** Each live target's reported version, by API; nothing in replay. */
export async function probeTargetVersions(config: RunConfig, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  if (config.mode === 'replay') return {};
  const out: Record<string, string> = {};
  await Promise.all(
    Object.values(config.targets).map(async (t) => {
      const probe = PROBES[t.api];
      const v = probe ? await probe(t, env) : undefined;
      if (v) out[t.api] = v;
    }),
  );
  return out;
}

/** Asks the targets and keeps their versions in the plan (the file the Playwright processes read). */
export async function addTargetVersions(plan: Plan, planFile: string, env: NodeJS.ProcessEnv): Promise<void> {
  const versions = await probeTargetVersions(plan.config, env);
  if (Object.keys(versions).length === 0) return;
  plan.targetVersions = versions;
  writeFileSync(planFile, `${JSON.stringify(plan, null, 2)}\n`);
}
