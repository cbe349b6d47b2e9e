// Interrupted runs: a record run stopped by Ctrl-C (SIGINT) or killed outright (SIGKILL of every process of the
// run) at random moments never leaves a half-written or corrupt cassette: each is the old one or a new, valid one.
// SIGKILL of the vouch process alone takes Playwright's runner and workers with it, before they write anything.
// The first Ctrl-C lets running steps and their teardown finish and starts nothing new; a second exits at once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, vouchBin } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from './fault-server.js';
import { readSummary, scenarioOf } from './helpers.js';

const ITERATIONS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SCENARIOS = ['rec-1', 'rec-2', 'rec-3', 'rec-4', 'rec-5', 'rec-6'];
const LONG = 600_000;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** `vouch` in its own process group, as a terminal runs it: Ctrl-C there signals the whole group. */
function startVouch(dir: string, args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, [vouchBin, ...args], {
    cwd: dir,
    env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal, at: Date.now() })),
  );
  return { child, output: () => out, exited };
}

/** Every process of the run: vouch and its descendants, with their process groups (ps, so only ours are touched). */
function runProcesses(root: number): { pids: number[]; groups: number[] } {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,pgid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
  const pids = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows)
      if (pids.has(ppid) && !pids.has(pid)) {
        pids.add(pid);
        grew = true;
      }
  }
  const groups = new Set(rows.filter(([pid]) => pids.has(pid)).map(([, , pgid]) => pgid));
  return { pids: [...pids], groups: [...groups] };
}

/** Running, not a zombie waiting for its reaper (a killed process is gone for our purposes). */
function alive(pid: number): boolean {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .startsWith('Z');
  } catch {
    return false;
  }
}

/** The processes still running after up to 5 s. */
async function survivors(pids: number[]): Promise<number[]> {
  for (let t = 0; t < 50 && pids.some(alive); t++) await sleep(100);
  return pids.filter(alive);
}

/** SIGKILL to every process of the run at once, by group, so a worker forked meanwhile goes too. */
function killAll(root: number): number[] {
  const { pids, groups } = runProcesses(root);
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  for (const p of pids) if (alive(p)) process.kill(p, 'SIGKILL');
  return pids;
}

function cassetteFiles(dir: string): string[] {
  const root = join(dir, 'cassettes', 'faults');
  return existsSync(root) ? readdirSync(root).map((n) => join(root, n)) : [];
}

function snapshot(dir: string): Map<string, string> {
  return new Map(
    cassetteFiles(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f, readFileSync(f, 'utf8')]),
  );
}

/** Each cassette is byte for byte the old one, or a complete new one of this iteration. Returns how many are new. */
function checkCassettes(before: Map<string, string>, iteration: string, what: string): { fresh: number } {
  let fresh = 0;
  for (const [file, old] of before) {
    assert.ok(existsSync(file), `${what}: ${file} disappeared`);
    const now = readFileSync(file, 'utf8');
    if (now === old) continue;
    let c: { format?: number; scenario?: { id?: string }; exchanges?: { request: { query: Record<string, string> } }[] };
    try {
      c = JSON.parse(now) as typeof c;
    } catch (e) {
      assert.fail(`${what}: ${file} is neither the old cassette nor valid JSON (${(e as Error).message}); it starts: ${now.slice(0, 80)}`);
    }
    assert.equal(c.format, 1, `${what}: ${file} format`);
    assert.equal(`${c.scenario?.id}.json`, file.split('/').pop(), `${what}: ${file} holds its own scenario`);
    assert.equal(c.exchanges?.length, 4, `${what}: ${file} holds the whole scenario (setup, 2 steps, teardown)`);
    assert.ok(
      c.exchanges!.every((e) => e.request.query['iter'] === iteration),
      `${what}: ${file} is all from this run`,
    );
    fresh++;
  }
  return { fresh };
}

/** Each cassette's modification time (and any temporary file's), to see that nothing writes them any more. */
function mtimes(dir: string): Record<string, number> {
  return Object.fromEntries(cassetteFiles(dir).map((f) => [f, statSync(f).mtimeMs]));
}

function tempFiles(dir: string): string[] {
  return cassetteFiles(dir).filter((f) => !f.endsWith('.json'));
}

