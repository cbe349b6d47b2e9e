// The bundled suites (suites/) are evidence only if they can fail, and worth something only if a faithful server
// passes them: run them LIVE through the built CLI against the reference server, as the default server and as
// every faithful variant (another real configuration: everything must pass), and once per deviation profile (each
// must be caught in the scenario and step that check the broken behaviour, with a message that names it). Prints
// both halves of the matrix.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listProfiles, listVariants, startReferenceServer } from '../../src/reference/server.ts';
import { loadScenarios } from '../../src/scenario/loader.ts';
import { repoRoot, runVouch } from '../helpers/cli.ts';
import { EXPECTED } from './conformance-expected.ts';

const K8S_TOKEN = 'k8s-conformance-token-0001';
const USERS = [
  { role: 'owner', token: 'owner-conformance-token-0002' },
  { role: 'other', token: 'other-conformance-token-0003' },
];
const ENV = {
  VOUCH_KUBERNETES_DEFAULT_TOKEN: K8S_TOKEN,
  VOUCH_SELFCOMMUNITY_OWNER_TOKEN: USERS[0]!.token,
  VOUCH_SELFCOMMUNITY_OTHER_TOKEN: USERS[1]!.token,
};
/** Profiles run side by side; each run uses two Playwright workers. */
const PARALLEL = Math.max(1, Number(process.env['VOUCH_SUITES_PARALLEL'] ?? 3));
const RUN_TIMEOUT_MS = 15 * 60_000;
const OPERATIONS = ['replace-pod-status', 'patch-pod', 'job-status', 'update-status'];

interface FailedCheck {
  step: string;
  check: string;
  message: string;
  source?: string;
}

interface Summary {
  counts: Record<string, number>;
  scenarios: { id: string; verdict: string; failedChecks: FailedCheck[]; firstFailure?: string }[];
}

interface Run {
  code: number;
  output: string;
  summary: Summary;
}

const outputs: string[] = [];

/** Starts a reference server (a variant, a profile) and runs every suite live against it, and reads the summary. */
async function runSuites(profile?: string, variant?: string): Promise<Run> {
  // The folder is named after the run, cut short: the every-way run's variant list is longer than a file name may be.
  const output = mkdtempSync(join(tmpdir(), `vouch-suites-${(variant ?? profile ?? 'conformant').slice(0, 60)}-`));
  outputs.push(output);
  const server = await startReferenceServer({ profile, variant, k8sToken: K8S_TOKEN, users: USERS });
  try {
    const args = ['run', '--target', `kubernetes=${server.url}`, '--target', `selfcommunity=${server.url}`, '--output', output, '--workers', '2', '--quiet'];
    const r = await runVouch(args, { cwd: repoRoot, env: ENV, timeoutMs: RUN_TIMEOUT_MS });
    let summary: Summary;
    try {
      summary = JSON.parse(readFileSync(join(output, 'summary.json'), 'utf8')) as Summary;
    } catch {
      throw new Error(`profile ${profile ?? 'conformant'}: no summary.json (exit ${r.code})\n${r.stdout}${r.stderr}`);
    }
    return { code: r.code, output: r.stdout + r.stderr, summary };
  } finally {
    await server.close();
  }
}

function failedIds(s: Summary): string[] {
  return s.scenarios.filter((x) => x.verdict !== 'passed').map((x) => `${x.id} [${x.verdict}]`);
}

function describeFailures(s: Summary): string {
  return s.scenarios
    .filter((x) => x.verdict !== 'passed')
    .map(
      (x) =>
        `  ${x.id} [${x.verdict}]\n${x.failedChecks.map((c) => `    (${c.step}) ${c.message.split('\n')[0]}`).join('\n') || `    ${x.firstFailure ?? ''}`}`,
    )
    .join('\n');
}

const matrix = new Map<string, string[]>();
const variantMatrix = new Map<string, string>();

