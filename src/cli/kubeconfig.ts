// Reads a kubeconfig with @kubernetes/client-node (loaded only when asked): server, bearer token and client
// certificate of a context. The token goes to the run's environment, never to a file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { failWith } from './output.js';

export interface KubeTarget {
  server: string;
  env: Record<string, string>;
}

export async function kubeconfigTarget(file: string, context: string | undefined, env: NodeJS.ProcessEnv): Promise<KubeTarget | Diagnostic> {
  const path = file || env['KUBECONFIG']?.split(':')[0] || join(homedir(), '.kube', 'config');
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
    if (context) kc.setCurrentContext(context);
  } catch (e) {
    return diag('kubeconfig', `cannot read kubeconfig ${path}: ${(e as Error).message.split('\n')[0]}`, {
      hint: 'give --kubeconfig a readable kubeconfig file, and --context one of its contexts',
    });
  }
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!cluster)
    return diag('kubeconfig', `kubeconfig ${path} has no cluster for context '${kc.getCurrentContext()}'`, { hint: 'choose a context with --context' });
  const out: Record<string, string> = {};
  if (user?.token && !env['VOUCH_KUBERNETES_DEFAULT_TOKEN']) out['VOUCH_KUBERNETES_DEFAULT_TOKEN'] = user.token;
  const dir = () => mkdtempSync(join(tmpdir(), 'vouch-kube-'));
  if (cluster.caData) {
    const ca = join(dir(), 'ca.pem');
    writeFileSync(ca, Buffer.from(cluster.caData, 'base64'), { mode: 0o600 });
    out['NODE_EXTRA_CA_CERTS'] = ca;
  } else if (cluster.caFile) out['NODE_EXTRA_CA_CERTS'] = cluster.caFile;
  return { server: cluster.server, env: out };
}

/**
 * The run's targets and environment: `--target` as given, and with `--kubeconfig` the kubernetes target and its
 * credentials from the kubeconfig first (a kubeconfig that cannot be read stops the command, exit 2).
 */
export async function targetsWithKubeconfig(
  given: string[],
  kubeconfig: string | undefined,
  context: string | undefined,
): Promise<{ targets: string[]; env: NodeJS.ProcessEnv }> {
  const env = { ...process.env };
  const targets = [...given];
  if (kubeconfig !== undefined) {
    const kc = await kubeconfigTarget(kubeconfig, context, env);
    if ('code' in kc) failWith([kc]);
    targets.unshift(`kubernetes=${kc.server}`);
    Object.assign(env, kc.env);
  }
  return { targets, env };
}