describe('interrupted runs', { concurrency: false }, () => {
  let server: FaultServer;
  let dir: string;
  /** From the baseline run: when its first request arrived (after the start), and how long requests went on. */
  let baseline = { first: 0, active: 0 };
  const token = { VOUCH_FAULTS_DEFAULT_TOKEN: 'interrupt-token-1' };
  const record = (iteration: string) =>
    startVouch(dir, ['run', 'interrupt/record', '--mode', 'record', '--target', `faults=${server.url}`, '--workers', '2', '--output', `reports-${iteration}`], {
      ...token,
      VOUCH_ITERATION: iteration,
    });
  const counts = { sigint: 0, sigintMidRun: 0, sigkill: 0, sigkillMidRun: 0, keptOld: 0, wroteNew: 0 };

  before(async () => {
    server = await startFaultServer();
    dir = fixtureCopy('reliability');
    // A complete recording first: the old cassettes the interrupted runs must leave whole.
    const started = Date.now();
    const base = record('base');
    const done = await base.exited;
    assert.equal(done.code, 0, base.output());
    const times = server.times.filter((_, i) => server.log[i]!.includes('iter=base'));
    baseline = { first: times[0]! - started, active: times.at(-1)! - times[0]! };
    assert.equal(snapshot(dir).size, SCENARIOS.length);
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Waits for a random moment of a run: the first iteration while vouch and Playwright start, the others spread
   * (stratified, random within each stratum) over the span where requests are in flight, measured from this run's
   * own first request, since start-up time varies far more than the requests do.
   */
  async function randomMoment(i: number, iteration: string, run: Started): Promise<string> {
    if (i === 0) {
      const delay = Math.round(Math.random() * baseline.first);
      await Promise.race([sleep(delay), run.exited]);
      return `${delay} ms after the start`;
    }
    while (!server.log.some((l) => l.includes(`iter=${iteration}`)) && run.child.exitCode === null) await sleep(5);
    const delay = Math.round(((i - 1 + Math.random()) / (ITERATIONS - 1)) * baseline.active * 1.1);
    await Promise.race([sleep(delay), run.exited]);
    return `${delay} ms after the first request`;
  }

  it(`SIGINT at ${ITERATIONS} random moments of a record run: every cassette is the old one or a new one, and every started scenario ran its teardown`, {
    timeout: LONG,
  }, async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const iteration = `int${i}`;
      const before = snapshot(dir);
      const run = record(iteration);
      const when = await randomMoment(i, iteration, run);
      const midRun = server.log.some((l) => l.includes(`iter=${iteration}`));
      if (alive(run.child.pid!)) process.kill(-run.child.pid!, 'SIGINT');
      const end = await Promise.race([run.exited, sleep(120_000).then(() => undefined)]);
      assert.ok(end, `run ${iteration} did not end within 2 minutes of one Ctrl-C:\n${run.output()}`);
      counts.sigint++;
      if (midRun) counts.sigintMidRun++;
      const { fresh } = checkCassettes(before, iteration, `SIGINT ${when}`);
      counts.wroteNew += fresh;
      counts.keptOld += SCENARIOS.length - fresh;
      // The first Ctrl-C starts no new step but finishes what runs: whatever set up, tore down.
      for (const s of SCENARIOS) {
        const sent = server
          .marked(s)
          .filter((l) => l.includes(`iter=${iteration}`))
          .map((l) => /at=(\w+)/.exec(l)![1]);
        if (sent.includes('setup')) assert.equal(sent.at(-1), 'teardown', `${iteration} ${s}: ${sent.join(', ')}\n${run.output()}`);
      }
      assert.deepEqual(tempFiles(dir), [], `${iteration}: a graceful stop leaves no temporary file`);
      if (end.code === 130) assert.match(run.output(), /vouch: interrupted: no new step starts/);
    }
    assert.ok(counts.sigintMidRun >= ITERATIONS / 2, `most interruptions landed while requests were in flight (${counts.sigintMidRun})`);
  });

  it(`SIGKILL of every process of a record run at ${ITERATIONS} random moments: every cassette is the old one or a new one`, { timeout: LONG }, async () => {
    let leftovers = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const iteration = `kill${i}`;
      const before = snapshot(dir);
      const run = record(iteration);
      const when = await randomMoment(i, iteration, run);
      const midRun = server.log.some((l) => l.includes(`iter=${iteration}`));
      const pids = killAll(run.child.pid!);
      await run.exited;
      assert.deepEqual(await survivors(pids), [], 'every process of the run is gone');
      counts.sigkill++;
      if (midRun) counts.sigkillMidRun++;
      const { fresh } = checkCassettes(before, iteration, `SIGKILL ${when}`);
      counts.wroteNew += fresh;
      counts.keptOld += SCENARIOS.length - fresh;
      // A kill between writing the temporary file and renaming it leaves the temporary file (hidden, never read).
      leftovers += tempFiles(dir).length;
    }
    assert.ok(counts.sigkillMidRun >= ITERATIONS / 2, `most kills landed while requests were in flight (${counts.sigkillMidRun})`);
    process.stdout.write(`# interrupted runs: ${JSON.stringify({ ...counts, tempFilesLeftBySigkill: leftovers })}\n`);
    assert.ok(counts.keptOld > 0 && counts.wroteNew > 0, 'the interruptions cut some recordings short and let others finish');
  });

  it('SIGKILL of the vouch process alone: the Playwright runner and workers stop at once, and nothing is written or sent after', {
    timeout: LONG,
  }, async () => {
    const iteration = 'vouchonly';
    const before = snapshot(dir);
    const run = record(iteration);
    while (!server.log.some((l) => l.includes(`iter=${iteration}`)) && run.child.exitCode === null) await sleep(5);
    const { pids } = runProcesses(run.child.pid!);
    const playwright = pids.filter((p) => p !== run.child.pid);
    assert.ok(playwright.length >= 2, `the runner and at least one worker were running (${pids.join(', ')})`);
    process.kill(run.child.pid!, 'SIGKILL');
    await run.exited;
    const killedAt = Date.now();
    // Within a second of the kill, every Playwright process is gone (the guard polls every 200 ms).
    while (playwright.some(alive) && Date.now() - killedAt < 1000) await sleep(20);
    assert.deepEqual(playwright.filter(alive), [], 'no Playwright runner or worker is left running a second after vouch was killed');
    const cassettesThen = mtimes(dir);
    const requestsThen = server.log.length;
    await sleep(5000);
    assert.deepEqual(mtimes(dir), cassettesThen, 'no cassette was written in the 5 s after');
    assert.equal(server.log.length, requestsThen, 'no request was sent in the 5 s after');
    checkCassettes(before, iteration, 'SIGKILL of vouch alone');
  });

  it('the first Ctrl-C lets the running step and the teardown finish and starts no new step; exit 130', { timeout: LONG }, async () => {
    const run = startVouch(dir, ['run', 'interrupt/teardown.yaml', '--target', `faults=${server.url}`, '--output', 'reports-ctrl-c'], token);
    while (server.marked('int-teardown').length === 0) await sleep(10);
    process.kill(-run.child.pid!, 'SIGINT');
    const end = await run.exited;
    assert.equal(end.code, 130, run.output());
    assert.deepEqual(
      server.marked('int-teardown').map((l) => /at=(\w+)/.exec(l)![1]),
      ['step', 'teardown'],
      'the slow step finished, the next never started, the teardown ran',
    );
    assert.match(run.output(), /vouch: interrupted: no new step starts; running steps and their teardown finish \(Ctrl-C again to stop at once\)/);
    const s = scenarioOf(readSummary(dir, 'reports-ctrl-c'), 'int-teardown');
    assert.equal(s.verdict, 'broken', 'an interrupted scenario was not judged');
    assert.match(s.firstFailure ?? '', /interrupted \(Ctrl-C\) before step "next step"; the teardown ran/);
  });

  it('SIGINT sent to vouch and to its group at once (as `timeout -s INT` does) is one interrupt: the teardown runs', { timeout: LONG }, async () => {
    const marks = () => server.marked('int-teardown').length;
    const already = marks();
    const run = startVouch(dir, ['run', 'interrupt/teardown.yaml', '--target', `faults=${server.url}`, '--output', 'reports-timeout-int'], token);
    while (marks() === already) await sleep(10);
    process.kill(run.child.pid!, 'SIGINT');
    process.kill(-run.child.pid!, 'SIGINT');
    const end = await run.exited;
    assert.equal(end.code, 130, run.output());
    assert.doesNotMatch(run.output(), /stopped at once/);
    assert.deepEqual(
      server
        .marked('int-teardown')
        .slice(already)
        .map((l) => /at=(\w+)/.exec(l)![1]),
      ['step', 'teardown'],
      'the slow step finished and the teardown ran',
    );
  });

  it('a second Ctrl-C exits at once, leaving no process behind', { timeout: LONG }, async () => {
    const marks = () => server.marked('int-teardown').length;
    const already = marks();
    const run = startVouch(dir, ['run', 'interrupt/teardown.yaml', '--target', `faults=${server.url}`, '--output', 'reports-ctrl-c-twice'], token);
    while (marks() === already) await sleep(10);
    const { pids } = runProcesses(run.child.pid!);
    process.kill(-run.child.pid!, 'SIGINT');
    await sleep(300);
    const second = Date.now();
    process.kill(-run.child.pid!, 'SIGINT');
    const end = await run.exited;
    // At once: well before the 3 s step could have answered.
    assert.ok(end.at - second < 2000, `exited ${end.at - second} ms after the second Ctrl-C`);
    assert.equal(end.code, 130, run.output());
    assert.match(run.output(), /vouch: stopped at once: teardown did not run/);
    assert.deepEqual(await survivors(pids), [], 'no Playwright runner or worker is left running');
  });
});
