// A cassette's shape is checked by the cassette schema compiled ahead of time (transport/cassette-validate.generated.ts,
// ajv's standalone code), so that reading a cassette loads no ajv. The checked-in code must be what ajv makes of the
// schema today, and must judge every cassette as ajv's own compile of the schema does.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cassetteSchema } from '../../src/transport/cassette-schema.js';
import { cassetteAjv, cassetteValidatorPath, renderCassetteValidator } from '../../src/transport/cassette-validator-source.js';
import { validate as generated } from '../../src/transport/cassette-validate.generated.js';
import { repoRoot } from '../helpers/cli.js';

type Validate = ((v: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] | null };

it('the checked-in validator is what ajv compiles from the cassette schema', () => {
  assert.equal(
    readFileSync(cassetteValidatorPath, 'utf8'),
    renderCassetteValidator(),
    'run `npm run build && node scripts/gen-validators.mjs` and commit src/transport/cassette-validate.generated.ts',
  );
});

it('judges the bundled cassettes and damaged ones as ajv does, with the same first error', () => {
  const compiled = cassetteAjv().compile(cassetteSchema) as Validate;
  const pre = generated as unknown as Validate;
  const dir = join(repoRoot, 'cassettes');
  const cassettes = readdirSync(dir).flatMap((api) =>
    readdirSync(join(dir, api)).map((f) => JSON.parse(readFileSync(join(dir, api, f), 'utf8')) as Record<string, unknown>),
  );
  assert.ok(cassettes.length > 20);
  const damaged = (c: Record<string, unknown>): unknown[] => {
    const ex = (c['exchanges'] as Record<string, Record<string, unknown>>[])[0]!;
    return [
      { ...c, recordedAt: 'yesterday' },
      { ...c, format: 2 },
      { ...c, scenario: { ...(c['scenario'] as object), id: '' } },
      { ...c, exchanges: [{ ...ex, request: { ...ex['request'], path: 'no-slash' } }] },
      { ...c, exchanges: [{ ...ex, response: { ...ex['response'], status: '200' } }] },
      { ...c, exchanges: [{ ...ex, response: { ...ex['response'], indent: 'x' } }] },
      { ...c, exchanges: [{ ...ex, request: { ...ex['request'], headers: { accept: 1 } } }] },
      Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'vars')),
      [],
      null,
    ];
  };
  let invalid = 0;
  for (const c of cassettes) {
    for (const value of [c, ...damaged(c)]) {
      const want = compiled(value);
      assert.equal(pre(value), want, JSON.stringify(value).slice(0, 200));
      if (!want) {
        invalid += 1;
        const first = (v: Validate) => (v.errors ?? []).map((e) => [e.instancePath, e.keyword])[0];
        assert.deepEqual(first(pre), first(compiled));
      }
    }
    assert.equal(compiled(c), true, 'every bundled cassette is valid');
  }
  assert.ok(invalid >= cassettes.length * 9, 'the damaged copies are refused');
});

it('scripts/gen-validators.mjs --check fails on a stale copy, and without --check brings it up to date', () => {
  const copy = join(mkdtempSync(join(tmpdir(), 'vouch-gen-validators-')), 'cassette-validate.generated.ts');
  copyFileSync(cassetteValidatorPath, copy);
  writeFileSync(copy, readFileSync(copy, 'utf8').replace('"minLength":1', '"minLength":2'));
  const run = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'scripts/gen-validators.mjs'), ...args, copy], { encoding: 'utf8' });
  const stale = run('--check');
  assert.equal(stale.status, 1, stale.stdout + stale.stderr);
  assert.match(stale.stderr, /stale/);
  assert.equal(run().status, 0);
  assert.equal(readFileSync(copy, 'utf8'), renderCassetteValidator());
  assert.equal(run('--check').status, 0);
});
