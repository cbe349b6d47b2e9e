// A new API is one module registered in the table (src/reference/apis.ts): this toy API, defined here and nowhere
// else, is served by the reference server next to the bundled ones, with its profile, its state from its own
// setting, its `vouch serve` option, and its place in what `vouch serve` lists and prints.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import yargs, { type Argv } from 'yargs';
import type { ApiModule, Handled } from '../../src/reference/api-module.ts';
import { registerApi, servedApis } from '../../src/reference/apis.ts';
import type { Profile } from '../../src/reference/hooks.ts';
import { listProfiles, startReferenceServer } from '../../src/reference/server.ts';
import { runServe, serveCommand, type ServeArgs } from '../../src/cli/serve.ts';

interface ToyState {
  word: string;
}

const BROKEN: Profile = {
  name: 'toy-pong-lost',
  operation: 'GET /toy/ping',
  description: 'answers a ping with an empty object instead of the pong word',
  hooks: { respond: (route, reply) => (route.api === 'toy' && route.resource === 'ping' ? { ...reply, body: {} } : reply) },
};

const toy: ApiModule<ToyState> = {
  name: 'toy',
  title: 'Toy API',
  owns: (path) => path.startsWith('/toy/'),
  createState: ({ settings }) => ({ word: typeof settings['toyWord'] === 'string' ? settings['toyWord'] : 'pong' }),
  handle: (incoming, state): Handled => {
    const route = { api: 'toy', resource: 'ping', verb: incoming.method === 'GET' ? ('get' as const) : ('other' as const) };
    if (incoming.path !== '/toy/ping' || route.verb !== 'get') return { route, reply: { status: 404, headers: {}, body: { error: 'no such toy' } } };
    return { route, reply: { status: 200, headers: {}, body: { pong: state.word } } };
  },
  serialize: (_incoming, reply) => JSON.stringify(reply.body),
  profiles: [BROKEN],
  variants: [],
  options: [],
  cli: {
    options: [{ name: 'toy-word', type: 'string', describe: 'what the toy API answers a ping with' }],
    examples: [],
    settings: (args) => (typeof args['toy-word'] === 'string' ? { toyWord: args['toy-word'] } : {}),
  },
  describe: (state, url) => ({ where: `${url}/toy/ (pong: ${state.word})`, details: [], exports: [{ name: 'VOUCH_TOY_DEFAULT_TOKEN', value: 'unused' }] }),
};

async function ping(url: string): Promise<{ status: number; type: string | null; body: unknown }> {
  const res = await fetch(`${url}/toy/ping`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

describe('the table of APIs', () => {
  const unregister = registerApi(toy);
  after(unregister);

  it('serves a registered API next to the bundled ones, its state made from its own setting', async () => {
    const server = await startReferenceServer({ toyWord: 'hello' });
    try {
      assert.deepEqual(await ping(server.url), { status: 200, type: 'application/json', body: { pong: 'hello' } });
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the bundled APIs still answer');
      assert.deepEqual(
        server.apis.map((a) => a.name),
        ['kubernetes', 'selfcommunity', 'toy'],
      );
    } finally {
      await server.close();
    }
  });

  it('lists its profile, which breaks only its behaviour', async () => {
    assert.ok(listProfiles().some((p) => p.name === BROKEN.name && p.description === BROKEN.description));
    const server = await startReferenceServer({ profile: BROKEN.name });
    try {
      assert.deepEqual((await ping(server.url)).body, {});
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('refuses a second API of the same name or with a profile name already taken', () => {
    assert.throws(() => registerApi(toy), /an API named "toy" is already served/);
    assert.throws(() => registerApi({ ...toy, name: 'toy2' }), /the profile name "toy-pong-lost" is already taken/);
    assert.equal(servedApis().filter((a) => a.name.startsWith('toy')).length, 1);
  });

  it('vouch serve lists its profile, takes its option and prints where it answers and what a live run needs', async () => {
    const listed: string[] = [];
    assert.equal(
      await runServe(
        { port: 0, host: '127.0.0.1', 'list-profiles': true },
        (l) => listed.push(l),
        () => undefined,
      ),
      0,
    );
    assert.ok(listed.some((l) => l.startsWith(BROKEN.name)) && listed.some((l) => l.includes(BROKEN.description)), listed.join('\n'));

    const builder = serveCommand.builder as (y: Argv) => Argv<ServeArgs>;
    const args = await builder(yargs(['--port', '0', '--toy-word', 'hi', '--no-k8s-auth']).strict()).parseAsync();
    const out: string[] = [];
    const err: string[] = [];
    let answered: unknown;
    const stop = async (): Promise<string> => {
      await new Promise((resolve) => setImmediate(resolve));
      const url = /listening on (\S+)/.exec(out[0] ?? '')?.[1];
      answered = url ? await ping(url) : 'no URL printed';
      return 'SIGTERM';
    };
    assert.equal(
      await runServe(
        args,
        (l) => out.push(l),
        (l) => err.push(l),
        stop,
      ),
      0,
      err.join('\n'),
    );
    assert.deepEqual(answered, { status: 200, type: 'application/json', body: { pong: 'hi' } });
    const text = out.join('\n');
    assert.match(text, /^ {2}Toy API: {11}http:\/\/127\.0\.0\.1:\d+\/toy\/ \(pong: hi\)$/m);
    assert.match(text, /^ {2}export VOUCH_TOY_DEFAULT_TOKEN=unused$/m);
    assert.match(text, /vouch run --target kubernetes=(\S+) --target selfcommunity=\1 --target toy=\1$/m);
  });
});
