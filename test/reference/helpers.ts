// Shared helpers for the reference-server tests: start a server, send requests with fetch, and the fixtures
// (a pod and a job shaped like the documented examples) the tests create.
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../../src/reference/server.ts';

export type Body = Record<string, unknown>;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** The value at a dotted path with [i] indexes (`spec.containers[0].image`), or undefined. */
export function get(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export interface CallOptions {
  body?: unknown;
  type?: string;
  token?: string;
  headers?: Record<string, string>;
}

export const TOKENS = { owner: 'owner-token-0001', other: 'other-token-0002' };

export async function start(opts: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  return startReferenceServer({
    users: [
      { role: 'owner', token: TOKENS.owner },
      { role: 'other', token: TOKENS.other },
    ],
    ...opts,
  });
}

export function client(server: ReferenceServer) {
  return async (method: string, path: string, opts: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = opts.type ?? 'application/json';
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const res = await fetch(server.url + path, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

export type Client = ReturnType<typeof client>;

let counter = 0;
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export const PODS = '/api/v1/namespaces/default/pods';
export const JOBS = '/apis/batch/v1/namespaces/default/jobs';

export function podBody(name: string, extra: Body = {}): Body {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { name: 'brace' } },
    spec: { schedulingGates: [{ name: 'vouch.example/hold' }], containers: [{ name: 'hello-world', image: 'beego:v1' }] },
    ...extra,
  };
}

export function jobBody(name: string): Body {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { app: 'new-jobs' } },
    spec: {
      suspend: true,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'redis:latest' }] } },
    },
  };
}

export async function createPod(call: Client, name = unique('pod'), extra: Body = {}): Promise<Body> {
  const res = await call('POST', PODS, { body: podBody(name, extra) });
  if (res.status !== 201) throw new Error(`create pod: ${res.status} ${res.text}`);
  return res.json as Body;
}

export async function createJob(call: Client, name = unique('job')): Promise<Body> {
  const res = await call('POST', JOBS, { body: jobBody(name) });
  if (res.status !== 201) throw new Error(`create job: ${res.status} ${res.text}`);
  return res.json as Body;
}

export function metaOf(object: Body): { name: string; resourceVersion: string; uid: string } {
  return object['metadata'] as { name: string; resourceVersion: string; uid: string };
}

/** A status-subresource body built from a stored object: same metadata, a new status. */
export function withStatus(object: Body, status: Body): Body {
  return { ...object, status };
}
