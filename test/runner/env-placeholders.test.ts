// Which `${env.NAME}` a replay reads as a placeholder: only those whose every use is redacted before it is written.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarios } from '../../src/scenario/loader.js';
import { redactedOnlyEnv } from '../../src/runner/env-placeholders.js';
import { writeProject } from '../helpers/cli.js';

it('takes env variables used only in secret headers, configured headers and redacted body fields, directly or through a variable', () => {
  const dir = writeProject('env-placeholders', {
    's.yaml': [
      'id: s',
      'title: s',
      'api: a',
      'vars: { viaVar: "${env.VIA_VAR}", leaky: "${env.LEAKY}" }',
      'steps:',
      '  - name: one',
      '    request:',
      '      method: POST',
      '      path: /x',
      '      headers: { authorization: "Basic ${env.BASIC}", x-api-key: "${env.API_KEY}", x-mine: "${viaVar}", x-plain: "${env.PLAIN}" }',
      '      json: { secret: "${env.BODY}", open: "${env.OPEN}", nested: { token: "${leaky}" } }',
      '    expect: { status: 200, body: { echo: "${leaky}" } }',
      '',
    ].join('\n'),
  });
  const { scenarios, diagnostics } = loadScenarios(['s.yaml'], { cwd: dir, projectRoot: dir });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(redactedOnlyEnv(scenarios, { headers: ['X-Mine'], paths: ['/secret', '/nested/*'] }), ['API_KEY', 'BASIC', 'BODY', 'VIA_VAR']);
});
