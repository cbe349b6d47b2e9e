// Declared options and extended features through the CLI: a scenario that requires an option the vendor declared
// false is `not run` as not applicable, quoting the declaration; an extended scenario applies only where its feature
// is declared; a declaration no scenario uses is an error (exit 2, located, nothing sent).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, hasStackTrace, runVouch } from '../helpers/cli.js';
import { startWidgetServer, type WidgetServer } from '../helpers/widget-server.js';
import type { RunSummary } from '../../src/report/summary.js';

describe('declared options and extended features', () => {
  let server: WidgetServer;
  let dir: string;
  const env = { VOUCH_SHOP_DEFAULT_TOKEN: 'widget-token' };
  const summary = () => JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')) as RunSummary;
  const verdicts = () => Object.fromEntries(summary().scenarios.map((s) => [s.id, s.verdict]));

  before(async () => {
    server = await startWidgetServer();
    dir = fixtureCopy('declarations');
  });
  after(() => server.close());

  it('undeclared, an option is the documented behaviour and an extended feature is not claimed: the extended scenario is not applicable', async () => {
    const r = await runVouch(['run', '--target', `shop=${server.url}`], { cwd: dir, env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(verdicts(), { 'widget-missing': 'passed', 'widget-names-checked': 'passed', 'widget-bulk': 'not run' });
    assert.match(r.stdout, /- not run +widget-bulk — not applicable: extended feature bulkReads not declared/);
  });

  it('an option declared false makes the scenarios that require it not applicable, quoting the declaration; a declared feature applies', async () => {
    writeFileSync(join(dir, 'vouch.config.yaml'), 'options:\n  namesChecked: false\nextended: [bulkReads]\n');
    const r = await runVouch(['run', '--target', `shop=${server.url}`], { cwd: dir, env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(verdicts(), { 'widget-missing': 'passed', 'widget-names-checked': 'not run', 'widget-bulk': 'passed' });
    const s = summary().scenarios.find((x) => x.id === 'widget-names-checked')!;
    assert.equal(s.reason, 'not applicable: requires namesChecked; declared namesChecked: false (vouch.config.yaml, options.namesChecked)');
    assert.deepEqual(s.notApplicable, {
      kind: 'option',
      name: 'namesChecked',
      declaration: 'namesChecked: false (vouch.config.yaml, options.namesChecked)',
      reason: s.reason,
    });
    const junit = readFileSync(join(dir, 'reports', 'junit.xml'), 'utf8');
    assert.match(junit, /<skipped message="not run: not applicable: requires namesChecked; declared namesChecked: false/);
  });

  it('--option declares on the command line, and wins over the config', async () => {
    const r = await runVouch(['run', '--target', `shop=${server.url}`, '--option', 'namesChecked=true', '-q'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(verdicts()['widget-names-checked'], 'passed');
    const bad = await runVouch(['run', '--target', `shop=${server.url}`, '--option', 'namesChecked'], { cwd: dir, env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /error\[bad-flag\]: --option 'namesChecked' is not NAME=true or NAME=false/);
  });

  it('a declaration that no scenario uses is an error, located in the config, and nothing is sent', async () => {
    writeFileSync(join(dir, 'vouch.config.yaml'), 'options:\n  namesChecked: false\n  nameChecked: true\nextended: [bulkReads, bulkWrites]\n');
    const r = await runVouch(['run', '--target', `shop=${server.url}`], { cwd: dir, env });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
    assert.match(
      r.stderr,
      /vouch\.config\.yaml:3:3: error\[unused-declaration\]: option nameChecked is declared \(vouch\.config\.yaml, options\.nameChecked\) but no scenario of these suites requires it\n[\s\S]*hint: the suites' options are namesChecked/,
    );
    assert.match(
      r.stderr,
      /vouch\.config\.yaml:4:\d+: error\[unused-declaration\]: extended feature bulkWrites is declared .* but no scenario of these suites belongs to it/,
    );
  });
});
