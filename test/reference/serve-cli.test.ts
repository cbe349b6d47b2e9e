// `vouch serve` the way a user runs it: the printed URL, users and export lines, a working server behind them,
// a clean stop on SIGINT/SIGTERM, --list-profiles, and one-line errors (exit 2) for a bad --profile or --user.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { listProfiles, listVariants } from '../../src/reference/server.ts';

const ENTRY = fileURLToPath(new URL('./serve-entry.mts', import.meta.url));

interface Session {
  output: () => string;
  errors: () => string;
  waitFor: (pattern: RegExp) => Promise<string>;
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
  done: Promise<number | null>;
}

function serve(...args: string[]): Session {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp): Promise<string> => {
    for (let i = 0; i < 200; i += 1) {
      const match = pattern.exec(out);
      if (match) return match[1] ?? match[0];
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${pattern}; output: ${out}${err}`);
  };
  return {
    output: () => out,
    errors: () => err,
    waitFor,
    done,
    stop: (signal) => {
      child.kill(signal);
      return done;
    },
  };
}

describe('vouch serve', () => {
  it('prints the URL, users and export lines; the server answers; SIGINT stops it with exit 0', async () => {
    const s = serve('--port', '0', '--user', 'owner:owner-secret', '--user', 'other:other-secret', '--k8s-token', 'k8s-secret');
    const url = await s.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await s.waitFor(/stop with Ctrl\+C/);
    const out = s.output();
    assert.match(out, /owner\s+id 1\s+username owner\s+token owner-secret/);
    assert.match(out, /^ {2}export VOUCH_KUBERNETES_DEFAULT_TOKEN=k8s-secret$/m);
    assert.match(out, /^ {2}export VOUCH_SELFCOMMUNITY_OWNER_TOKEN=owner-secret$/m);
    assert.match(out, /^ {2}export VOUCH_SELFCOMMUNITY_OTHER_TOKEN=other-secret$/m);
    assert.ok(out.includes(`vouch run --target kubernetes=${url} --target selfcommunity=${url}`));
    const me = await fetch(`${url}/api/v2/user/me/`, { headers: { authorization: 'Bearer owner-secret' } });
    assert.equal(me.status, 200);
    assert.equal((await fetch(`${url}/api/v1/namespaces/default/pods`)).status, 401);
    assert.equal((await fetch(`${url}/api/v1/namespaces/default/pods`, { headers: { authorization: 'Bearer k8s-secret' } })).status, 200);
    assert.equal(await s.stop('SIGINT'), 0);
    assert.match(s.output(), /stopped \(SIGINT\)/);
    assert.equal(s.errors(), '');
  });

  it('generates owner, other and a Kubernetes token by default, prints their export lines, stops on SIGTERM', async () => {
    const s = serve('--port', '0');
    await s.waitFor(/stop with Ctrl\+C/);
    const out = s.output();
    assert.match(out, /export VOUCH_SELFCOMMUNITY_OWNER_TOKEN=[0-9a-f]{40}\n/);
    assert.match(out, /export VOUCH_SELFCOMMUNITY_OTHER_TOKEN=[0-9a-f]{40}\n/);
    assert.match(out, /export VOUCH_KUBERNETES_DEFAULT_TOKEN=[0-9a-f]{40}\n/);
    assert.match(out, /bearer token required/);
    assert.equal(await s.stop('SIGTERM'), 0);
  });

  it('--no-k8s-auth needs no Kubernetes token (for kubectl) and still prints the variable a live run needs', async () => {
    const s = serve('--port', '0', '--no-k8s-auth');
    await s.waitFor(/stop with Ctrl\+C/);
    const out = s.output();
    assert.match(out, /no token required/);
    assert.match(out, /export VOUCH_KUBERNETES_DEFAULT_TOKEN=unused/);
    assert.equal(await s.stop('SIGTERM'), 0);
  });

  it('names the profile it runs with', async () => {
    const s = serve('--port', '0', '--profile', 'pod-status-wrong-code');
    await s.waitFor(/stop with Ctrl\+C/);
    assert.match(s.output(), /profile: +pod-status-wrong-code \(answers a successful replace of pod status with 201/);
    assert.equal(await s.stop('SIGINT'), 0);
  });

  it('--list-profiles names and describes every profile', async () => {
    const s = serve('--list-profiles');
    assert.equal(await s.done, 0);
    for (const p of listProfiles()) {
      assert.ok(s.output().includes(p.name), p.name);
      assert.ok(s.output().includes(p.description), p.description);
    }
  });

  it('--list-variants names every faithful variant with where its behaviour comes from; --variant names it at start', async () => {
    const list = serve('--list-variants');
    assert.equal(await list.done, 0);
    for (const v of listVariants()) {
      assert.ok(list.output().includes(v.name) && list.output().includes(v.description), v.name);
      assert.ok(list.output().includes(`source: ${v.source}`), v.source);
    }
    const s = serve('--port', '0', '--variant', 'k8s-go-omitempty,sc-nulls', '--profile', 'status-no-auth');
    await s.waitFor(/stop with Ctrl\+C/);
    assert.match(s.output(), /variant: +k8s-go-omitempty,sc-nulls\n +profile: +status-no-auth/);
    assert.equal(await s.stop('SIGINT'), 0);
  });

  for (const [label, args, message] of [
    ['an unknown --profile', ['--profile', 'nope'], /^error\[usage\]: unknown profile "nope"\nhint: valid profiles: pod-status-wrong-code, .*--list-profiles/],
    [
      'an unknown --variant',
      ['--variant', 'sc-nulls,nope'],
      /^error\[usage\]: unknown variant "nope"\nhint: valid variants: k8s-no-admission, .*--list-variants/,
    ],
    ['a --user without a token', ['--user', 'owner'], /^error\[usage\]: --user "owner" is not ROLE:TOKEN\nhint: /],
    ['a --user role given twice', ['--user', 'owner:a', '--user', 'owner:b'], /^error\[usage\]: user role "owner" is given twice\nhint: /],
  ] as const) {
    it(`refuses ${label} with a one-line error, a hint and exit 2`, async () => {
      const s = serve('--port', '0', ...args);
      assert.equal(await s.done, 2);
      assert.match(s.errors(), message);
      assert.equal(s.errors().trim().split('\n').length, 2);
      assert.doesNotMatch(s.errors(), /\n\s+at /, 'no stack trace');
      assert.equal(s.output(), '');
    });
  }
});
