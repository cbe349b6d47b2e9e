// The behaviour catalogue and `vouch coverage`: which documented behaviours the scenarios check; a catalogue that
// is wrong, or a scenario naming an id the catalogue lacks, is an error; a behaviour with no scenario must say why.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinCoverage, readCatalogue } from '../../src/coverage/catalogue.ts';
import { countCoverage, coverageMarkdown } from '../../src/coverage/render.ts';
import { loadScenarios } from '../../src/scenario/loader.ts';
import { runVouch } from '../helpers/cli.ts';

function project(catalogue: unknown, covers: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-coverage-'));
  writeFileSync(join(dir, 'behaviours.json'), JSON.stringify(catalogue));
  writeFileSync(
    join(dir, 'one.yaml'),
    `id: one\ntitle: One\napi: demo\ncovers: [${covers.join(', ')}]\nsteps:\n  - name: s\n    request: { method: GET, path: / }\n`,
  );
  return dir;
}

const CATALOGUE = {
  format: 1,
  title: 'demo',
  behaviours: [
    { id: 'D1-01', doc: 'demo.md', section: 'Read', kind: 'operation', text: 'GET / answers 200' },
    { id: 'D1-02', doc: 'demo.md', section: 'Read', kind: 'error', text: 'a missing item answers 404', notCovered: 'the demo server has no items' },
    { id: 'D1-03', doc: 'demo.md', section: 'Write', kind: 'operation', text: 'PUT / stores' },
  ],
};

describe('vouch coverage', () => {
  it('joins the catalogue with the scenarios and counts covered, explained and unexplained behaviours', () => {
    const dir = project(CATALOGUE, ['D1-01']);
    const cat = readCatalogue(join(dir, 'behaviours.json'));
    const { rows, diagnostics } = joinCoverage(cat.catalogue!, loadScenarios([dir], { cwd: dir, projectRoot: dir }).scenarios);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      rows.map((r) => [r.behaviour.id, r.scenarios]),
      [
        ['D1-01', ['one']],
        ['D1-02', []],
        ['D1-03', []],
      ],
    );
    assert.deepEqual(countCoverage(rows), { total: 3, covered: 1, explained: 1, unexplained: 1 });
    assert.match(coverageMarkdown(rows), /\| D1-02 \| dem Read \| a missing item answers 404 \| not covered: the demo server has no items \|/);
  });

  it('exits 1 when a behaviour has neither a scenario nor a reason, 0 when each has one, 2 for an unknown id', async () => {
    const gap = project(CATALOGUE, ['D1-01']);
    const r1 = await runVouch(['coverage', '.'], { cwd: gap });
    assert.equal(r1.code, 1, r1.stdout + r1.stderr);
    assert.match(r1.stdout, /✗ D1-03 +PUT \/ stores\n +not covered: no reason given/);
    assert.match(r1.stdout, /1 of 3 documented behaviours covered; 1 not covered, each with its reason; 1 not covered and not explained/);
    const full = project(CATALOGUE, ['D1-01', 'D1-03']);
    assert.equal((await runVouch(['coverage', '.'], { cwd: full })).code, 0);
    const unknown = project(CATALOGUE, ['D1-09']);
    const r3 = await runVouch(['coverage', '.'], { cwd: unknown });
    assert.equal(r3.code, 2);
    assert.match(r3.stderr, /one\.yaml:4:\d+: error\[unknown-behaviour\]: scenario one covers D1-09, which .*behaviours\.json does not list/);
    const broken = project({ format: 1, title: 'x', behaviours: [{ id: 'nope', doc: 'd', section: 's', kind: 'operation', text: 't' }] }, []);
    const r4 = await runVouch(['coverage', '.'], { cwd: broken });
    assert.equal(r4.code, 2);
    assert.match(r4.stderr, /error\[behaviours\]: .*behaviours\.json: \/behaviours\/0\/id must match pattern/);
  });
});
