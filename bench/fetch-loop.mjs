// The baseline: the benchmark suite's requests in a plain loop with Node's fetch, no harness. Each request's status is
// checked and its JSON body parsed, as Vouch does; one request at a time, like one Vouch worker. With `http` as the
// last argument the loop uses node:http with a keep-alive agent instead, the client Vouch itself uses for live runs.
// With `--pods RUN` it sends the pod workload instead (bench/pods.mjs: create pod bench-RUN-NNNN, put its status,
// read it back; the name and status.phase checked as well).
// Usage: node bench/fetch-loop.mjs BASE_URL N TOKEN [fetch|http] [--pods RUN]
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { statusBody, updateBody } from './generate.mjs';
import { NAMESPACE, podBody, podName, podStatusBody } from './pods.mjs';

const argv = process.argv.slice(2);
const podsAt = argv.indexOf('--pods');
const podRun = podsAt >= 0 ? argv.splice(podsAt, 2)[1] || randomBytes(4).toString('hex') : undefined;
const [base, nArg, token, client = 'fetch'] = argv;
const n = Number(nArg);
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };

const agent = new http.Agent({ keepAlive: true });

async function viaFetch(method, path, text) {
  const res = await fetch(`${base}${path}`, { method, headers, body: text });
  return { status: res.status, text: await res.text() };
}

function viaHttp(method, path, text) {
  return new Promise((resolve, reject) => {
    const sent = text === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(text)) };
    const req = http.request(`${base}${path}`, { method, headers: sent, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(text);
  });
}

async function send(method, path, body, expected) {
  const res = await (client === 'http' ? viaHttp : viaFetch)(method, path, body === undefined ? undefined : JSON.stringify(body));
  const json = JSON.parse(res.text);
  if (res.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${res.status}`);
  return json;
}

function check(what, actual, expected) {
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

async function podScenario(i) {
  const name = podName(podRun, i);
  const pods = `/api/v1/namespaces/${NAMESPACE}/pods`;
  const created = await send('POST', pods, podBody(name), 201);
  check('created name', created.metadata?.name, name);
  const put = await send('PUT', `${pods}/${name}/status`, podStatusBody(name), 200);
  check('put name', put.metadata?.name, name);
  check('put phase', put.status?.phase, 'Running');
  const got = await send('GET', `${pods}/${name}`, undefined, 200);
  check('read name', got.metadata?.name, name);
  check('read phase', got.status?.phase, 'Running');
}

let failed = 0;
for (let i = 0; i < n; i++) {
  try {
    if (podRun) {
      await podScenario(i);
      continue;
    }
    const created = await send('POST', '/api/v2/status/', statusBody(i), 201);
    await send('PUT', `/api/v2/status/${created.id}/`, updateBody(i), 200);
    await send('GET', `/api/v2/status/${created.id}/`, undefined, 200);
  } catch (e) {
    failed++;
    process.stderr.write(`${e.message}\n`);
  }
}
process.stdout.write(`${client} loop${podRun ? ' (pods)' : ''}: ${n} scenarios, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
