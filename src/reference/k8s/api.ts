// The Kubernetes API as one entry of the table of APIs (../apis.ts): /api, /apis, /version and the server's own
// health and 404 pages; a store seeded with the default namespaces; a bearer token (`k8sToken`); its profiles and
// variants; `--k8s-token` and `--no-k8s-auth` for `vouch serve`.

import { randomBytes, randomUUID } from 'node:crypto';
import type { ApiModule } from '../api-module.js';
import type { Incoming, Reply } from '../http.js';
import { K8S_CORE_PROFILES } from '../profiles-k8s-core.js';
import { K8S_PROFILES } from '../profiles-k8s.js';
import { JOB_RULE_PROFILES } from '../profiles-jobs.js';
import { K8S_VARIANTS } from '../variants-k8s.js';
import { seededNamespaces } from './namespaces.js';
import { handleKubernetes, isKubernetesPath, serializeKubernetes, wantsPretty, type K8sContext } from './router.js';
import { createDefaultAccount } from './serviceaccounts.js';
import { Store } from './store.js';

export interface KubernetesSettings {
  /** The bearer token the API requires; none: no token checked. */
  k8sToken?: string;
}

const HEALTH = ['/healthz', '/livez', '/readyz'];

/** kube-apiserver's health checks and its plain-text 404 for a path no API serves. */
function serverPage(path: string): Reply {
  const ok = HEALTH.includes(path);
  return { status: ok ? 200 : 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, raw: ok ? 'ok' : '404 page not found\n' };
}

function createState({ hooks, settings }: Parameters<ApiModule['createState']>[0]): K8sContext {
  const token = settings['k8sToken'];
  if (token !== undefined && typeof token !== 'string') throw new Error('k8sToken must be a string');
  const store = new Store((n) => hooks.resourceVersion(n));
  const now = `${new Date().toISOString().slice(0, 19)}Z`;
  for (const ns of seededNamespaces(randomUUID, () => store.nextVersion(), now)) {
    const name = String((ns['metadata'] as { name: string }).name);
    store.put('namespaces', '', name, ns);
    createDefaultAccount(store, name, 0);
  }
  return { store, hooks, token: token || undefined };
}

function handle(incoming: Incoming, ctx: K8sContext): ReturnType<ApiModule['handle']> {
  if (isKubernetesPath(incoming.path)) return handleKubernetes(incoming, ctx);
  return { route: { api: 'kubernetes', resource: 'unknown', verb: 'other' }, reply: serverPage(incoming.path) };
}

export const kubernetesApi: ApiModule<K8sContext> = {
  name: 'kubernetes',
  title: 'Kubernetes API',
  owns: (path) => isKubernetesPath(path) || HEALTH.includes(path),
  fallback: true,
  createState,
  handle,
  serialize: serializeKubernetes,
  pretty: wantsPretty,
  addHeaders: (headers) => {
    headers['audit-id'] = randomUUID();
    headers['cache-control'] ??= 'no-cache, private';
  },
  profiles: [...K8S_CORE_PROFILES, ...K8S_PROFILES, ...JOB_RULE_PROFILES],
  variants: K8S_VARIANTS,
  options: [],
  cli: {
    options: [
      { name: 'k8s-token', type: 'string', describe: 'the bearer token the Kubernetes API requires (default: a random one, printed)' },
      {
        name: 'k8s-auth',
        type: 'boolean',
        default: true,
        describe: 'require a token on the Kubernetes API; --no-k8s-auth for kubectl, which sends none over http',
      },
    ],
    examples: [
      ['$0 serve --profile pod-status-wrong-code', 'a server that breaks one documented behaviour'],
      ['$0 serve --variant k8s-go-omitempty', 'a conformant server that leaves zero values out, as Go does'],
      ['$0 serve --k8s-token abc123', 'require `Authorization: Bearer abc123` on /api and /apis'],
      ['$0 serve --no-k8s-auth', 'no token on /api and /apis, so kubectl can talk to it'],
    ],
    // Auth is on unless --no-k8s-auth (kubectl sends no token over plain http): a generated token by default.
    settings: (args) => ({ k8sToken: args['k8s-auth'] === false ? undefined : (args['k8s-token'] as string | undefined) || randomBytes(20).toString('hex') }),
  },
  describe: (ctx, url) => ({
    where: `${url}/api, ${url}/apis (${ctx.token ? 'bearer token required' : 'no token required'})`,
    details: [],
    // A live run needs a credential for every identity it acts as, even where this server checks none.
    exports: [
      ctx.token
        ? { name: 'VOUCH_KUBERNETES_DEFAULT_TOKEN', value: ctx.token }
        : { name: 'VOUCH_KUBERNETES_DEFAULT_TOKEN', value: 'unused', comment: 'this server checks no Kubernetes token' },
    ],
  }),
};
