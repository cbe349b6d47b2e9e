// Deployment options of the reference server: categoriesRequired is the documented behaviour (a status without
// categories gets 400); started with { categoriesRequired: false } it serves a community where categories are
// optional (200), which is not a faithful variant but a declared option. `vouch serve --option` and --list-options.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runServe } from '../../src/cli/serve.ts';
import { client, get, start, TOKENS } from './helpers.ts';

async function updateWithout(categoriesRequired?: boolean): Promise<{ status: number; categories: unknown; options: Record<string, boolean> }> {
  const server = await start(categoriesRequired === undefined ? {} : { options: { categoriesRequired } });
  try {
    const call = client(server);
    const created = await call('POST', '/api/v2/status/', { token: TOKENS.owner, body: { action: null, text: 'hi', categories: [1] } });
    const id = get(created.json, 'id') as number;
    const res = await call('PUT', `/api/v2/status/${id}/`, { token: TOKENS.owner, body: { action: null, text: 'edited' } });
    return { status: res.status, categories: get(res.json, 'categories'), options: server.options };
  } finally {
    await server.close();
  }
}

describe('deployment options', () => {
  it('by default categories are required, as doc 004 says: an update without them gets 400', async () => {
    const r = await updateWithout();
    assert.equal(r.status, 400);
    assert.deepEqual(r.categories, ['This field is required.']);
    assert.deepEqual(r.options, { categoriesRequired: true });
  });

  it('categoriesRequired=false serves a community where categories are optional: the same update gets 200', async () => {
    const r = await updateWithout(false);
    assert.equal(r.status, 200);
    assert.deepEqual(r.options, { categoriesRequired: false });
  });

  it('vouch serve takes --option NAME=true|false, refuses unknown ones, and lists them with their documented values', async () => {
    const out: string[] = [];
    const err: string[] = [];
    assert.equal(
      await runServe(
        { port: 0, host: '127.0.0.1', option: ['categoriesRequired=false'] },
        (l) => out.push(l),
        (l) => err.push(l),
        async () => 'SIGTERM',
      ),
      0,
    );
    assert.ok(
      out.some((l) => /options: +categoriesRequired=false \(declare categoriesRequired: false when certifying/.test(l)),
      out.join('\n'),
    );
    assert.equal(
      await runServe(
        { port: 0, host: '127.0.0.1', option: ['categoriesOptional=true'] },
        (l) => out.push(l),
        (l) => err.push(l),
        async () => 'SIGTERM',
      ),
      2,
    );
    assert.match(err.join('\n'), /error\[usage\]: unknown option "categoriesOptional"\nhint: valid options: categoriesRequired/);
    const listed: string[] = [];
    assert.equal(
      await runServe(
        { port: 0, host: '127.0.0.1', 'list-options': true },
        (l) => listed.push(l),
        () => undefined,
      ),
      0,
    );
    assert.match(
      listed.join('\n'),
      /categoriesRequired +selfcommunity +true +a status must name at least one category[\s\S]*source: the community preference CONFIGURATIONS_POST_CATEGORY_REQUIRED_ENABLED/,
    );
  });
});
