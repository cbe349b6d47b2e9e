// --kubeconfig: the kubernetes target's server and bearer token come from a kubeconfig context.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, runVouch } from '../helpers/cli.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

let server: DemoServer;
before(async () => {
  server = await startDemoServer();
});
after(() => server.close());

function kubeconfig(url: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: other',
    '    cluster: { server: "http://127.0.0.1:1" }',
    '  - name: demo',
    `    cluster: { server: "${url}" }`,
    'users:',
    '  - name: demo-user',
    '    user: { token: kc-token-4711 }',
    'contexts:',
    '  - name: wrong',
    '    context: { cluster: other, user: demo-user }',
    '  - name: demo',
    '    context: { cluster: demo, user: demo-user }',
    'current-context: wrong',
    '',
  ].join('\n');
}

it('takes the server and token of the chosen context, and never writes the token', async () => {
  const dir = fixtureCopy('kubeconfig');
  const file = join(dir, 'kubeconfig.yaml');
  writeFileSync(file, kubeconfig(server.url));
  const r = await runVouch(['run', '--kubeconfig', file, '--context', 'demo'], { cwd: dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(server.log.at(-1)?.authorization, 'Bearer kc-token-4711');
  assert.doesNotMatch(r.stdout + r.stderr, /kc-token-4711/);
});

it('a context that does not exist is exit 2 with a hint', async () => {
  const dir = fixtureCopy('kubeconfig');
  const file = join(dir, 'kubeconfig.yaml');
  writeFileSync(file, kubeconfig(server.url));
  const r = await runVouch(['run', '--kubeconfig', file, '--context', 'nope'], { cwd: dir });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /error\[kubeconfig\]: .*hint: /s);
});
