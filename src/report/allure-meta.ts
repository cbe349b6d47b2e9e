// The run-wide Allure files: categories.json (what kind of deviation each failure is) and environment.properties
// (Vouch version, run id, mode, targets, Kubernetes version when a live server tells it).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../runner/plan.js';
import type { AllureCategory } from './allure-model.js';

/**
 * Allure matches a category's regular expression against the whole status message (Java, DOTALL); the message is
 * the rendered failure, where each failed check reads `error[KIND]`. A scenario with two kinds is in both.
 */
export const CATEGORIES: AllureCategory[] = [
  { name: 'Status code mismatches', matchedStatuses: ['failed'], messageRegex: '.*error\\[status\\].*' },
  { name: 'Authorization failures', matchedStatuses: ['failed'], messageRegex: '.*error\\[authorization\\].*' },
  { name: 'Schema violations', matchedStatuses: ['failed'], messageRegex: '.*error\\[schema\\].*' },
  { name: 'Example differences', matchedStatuses: ['failed'], messageRegex: '.*error\\[example\\].*' },
  { name: 'Field, header and relation mismatches', matchedStatuses: ['failed'], messageRegex: '.*error\\[(body|header|relation|capture)\\].*' },
  { name: 'Suite errors (undefined variables, unknown checks)', matchedStatuses: ['failed'], messageRegex: '.*error\\[variable\\].*' },
  { name: 'Transport errors and missing cassettes (broken: not judged)', matchedStatuses: ['broken'] },
];

export function writeCategories(dir: string): void {
  writeFileSync(join(dir, 'categories.json'), `${JSON.stringify(CATEGORIES, null, 2)}\n`);
}

export function environmentOf(plan: Plan, kubernetesVersion: string | undefined): Record<string, string> {
  const env: Record<string, string> = {
    'vouch.version': plan.vouchVersion,
    'run.id': plan.runId,
    mode: plan.config.mode,
    'node.version': process.version,
  };
  const targets = Object.values(plan.config.targets);
  if (plan.config.mode === 'replay' || targets.length === 0) env['targets'] = 'cassettes (replay)';
  for (const t of targets) env[`target.${t.api}`] = t.baseUrl;
  if (kubernetesVersion) env['kubernetes.version'] = kubernetesVersion;
  const schemaVersion = plan.config.targets['kubernetes']?.kubernetesVersion ?? plan.config.kubernetesVersion;
  if (schemaVersion) env['kubernetes.schema.version'] = schemaVersion;
  return env;
}

/** Java properties: `key=value`, with the characters that would end or split an entry escaped. */
export function writeEnvironment(dir: string, env: Record<string, string>): void {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/([=:#!])/g, '\\$1');
  const text = Object.entries(env)
    .map(([k, v]) => `${esc(k)}=${esc(v)}`)
    .join('\n');
  writeFileSync(join(dir, 'environment.properties'), `${text}\n`);
}

/**
 * The server's Kubernetes version from GET /version, in a live run only, in at most 2 s; undefined when unknown.
 * /version is public on a standard cluster; the default identity's token is offered when the plain call is refused.
 */
export async function kubernetesServerVersion(plan: Plan, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const t = plan.config.targets['kubernetes'];
  if (!t || plan.config.mode === 'replay' || t.tls.insecureSkipVerify) return undefined;
  const token = env[t.identities['default']?.tokenEnv ?? 'VOUCH_KUBERNETES_DEFAULT_TOKEN'];
  const tries: Record<string, string>[] = [{}, ...(token ? [{ authorization: `Bearer ${token}` }] : [])];
  for (const headers of tries) {
    try {
      const res = await fetch(`${t.baseUrl.replace(/\/+$/, '')}/version`, { headers, signal: AbortSignal.timeout(2000) });
      if (!res.ok) continue;
      const v = (await res.json()) as { gitVersion?: unknown };
      return typeof v.gitVersion === 'string' ? v.gitVersion : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
