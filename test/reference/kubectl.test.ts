// A real client nobody here wrote judges the reference server: kubectl creates, reads and patches a pod and a
// job over plain http. Skipped when kubectl is not installed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { ReferenceServer } from '../../src/reference/server.ts';
import { start } from './helpers.ts';

const run = promisify(execFile);
const hasKubectl = await run('kubectl', ['version', '--client'], { timeout: 20_000 }).then(
  () => true,
  () => false,
);

let server: ReferenceServer;
const home = mkdtempSync(join(tmpdir(), 'vouch-kubectl-'));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function kubectl(...args: string[]): Promise<Result> {
  const env = { ...process.env, HOME: home, KUBECONFIG: join(home, 'none') };
  try {
    const { stdout, stderr } = await run('kubectl', [`--server=${server.url}`, '-n', 'default', ...args], { env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function file(name: string, text: string): string {
  const path = join(home, name);
  writeFileSync(path, text);
  return path;
}

describe('kubectl against the reference server', { skip: hasKubectl ? false : 'kubectl is not installed' }, () => {
  before(async () => {
    server = await start();
  });
  after(() => server?.close());

  it('creates, gets and patches a pod and its status', async () => {
    const pod = file(
      'pod.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kpod\nspec:\n  schedulingGates:\n  - name: vouch\n  containers:\n  - name: main\n    image: nginx:1.25\n',
    );
    const created = await kubectl('create', '--validate=false', '-f', pod);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /pod\/kpod created/);
    const got = await kubectl('get', 'pod', 'kpod', '-o', 'json', '--show-managed-fields');
    const json = JSON.parse(got.stdout) as { spec: { containers: { image: string }[] }; metadata: { managedFields: { manager: string }[] } };
    assert.equal(json.spec.containers[0]!.image, 'nginx:1.25');
    assert.equal(json.metadata.managedFields[0]!.manager, 'kubectl-create');
    const patched = await kubectl('patch', 'pod', 'kpod', '--type=json', '-p', '[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.26"}]');
    assert.equal(patched.code, 0, patched.stderr);
    assert.match(patched.stdout, /pod\/kpod patched/);
    const status = await kubectl('patch', 'pod', 'kpod', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Running"}}');
    assert.equal(status.code, 0, status.stderr);
    const fields = await kubectl('get', 'pod', 'kpod', '-o', 'jsonpath={.spec.containers[0].image} {.status.phase}');
    assert.equal(fields.stdout, 'nginx:1.26 Running');
  });

  it('shows the server messages for a forbidden change and a missing pod', async () => {
    const refused = await kubectl('patch', 'pod', 'kpod', '-p', '{"spec":{"restartPolicy":"Never"}}');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /The Pod "kpod" is invalid: spec: Forbidden: pod updates may not change fields other than/);
    const missing = await kubectl('get', 'pod', 'nope');
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /pods "nope" not found/);
  });

  it('creates a job and reads its status subresource, then deletes', async () => {
    const job = file(
      'job.yaml',
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: kjob\nspec:\n  suspend: true\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: busybox\n',
    );
    const created = await kubectl('create', '--validate=false', '-f', job);
    assert.equal(created.code, 0, created.stderr);
    const status = await kubectl('patch', 'job', 'kjob', '--subresource=status', '--type=merge', '-p', '{"status":{"active":1}}');
    assert.equal(status.code, 0, status.stderr);
    const read = await kubectl('get', 'job', 'kjob', '--subresource=status', '-o', 'jsonpath={.status.active}');
    assert.equal(read.stdout, '1');
    const deleted = await kubectl('delete', 'pod', 'kpod', '--wait=false');
    assert.equal(deleted.code, 0, deleted.stderr);
  });
});
