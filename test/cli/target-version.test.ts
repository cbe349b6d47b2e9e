// The target's reported version: asked (Kubernetes GET /version) while a live run is prepared, recorded in every
// cassette, in summary.json and on the Allure overview; a replay shows the version the evidence was recorded against.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runVouch } from '../helpers/cli.js';
import { startReferenceServer, type ReferenceServer } from '../../src/reference/server.js';
import type { RunSummary } from '../../src/report/summary.js';

describe("the target's reported version", () => {
  let server: ReferenceServer;
  let dir: string;
  const env = { VOUCH_KUBERNETES_DEFAULT_TOKEN: 'k8s-version-token' };
  const summary = () => JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')) as RunSummary;
  const environment = () => readFileSync(join(dir, 'reports', 'allure-results', 'environment.properties'), 'utf8');

  before(async () => {
    server = await startReferenceServer({ k8sToken: env.VOUCH_KUBERNETES_DEFAULT_TOKEN });
    dir = mkdtempSync(join(tmpdir(), 'vouch-target-version-'));
    cpSync(join(repoRoot, 'suites'), join(dir, 'suites'), { recursive: true });
  });
  let closed = false;
  after(() => (closed ? undefined : server.close()));

  it('a live run asks the target while it is prepared and records the answer in each cassette and summary.json', async () => {
    const r = await runVouch(
      ['run', '--mode', 'record', '--target', `kubernetes=${server.url}`, '--grep', 'k8s-pod-status-missing-pod', 'suites/kubernetes', '-q'],
      { cwd: dir, env },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const cassette = JSON.parse(readFileSync(join(dir, 'cassettes', 'kubernetes', 'k8s-pod-status-missing-pod.json'), 'utf8')) as {
      target: { serverVersion?: string };
    };
    assert.equal(cassette.target.serverVersion, 'v1.33.0+vouch');
    assert.deepEqual(summary().targetVersions, { kubernetes: 'v1.33.0+vouch' });
    assert.match(environment(), /^kubernetes\.version=v1\.33\.0\+vouch$/m);
  });

  it('a replay shows the version the cassettes were recorded against', async () => {
    await server.close();
    closed = true;
    const r = await runVouch(['run', '--grep', 'k8s-pod-status-missing-pod', 'suites/kubernetes', '-q'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(summary().mode, 'replay');
    assert.deepEqual(summary().targetVersions, { kubernetes: 'v1.33.0+vouch' });
    assert.match(environment(), /^kubernetes\.version=v1\.33\.0\+vouch$/m);
  });
});
