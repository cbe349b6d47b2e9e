// The pod workload of the benchmark: N Kubernetes scenarios, each creating its own pod in namespace `default`
// (POST /api/v1/namespaces/default/pods, 201), replacing its status with phase Running (PUT .../pods/NAME/status,
// 200) and reading it back (GET .../pods/NAME, 200, status.phase Running). Written the same way for every tool:
// Vouch YAML scenarios, a Step CI workflow (one workflow, one test per scenario), a Newman collection; the fetch
// loop (bench/fetch-loop.mjs --pods) builds the same requests from podBody and podStatusBody.
// Pod names carry a run id (Vouch's ${run.id}; for the other tools one made by bench/run.mjs for each invocation),
// so that every run creates new pods on the same server.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postmanItem } from './generate.mjs';

/** Scenarios per YAML file, as in generate.mjs. */
const PER_FILE = 25;

export const NAMESPACE = 'default';

export const podScenarioId = (i) => `bench-pod-${String(i).padStart(4, '0')}`;

/** The name of scenario i's pod in run `run`: bench-RUN-0007 (a DNS-1123 name for any run id of [a-z0-9]). */
export const podName = (run, i) => `bench-${run}-${String(i).padStart(4, '0')}`;

/** The pod scenario i creates (gated, as in suites/kubernetes, so that no scheduler would touch it on a cluster). */
export function podBody(name) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'vouch-bench' } },
    spec: {
      schedulingGates: [{ name: 'vouch.dev/not-scheduled' }],
      containers: [{ name: 'main', image: 'beego:v1', resources: {} }],
      restartPolicy: 'Always',
    },
  };
}

/** The status scenario i puts: phase Running, Ready. */
export function podStatusBody(name) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels: { app: 'vouch-bench' } },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2016-08-08T07:41:29Z' }],
      hostIP: '127.0.0.1',
      podIP: '172.16.0.4',
      startTime: '2016-08-08T07:41:29Z',
    },
  };
}

const podsPath = `/api/v1/namespaces/${NAMESPACE}/pods`;

function podScenarioYaml(i) {
  const pod = podName('${run.id}', i);
  return `id: ${podScenarioId(i)}
title: Pod ${i} is created, its status set to Running and read back
api: kubernetes
operation: pod-status
tags: [bench, pod]
vars:
  pod: ${pod}
steps:
  - name: create the pod
    request: { method: POST, path: ${podsPath}, json: ${JSON.stringify(podBody('${pod}'))} }
    expect: { status: 201, json: true, body: { metadata.name: "\${pod}" } }
  - name: replace its status (phase Running)
    request: { method: PUT, path: "${podsPath}/\${pod}/status", json: ${JSON.stringify(podStatusBody('${pod}'))} }
    expect: { status: 200, json: true, body: { metadata.name: "\${pod}", status.phase: Running } }
  - name: read it back
    request: { method: GET, path: "${podsPath}/\${pod}" }
    expect: { status: 200, json: true, body: { metadata.name: "\${pod}", status.phase: Running } }
`;
}

/** Writes N pod scenarios into `dir` (replacing it): suites/bench-pods/part-NNN.yaml, 25 scenarios a file. */
export function generatePodSuite(dir, n) {
  rmSync(dir, { recursive: true, force: true });
  const suites = join(dir, 'suites', 'bench-pods');
  mkdirSync(suites, { recursive: true });
  for (let f = 0; f * PER_FILE < n; f++) {
    const docs = [];
    for (let i = f * PER_FILE; i < Math.min(n, (f + 1) * PER_FILE); i++) docs.push(podScenarioYaml(i));
    writeFileSync(join(suites, `part-${String(f).padStart(3, '0')}.yaml`), docs.join('---\n'));
  }
  return dir;
}

/**
 * The same N scenarios as one Step CI workflow with N tests (`stepci run` runs the tests of a workflow
 * concurrently, all N at once unless --concurrency or config.concurrency says otherwise). The base URL, token and
 * run id come from `-e base=... -e token=... -e run=...`. Checks: status, and with JSONPath the pod's name and
 * status.phase (which parses the body as JSON).
 */
export function stepciWorkflow(n) {
  const headers = { Authorization: 'Bearer ${{ env.token }}', Accept: 'application/json' };
  const tests = {};
  for (let i = 0; i < n; i++) {
    const name = podName('${{ env.run }}', i);
    const url = `\${{ env.base }}${podsPath}`;
    tests[podScenarioId(i)] = {
      name: `Pod ${i} is created, its status set to Running and read back`,
      steps: [
        { name: 'create the pod', http: { url, method: 'POST', headers, json: podBody(name), check: { status: 201, jsonpath: { '$.metadata.name': name } } } },
        {
          name: 'replace its status (phase Running)',
          http: {
            url: `${url}/${name}/status`,
            method: 'PUT',
            headers,
            json: podStatusBody(name),
            check: { status: 200, jsonpath: { '$.metadata.name': name, '$.status.phase': 'Running' } },
          },
        },
        {
          name: 'read it back',
          http: { url: `${url}/${name}`, method: 'GET', headers, check: { status: 200, jsonpath: { '$.metadata.name': name, '$.status.phase': 'Running' } } },
        },
      ],
    };
  }
  // JSON is YAML: Step CI reads the file with js-yaml.
  return JSON.stringify({ version: '1.1', name: `vouch bench pods ${n}`, tests }, null, 1);
}

/** The same requests and checks as a Postman collection for Newman; the run id is the variable `run` (--env-var). */
export function podNewmanCollection(n, baseUrl, token) {
  const item = (name, method, path, body, status, pod, phase) =>
    postmanItem(baseUrl, token, name, method, path, body, [
      `pm.test('status ${status}', function () { pm.response.to.have.status(${status}); });`,
      'const body = pm.response.json();',
      `pm.test('name', function () { pm.expect(body.metadata.name).to.eql(pm.variables.replaceIn('${pod}')); });`,
      ...(phase ? ["pm.test('phase', function () { pm.expect(body.status.phase).to.eql('Running'); });"] : []),
    ]);
  const folders = [];
  for (let i = 0; i < n; i++) {
    const pod = podName('{{run}}', i);
    folders.push({
      name: podScenarioId(i),
      item: [
        item('create the pod', 'POST', podsPath, podBody(pod), 201, pod, false),
        item('replace its status (phase Running)', 'PUT', `${podsPath}/${pod}/status`, podStatusBody(pod), 200, pod, true),
        item('read it back', 'GET', `${podsPath}/${pod}`, undefined, 200, pod, true),
      ],
    });
  }
  return {
    info: { name: `vouch bench pods ${n}`, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: 'run', value: '' }],
    item: folders,
  };
}
