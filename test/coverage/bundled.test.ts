// The bundled suites against their behaviour catalogue (suites/behaviours.json): every documented behaviour is
// covered or says why not, nearly all are covered, and the README carries the table `vouch coverage` prints.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinCoverage, readCatalogue } from '../../src/coverage/catalogue.ts';
import { countCoverage, coverageMarkdown } from '../../src/coverage/render.ts';
import { loadScenarios } from '../../src/scenario/loader.ts';
import { repoRoot } from '../helpers/cli.ts';

describe('the bundled suites against their catalogue (suites/behaviours.json)', () => {
  const cat = readCatalogue(join(repoRoot, 'suites', 'behaviours.json'));
  const { rows, diagnostics } = joinCoverage(cat.catalogue!, loadScenarios(['suites'], { cwd: repoRoot, projectRoot: repoRoot }).scenarios);

  it('cover every documented behaviour or say why not, and nearly all of the documents and the JobStatus rules', () => {
    assert.deepEqual([...cat.diagnostics, ...diagnostics], []);
    const counts = countCoverage(rows);
    assert.equal(
      counts.unexplained,
      0,
      rows
        .filter((r) => !r.scenarios.length && !r.behaviour.notCovered)
        .map((r) => r.behaviour.id)
        .join(', '),
    );
    const docs = rows.filter((r) => r.behaviour.id.startsWith('D'));
    const rules = rows.filter((r) => r.behaviour.id.startsWith('JS-'));
    assert.ok(
      docs.filter((r) => r.scenarios.length).length >= 85,
      `${docs.filter((r) => r.scenarios.length).length} of ${docs.length} document behaviours covered`,
    );
    assert.ok(
      rules.filter((r) => r.scenarios.length).length >= 18,
      `${rules.filter((r) => r.scenarios.length).length} of ${rules.length} JobStatus rules covered`,
    );
  });

  it('the README carries the table vouch coverage --markdown prints', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    assert.ok(readme.includes(coverageMarkdown(rows)), 'README.md: the coverage table differs from `vouch coverage --markdown` (regenerate it)');
  });
});
