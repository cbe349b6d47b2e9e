// The baseline: the benchmark suite's requests in a plain loop with Node's fetch, no harness. Each request's status is
// checked and its JSON body parsed, as Vouch does; one request at a time, like one Vouch worker.
// Usage: node bench/fetch-loop.mjs BASE_URL N TOKEN
import { statusBody, updateBody } from './generate.mjs';

const [base, nArg, token] = process.argv.slice(2);
const n = Number(nArg);
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };

async function send(method, path, body, expected) {
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = JSON.parse(await res.text());
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
process.stdout.write(`fetch loop: ${n} scenarios, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
