// The backbone through the CLI, as a user runs it: live runs against a server the test starts, failures,
// bad input, teardown, captures, identities, selection (--grep, --tag, --shard).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { fixtureCopy, hasStackTrace, runVouch } from '../helpers/cli.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

const tokens = { VOUCH_DEMO_DEFAULT_TOKEN: 'tok-default-1234', VOUCH_DEMO_OWNER_TOKEN: 'tok-owner-5678' };

function summary(
  dir: string,
  out = 'reports',
): { counts: Record<string, number>; scenarios: { id: string; verdict: string; failedChecks: { message: string; source?: string }[] }[] } {
  return JSON.parse(readFileSync(join(dir, out, 'summary.json'), 'utf8'));
}

describe('vouch run (live)', () => {
  let server: DemoServer;
  let dir: string;
  before(async () => {
    server = await startDemoServer();
    dir = fixtureCopy('backbone');
  });
  after(() => server.close());

  it('passes a live run, flowing captures between steps and sending each identity its own credential', async () => {
    const r = await runVouch(['run', 'suites/items.yaml', '--target', `demo=${server.url}`], { cwd: dir, env: tokens });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /2 passed, 0 failed, 0 broken/);
    const s = summary(dir);
    assert.deepEqual(s.scenarios.map((x) => [x.id, x.verdict]).sort(), [
      ['items-create-read', 'passed'],
      ['items-identities', 'passed'],
    ]);
    const reads = server.log.filter((l) => l.method === 'GET' && l.url.startsWith('/items/'));
    assert.equal(reads.length, 1, 'the captured id was used in the read');
    const who = server.log.filter((l) => l.url === '/whoami').map((l) => l.authorization ?? null);
    assert.deepEqual(who, ['Bearer tok-default-1234', 'Bearer tok-owner-5678', null]);
    const posted = JSON.parse(server.log.find((l) => l.method === 'POST')!.body) as { name: string };
    assert.match(posted.name, /^item-r[0-9a-z]+$/, 'the run id named the fixture');
  });

  it('fails an expectation with exit 1, shows expected and actual at the YAML position, and still runs teardown', async () => {
    server.log.length = 0;
    const r = await runVouch(['run', 'failing', '--target', `demo=${server.url}`], { cwd: dir, env: tokens });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /failing\/fail\.yaml:11:15: error\[status\]: status: expected 200, got 201/);
    assert.match(r.stdout, /name: expected "y-r[0-9a-z]+", got "x-r[0-9a-z]+"/);
    assert.ok(!hasStackTrace(r.stdout + r.stderr));
    const methods = server.log.map((l) => l.method);
    assert.deepEqual(methods, ['POST', 'DELETE'], 'the second step was skipped, the teardown ran');
    const s = summary(dir);
    assert.equal(s.scenarios[0]!.verdict, 'failed');
    assert.equal(s.scenarios[0]!.failedChecks[0]!.source, 'failing/fail.yaml:11:15');
  });

  it('selects with --grep and --tag, and reports a selection of nothing as exit 2', async () => {
    const g = await runVouch(['run', 'suites', '--target', `demo=${server.url}`, '--grep', 'identity'], { cwd: dir, env: tokens });
    assert.equal(g.code, 0, g.stdout + g.stderr);
    assert.deepEqual(
      summary(dir).scenarios.map((x) => x.id),
      ['items-identities'],
    );
    const t = await runVouch(['run', 'suites', '--target', `demo=${server.url}`, '--tag', 'smoke'], { cwd: dir, env: tokens });
    assert.equal(t.code, 0, t.stdout + t.stderr);
    assert.deepEqual(
      summary(dir).scenarios.map((x) => x.id),
      ['items-create-read'],
    );
    const none = await runVouch(['run', 'suites', '--target', `demo=${server.url}`, '--tag', 'nope'], { cwd: dir, env: tokens });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /error\[nothing-selected\]: --tag nope selects none of the 2 scenarios/);
  });

  it('splits the scenarios over shards with --shard', async () => {
    const ids: string[] = [];
    for (const shard of ['1/2', '2/2']) {
      const out = `reports-${shard.replace('/', '-')}`;
      const r = await runVouch(['run', 'suites', '--target', `demo=${server.url}`, '--shard', shard, '--output', out], { cwd: dir, env: tokens });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const s = summary(dir, out);
      assert.equal(s.scenarios.length, 1, `shard ${shard} runs one scenario`);
      ids.push(s.scenarios[0]!.id);
    }
    assert.deepEqual(ids.sort(), ['items-create-read', 'items-identities']);
  });

  it('stops before sending anything when a credential is missing, naming the variable', async () => {
    server.log.length = 0;
    const r = await runVouch(['run', 'suites/items.yaml', '--target', `demo=${server.url}`], { cwd: dir, env: { VOUCH_DEMO_DEFAULT_TOKEN: 'x' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /identity 'owner' of demo has no credential: VOUCH_DEMO_OWNER_TOKEN is not set/);
    assert.equal(server.log.length, 0);
  });

  it('marks an unreachable target broken (exit 3) with a one-line cause, not a stack trace', async () => {
    const port = await closedPort();
    const r = await runVouch(['run', 'suites/items.yaml', '--target', `demo=http://127.0.0.1:${port}`, '--grep', 'create'], { cwd: dir, env: tokens });
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`broken: POST http://127\\.0\\.0\\.1:${port}/items: .*ECONNREFUSED.*hint: is the server running`));
    assert.ok(!hasStackTrace(r.stdout + r.stderr));
  });
});

describe('bad input: exit 2, located message, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['malformed YAML', ['validate', 'malformed.yaml'], /^malformed\.yaml:\d+:\d+: error\[yaml-syntax\]: YAML syntax error/m],
    [
      'schema violation',
      ['validate', 'schema.yaml'],
      /^schema\.yaml:8:15: error\[schema\]: steps\[0\]\.expect\.status: must be an integer or a list of integers/m,
    ],
    [
      'unknown key',
      ['validate', 'unknown-key.yaml'],
      /^unknown-key\.yaml:7:5: error\[unknown-key\]: steps\[0\]: unknown key 'expct'; did you mean 'expect'\?/m,
    ],
    [
      'undefined variable',
      ['validate', 'undefined-var.yaml'],
      /^undefined-var\.yaml:8:35: error\[undefined-variable\]: undefined variable \$\{nmae\}.*\n(.*\n)*hint: did you mean \$\{name\}\?/m,
    ],
    ['missing body file', ['validate', 'missing-body.yaml'], /^missing-body\.yaml:6:54: error\[missing-file\]: 'bodies\/nope\.json' does not exist/m],
    ['bad --target', ['run', 'schema.yaml', '--target', 'demo'], /error\[bad-target\]: --target 'demo' is not API=URL\nhint: write --target API=URL/],
    ['bad --target URL', ['run', 'schema.yaml', '--target', 'demo=ftp://x'], /error\[bad-target\]: --target demo: 'ftp:\/\/x' is not an http or https URL/],
    ['unknown option', ['run', '--tagz', 'x'], /error\[usage\]: Unknown argument: tagz/],
  ];
  for (const [name, args, re] of cases) {
    it(name, async () => {
      const dir = fixtureCopy('bad');
      const r = await runVouch(args, { cwd: dir });
      assert.equal(r.code, 2, `${name}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, re);
      assert.ok(!hasStackTrace(r.stderr + r.stdout), r.stderr);
      if (args[0] === 'validate') assert.match(r.stderr, /\n\s*\d+ \| .*\n\s+\| +\^+/, 'the source line with a caret');
    });
  }
});
