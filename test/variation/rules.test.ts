// The variation model is written down once (src/variation/rules.ts) and the README says the same: every rule
// has a reason and a source, and the README's tables name every rule, faithful variant and deviation profile.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_NAMES, RULES } from '../../src/variation/rules.ts';
import { isGenerated, traitsFor } from '../../src/variation/apis.ts';
import { listProfiles, listVariants } from '../../src/reference/server.ts';
import { parseFieldPath } from '../../src/util/field-path.ts';
import { repoRoot } from '../helpers/cli.ts';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

it('every rule says what it allows, why, and where that is written down', () => {
  for (const name of RULE_NAMES) {
    const r = RULES[name];
    assert.equal(r.name, name);
    for (const text of [r.allows, r.reason, r.source]) assert.ok(text.length > 15, `${name}: ${text}`);
  }
});

it('the README section "What Vouch allows a faithful server" has a row per rule, variant and profile', () => {
  const section = readme.slice(readme.indexOf('## What Vouch allows a faithful server'));
  assert.ok(section.length > 100, 'no such section');
  for (const name of RULE_NAMES) assert.match(section, new RegExp(`^\\| \`${name}\` \\|`, 'm'), `no row for rule ${name}`);
  for (const v of listVariants()) assert.ok(readme.includes(`| \`${v.name}\` | ${v.description}`), `no row for variant ${v.name}`);
  for (const p of listProfiles()) assert.ok(readme.includes(`| \`${p.name}\`: ${p.description} |`), `no row for profile ${p.name}`);
});

it('Kubernetes facts apply to the kubernetes API only', () => {
  assert.equal(traitsFor('kubernetes').goZeroValues, true);
  assert.equal(traitsFor('selfcommunity').goZeroValues, false);
  assert.equal(traitsFor('todos').goZeroValues, false);
  assert.equal(isGenerated(traitsFor('kubernetes'), parseFieldPath('metadata.resourceVersion')), true);
  assert.equal(isGenerated(traitsFor('todos'), parseFieldPath('metadata.resourceVersion')), false);
  assert.equal(isGenerated(traitsFor('todos'), parseFieldPath('items[0].id')), true);
});