describe('the bundled suites', () => {
  it('name their operation, documentation section and tags, and give fixtures names unique to the run and the scenario', () => {
    const { scenarios, diagnostics } = loadScenarios(['suites'], { cwd: repoRoot, projectRoot: repoRoot });
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.ok(scenarios.length >= 20, `only ${scenarios.length} scenarios`);
    const namespaces = new Map<string, string>();
    for (const s of scenarios) {
      assert.ok(s.operation && OPERATIONS.includes(s.operation), `${s.id}: operation ${String(s.operation)} is not one of ${OPERATIONS.join(', ')}`);
      assert.ok(s.doc?.source && s.doc.section, `${s.id}: no doc source and section`);
      assert.ok(s.tags.length > 0 && s.description, `${s.id}: no tags or description`);
      const ns = s.vars['ns'];
      if (s.api === 'kubernetes') {
        assert.ok(typeof ns === 'string' && ns.includes('${run.id}'), `${s.id}: its namespace is not named after the run`);
        assert.ok(!namespaces.has(ns), `${s.id} and ${namespaces.get(ns)} share the namespace ${ns}`);
        namespaces.set(ns, s.id);
        const last = s.teardown.at(-1);
        assert.equal(last?.request.method, 'DELETE', `${s.id}: the namespace is not deleted in teardown`);
      }
    }
    for (const op of OPERATIONS)
      assert.ok(
        scenarios.some((s) => s.operation === op),
        `no scenario checks ${op}`,
      );
  });

  it('replay from the committed cassettes with no server and no credential, and all pass', async () => {
    const output = mkdtempSync(join(tmpdir(), 'vouch-suites-replay-'));
    outputs.push(output);
    const r = await runVouch(['run', '--output', output, '--quiet'], { cwd: repoRoot, env: {}, timeoutMs: RUN_TIMEOUT_MS });
    const summary = JSON.parse(readFileSync(join(output, 'summary.json'), 'utf8')) as Summary;
    assert.equal(r.code, 0, `${describeFailures(summary)}\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /\(replay\)/);
    assert.equal(summary.counts['passed'], summary.counts['total']);
    assert.ok((summary.counts['total'] ?? 0) >= 20);
  });
});

describe('the suites, live against the reference server', { concurrency: PARALLEL }, () => {
  after(() => {
    const width = Math.max(...[...matrix.keys(), ...variantMatrix.keys()].map((k) => k.length));
    const lines = [...matrix.entries()].map(([p, failed]) => `  ${p.padEnd(width)}  ${failed.length ? failed.join(', ') : 'NOT DETECTED'}`);
    console.log(`\nprofile -> failed scenarios\n${lines.join('\n')}\n`);
    const vlines = [...variantMatrix.entries()].map(([v, result]) => `  ${v.padEnd(width)}  ${result}`);
    console.log(`faithful variant -> result\n${vlines.join('\n')}\n`);
    for (const dir of outputs) rmSync(dir, { recursive: true, force: true });
  });

  const everyWay = {
    name: listVariants()
      .map((v) => v.name)
      .join(','),
    description: 'one server configured every way the variants describe',
  };
  for (const variant of [...listVariants(), everyWay]) {
    it(`all pass on the faithful variant ${variant.name}: ${variant.description}`, async () => {
      const run = await runSuites(undefined, variant.name);
      const notes = run.summary.scenarios.reduce((n, s) => n + ((s as { notes?: unknown[] }).notes?.length ?? 0), 0);
      variantMatrix.set(
        variant === everyWay ? 'all at once' : variant.name,
        failedIds(run.summary).length ? `FAILED: ${failedIds(run.summary).join(', ')}` : `all ${run.summary.counts['total']} passed (${notes} notes)`,
      );
      assert.equal(run.summary.counts['failed'], 0, `false alarms on the faithful variant ${variant.name}:\n${describeFailures(run.summary)}`);
      assert.equal(run.summary.counts['broken'], 0, `broken on ${variant.name}:\n${describeFailures(run.summary)}\n${run.output}`);
      assert.equal(run.summary.counts['passed'], run.summary.counts['total']);
      assert.equal(run.code, 0, run.output);
    });
  }

  it('all pass on the conformant server', async () => {
    const run = await runSuites();
    matrix.set('conformant', failedIds(run.summary).length ? failedIds(run.summary) : ['(none: all passed)']);
    assert.equal(run.summary.counts['failed'], 0, `failures on the conformant server:\n${describeFailures(run.summary)}`);
    assert.equal(run.summary.counts['broken'], 0, `broken on the conformant server:\n${describeFailures(run.summary)}\n${run.output}`);
    assert.equal(run.summary.counts['passed'], run.summary.counts['total']);
    assert.ok((run.summary.counts['total'] ?? 0) >= 20);
    assert.equal(run.code, 0, run.output);
  });

  it('know where every deviation profile must be caught', () => {
    const names = listProfiles().map((p) => p.name);
    const missing = names.filter((n) => !EXPECTED[n]);
    assert.deepEqual(missing, [], `profiles with no expectation here (add where the suites catch them): ${missing.join(', ')}`);
    const stale = Object.keys(EXPECTED).filter((n) => !names.includes(n));
    assert.deepEqual(stale, [], `expectations for profiles that no longer exist: ${stale.join(', ')}`);
  });

  for (const profile of listProfiles()) {
    it(`catch ${profile.name}: ${profile.description}`, async () => {
      const run = await runSuites(profile.name);
      const failed = failedIds(run.summary);
      matrix.set(profile.name, failed);
      assert.ok(failed.length > 0, `profile ${profile.name} went undetected: every scenario passed`);
      assert.equal(run.summary.counts['broken'], 0, `broken scenarios under ${profile.name} (a broken run judges nothing):\n${describeFailures(run.summary)}`);
      assert.equal(run.code, 1, run.output);
      for (const want of EXPECTED[profile.name] ?? []) {
        const scenario = run.summary.scenarios.find((s) => s.id === want.scenario);
        assert.ok(scenario, `no scenario ${want.scenario} in the run`);
        assert.equal(scenario.verdict, 'failed', `${profile.name}: ${want.scenario} did not fail\n${describeFailures(run.summary)}`);
        const hit = scenario.failedChecks.some((c) => c.step === want.step && want.message.test(c.message));
        assert.ok(
          hit,
          `${profile.name}: ${want.scenario} did not fail in step "${want.step}" with a message matching ${want.message}\n${describeFailures(run.summary)}`,
        );
      }
    });
  }
});
