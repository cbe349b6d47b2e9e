// `--check` reports only real drift: the bundled suites recorded against one faithful server configuration and
// re-recorded with --check against another show no drift; against a deviation profile they drift, named by field.
// Live runs through the built CLI against the reference server; the repository's cassettes are never touched.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listVariants, startReferenceServer } from '../../src/reference/server.ts';
import { repoRoot, runVouch } from '../helpers/cli.ts';

const K8S_TOKEN = 'k8s-check-token-0001';
const USERS = [
  { role: 'owner', token: 'owner-check-token-0002' },
  { role: 'other', token: 'other-check-token-0003' },
];
const ENV = { VOUCH_KUBERNETES_DEFAULT_TOKEN: K8S_TOKEN, VOUCH_SELFCOMMUNITY_OWNER_TOKEN: USERS[0]!.token, VOUCH_SELFCOMMUNITY_OTHER_TOKEN: USERS[1]!.token };
/** Every faithful variant at once: one server configured every way the variants describe. */
const ALL_VARIANTS = listVariants()
  .map((v) => v.name)
  .join(',');
const temp: string[] = [];

function dir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temp.push(d);
  return d;
}

interface CheckEntry {
  scenarioId: string;
  verdict: string;
  drifts: { exchange: string; field: string; change: string; because?: string }[];
  notes: { rule: string }[];
}

/** A record run (with --check when asked) of the bundled suites into `cassettes`, against a reference server. */
async function record(cassettes: string, server: { variant?: string; profile?: string }, check: boolean) {
  const ref = await startReferenceServer({ ...server, k8sToken: K8S_TOKEN, users: USERS });
  const output = dir('vouch-check-out-');
  try {
    const args = [
      'run',
      '--mode',
      'record',
      ...(check ? ['--check'] : []),
      '--cassettes',
      cassettes,
      '--target',
      `kubernetes=${ref.url}`,
      '--target',
      `selfcommunity=${ref.url}`,
      '--output',
      output,
      '--quiet',
      '--workers',
      '2',
    ];
    const r = await runVouch(args, { cwd: repoRoot, env: ENV, timeoutMs: 10 * 60_000 });
    const report = check ? (JSON.parse(readFileSync(join(output, 'check.json'), 'utf8')) as CheckEntry[]) : [];
    return { ...r, report };
  } finally {
    await ref.close();
  }
}

const drifted = (report: CheckEntry[]): string[] =>
  report.filter((s) => s.verdict === 'drifted').flatMap((s) => s.drifts.map((d) => `${s.scenarioId} ${d.exchange} ${d.field}`));

describe('--check across faithful servers and a broken one', { concurrency: 1 }, () => {
  after(() => {
    for (const d of temp) rmSync(d, { recursive: true, force: true });
  });
  const fromDefault = dir('vouch-check-cassettes-');
  const fromVariants = dir('vouch-check-cassettes-');

  it('recorded on the default server, checked on a server configured every faithful way at once: no drift, the allowances as notes', async () => {
    const rec = await record(fromDefault, {}, false);
    assert.equal(rec.code, 0, rec.stdout + rec.stderr);
    const check = await record(fromDefault, { variant: ALL_VARIANTS }, true);
    assert.deepEqual(drifted(check.report), [], check.stdout);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.ok(check.report.length >= 23, `only ${check.report.length} scenarios checked`);
    assert.match(check.stdout, new RegExp(`^0 of ${check.report.length} scenarios drifted; stored cassettes were not changed$`, 'm'));
    const rules = new Set(check.report.flatMap((s) => s.notes.map((n) => n.rule)));
    for (const rule of ['zero-value', 'null', 'environment', 'generated', 'message', 'timestamp'])
      assert.ok(rules.has(rule), `no ${rule} note: ${[...rules].join(', ')}`);
  });

  it('recorded on that server, checked on the default one: no drift either', async () => {
    const rec = await record(fromVariants, { variant: ALL_VARIANTS }, false);
    assert.equal(rec.code, 0, rec.stdout + rec.stderr);
    const check = await record(fromVariants, {}, true);
    assert.deepEqual(drifted(check.report), [], check.stdout);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  });

  it('checked on a server that breaks one documented behaviour: drift, named by field', async () => {
    const check = await record(fromDefault, { profile: 'job-status-wrong-type' }, true);
    assert.equal(check.code, 1, check.stdout + check.stderr);
    const drift = check.report.find((s) => s.scenarioId === 'k8s-job-status-replace-read')?.drifts.find((d) => d.field === 'body.status.active');
    assert.ok(drift, check.stdout);
    assert.equal(drift.change, 'changed');
    assert.match(check.stdout, /body\.status\.active: stored 1, live "1"/);
    const wrongCode = await record(fromDefault, { profile: 'status-non-owner-allowed' }, true);
    assert.equal(wrongCode.code, 1);
    assert.ok(
      drifted(wrongCode.report).some((d) => d.startsWith('sc-status-update-other-user ') && d.endsWith(' status')),
      wrongCode.stdout,
    );
  });
});
