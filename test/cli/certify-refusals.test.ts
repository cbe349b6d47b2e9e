// What `vouch certify` refuses to claim: a run where a scenario was broken (Vouch could not judge it) ends with no
// claim and exit 3, and an earlier claim is not left in sight; no product metadata is exit 2 before anything is
// sent; a judged scenario whose cassette this run did not write (missing, of another version of the scenario, or
// older than the run) is named stale.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, hasStackTrace, runVouch } from '../helpers/cli.js';
import { startWidgetServer, type WidgetServer } from '../helpers/widget-server.js';
import { staleCassettes } from '../../src/cli/certify-claim.js';
import { loadScenarios } from '../../src/scenario/loader.js';
import type { Plan } from '../../src/results/plan.js';
import type { RunSummary } from '../../src/report/summary.js';

describe('vouch certify refuses', () => {
  let dir: string;
  let digest: string;
  let server: WidgetServer;
  const env = { VOUCH_SHOP_DEFAULT_TOKEN: 'widget-token' };

  before(async () => {
    server = await startWidgetServer();
    dir = fixtureCopy('waivers');
    digest = (await runVouch(['digest', 'suites'], { cwd: dir })).stdout.trim();
  });
  after(() => server.close());

  it('a run with a broken scenario: no claim, exit 3, and an earlier claim removed', async () => {
    const ok = await runVouch(['certify', '--target', `shop=${server.url}`, '--suites-digest', digest, '-q'], { cwd: dir, env });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.ok(existsSync(join(dir, 'reports', 'conformance.json')));
    await server.close();
    const r = await runVouch(['certify', '--target', `shop=${server.url}`, '--suites-digest', digest, '-q'], { cwd: dir, env });
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.ok(!hasStackTrace(r.stdout + r.stderr));
    assert.match(r.stdout, /error\[certify-refused\]: widget-create is broken: Vouch could not judge it/);
    assert.match(r.stdout, /vouch certify: no claim: the run cannot support one \(exit 3\)/);
    assert.ok(!existsSync(join(dir, 'reports', 'conformance.json')), 'no claim is left from the earlier run');
    assert.ok(!existsSync(join(dir, 'reports', 'conformance.html')));
    server = await startWidgetServer();
  });

  it('no product metadata: exit 2, nothing sent', async () => {
    writeFileSync(join(dir, 'vouch.config.yaml'), 'product: { vendor: Widget Works }\n');
    const r = await runVouch(['certify', '--target', `shop=${server.url}`, '--suites-digest', digest], { cwd: dir, env });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /error\[no-product\]: vouch\.config\.yaml names no product, version, contact under product:/);
  });

  it('names a judged scenario whose cassette this run did not write: missing, of another scenario version, or older than the run', () => {
    const loaded = loadScenarios(['suites'], { cwd: dir });
    const cassettes = join(dir, 'stale-cassettes');
    mkdirSync(join(cassettes, 'shop'), { recursive: true });
    const [create, missing] = [loaded.scenarios.find((s) => s.id === 'widget-create')!, loaded.scenarios.find((s) => s.id === 'widget-missing')!];
    const cassette = (id: string, hash: string, recordedAt: string) =>
      JSON.stringify({
        format: 1,
        scenario: { id, file: 'x', hash },
        vouch: { version: '0.1.0' },
        target: { api: 'shop', name: 'shop', baseUrl: 'http://x' },
        recordedAt,
        vars: {},
        exchanges: [],
      });
    const plan = { createdAt: '2026-12-01T10:00:00.000Z', config: { cassetteDir: cassettes } } as unknown as Plan;
    const summary = {
      scenarios: [
        { id: 'widget-create', verdict: 'passed' },
        { id: 'widget-missing', verdict: 'failed' },
      ],
    } as unknown as RunSummary;
    assert.deepEqual(
      staleCassettes(plan, loaded.scenarios, summary).map((s) => s.replace(/\(.*\)/, '(...)')),
      ['widget-create has no cassette (...): its verdict cannot be replayed', 'widget-missing has no cassette (...): its verdict cannot be replayed'],
    );
    writeFileSync(join(cassettes, 'shop', 'widget-create.json'), cassette('widget-create', 'f'.repeat(64), '2026-12-01T10:00:05.000Z'));
    writeFileSync(join(cassettes, 'shop', 'widget-missing.json'), cassette('widget-missing', missing.hash, '2026-11-30T09:00:00.000Z'));
    const stale = staleCassettes(plan, [create, missing], summary);
    assert.match(stale[0]!, /^widget-create's cassette is stale: recorded from another version of the scenario \(ffffffffffff, now [0-9a-f]{12}\)$/);
    assert.equal(stale[1], "widget-missing's cassette is stale: recorded at 2026-11-30T09:00:00.000Z, before this run (2026-12-01T10:00:00.000Z) began");
  });
});
