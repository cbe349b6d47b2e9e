// The baseline: the benchmark suite's requests in a plain loop with Node's fetch, no harness. Each request's status is
// checked and its JSON body parsed, as Vouch does; one request at a time, like one Vouch worker. With `http` as the
// last argument the loop uses node:http with a keep-alive agent instead, the client Vouch itself uses for live runs.
// Usage: node bench/fetch-loop.mjs BASE_URL N TOKEN [fetch|http]
import http from 'node:http';
import { statusBody, updateBody } from './generate.mjs';

const [base, nArg, token, client = 'fetch'] = process.argv.slice(2);
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

let failed = 0;
for (let i = 0; i < n; i++) {
  try {
    const created = await send('POST', '/api/v2/status/', statusBody(i), 201);
    await send('PUT', `/api/v2/status/${created.id}/`, updateBody(i), 200);
    await send('GET', `/api/v2/status/${created.id}/`, undefined, 200);
  } catch (e) {
    failed++;
    process.stderr.write(`${e.message}\n`);
  }
}
process.stdout.write(`${client} loop: ${n} scenarios, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
