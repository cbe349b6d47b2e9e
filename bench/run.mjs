// `npm run bench`: Vouch's cost per scenario, measured in one run on one machine. Synthetic suites of 10, 100 and
// 1,000 scenarios (bench/generate.mjs) are recorded once against `vouch serve`, then run R times each: replay and
// live with 1 and 2 workers, the same requests in a plain fetch loop (the baseline) and as a Newman collection (the
// peer), and the Allure report generation at the largest size. The same for the pod workload (bench/pods.mjs, cases
// `pod-*`), with Step CI as a further peer, and `replay-one`, a replay of a one-scenario file. Prints the medians,
// ratios and targets and writes bench/results.md. Options: --runs R (default 5), --sizes 10,100,1000 (5000 too:
// --sizes 1000,5000), --memory-sizes 5000 (sizes at which only --memory-cases run, default pod-replay-2w,pod-live-2w,
// pw-floor: the memory target's second size without every case at it; `--memory-sizes none` for none), --out FILE,
// --keep (keep bench/.work),
// --cases replay-2w,live-2w,... (a subset), --vouch DIR (another built checkout's bin/vouch.js, e.g. an older commit
// instead of this one), --compare DIR (also run --compare-cases, default replay-2w,live-2w, with DIR's Vouch, as
// NAME@before, interleaved with the others so that both see the same machine).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem, release, platform } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSuite, newmanCollection, repoRoot } from './generate.mjs';
import { generatePodSuite, podNewmanCollection, stepciWorkflow } from './pods.mjs';
import { measure } from './measure.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('runs', '5'));
const SIZES = opt('sizes', '10,100,1000').split(',').map(Number);
const MEM_SIZES =
  opt('memory-sizes', '5000') === 'none'
    ? []
    : opt('memory-sizes', '5000')
        .split(',')
        .map(Number)
        .filter((n) => !SIZES.includes(n));
const OUT = opt('out', join(repoRoot, 'bench', 'results.md'));
const WORK = join(repoRoot, 'bench', '.work');
const SERVE = join(repoRoot, 'bin', 'vouch.js');
const VOUCH = join(opt('vouch', repoRoot), 'bin', 'vouch.js');
const BEFORE = opt('compare', undefined);
const BEFORE_CASES = opt('compare-cases', 'replay-2w,live-2w').split(',');
// The SelfCommunity workload (bench/generate.mjs), then the pod workload (bench/pods.mjs), then the one-file replay.
const SC_CASES = ['replay-1w', 'replay-2w', 'replay-2w-cold', 'live-1w', 'live-2w', 'pw-floor', 'fetch', 'http-loop', 'newman'];
const POD_CASES = ['pod-replay-1w', 'pod-replay-2w', 'pod-live-1w', 'pod-live-2w', 'pod-fetch', 'pod-http-loop', 'pod-newman', 'pod-stepci', 'pod-stepci-seq'];
const VOUCH_CASES = ['replay-1w', 'replay-2w', 'replay-2w-cold', 'live-1w', 'live-2w', 'pod-replay-1w', 'pod-replay-2w', 'pod-live-1w', 'pod-live-2w'];
const ALL_CASES = [...SC_CASES, 'allure', ...POD_CASES, 'replay-one'];
const CASES = opt('cases', ALL_CASES.join(',')).split(',');
const MEM_CASES = opt('memory-cases', 'pod-replay-2w,pod-live-2w,pw-floor')
  .split(',')
  .filter((c) => CASES.includes(c));
const unknown = CASES.filter((c) => !ALL_CASES.includes(c));
if (unknown.length) {
  process.stderr.write(`unknown case(s): ${unknown.join(', ')}; known: ${ALL_CASES.join(', ')}\n`);
  process.exit(2);
}
const NEWMAN = join(repoRoot, 'node_modules', 'newman', 'bin', 'newman.js');
const STEPCI = join(repoRoot, 'node_modules', 'stepci', 'dist', 'index.js');
// Step CI sends usage data unless this is set, and fails without a network.
const stepciEnv = { STEPCI_DISABLE_ANALYTICS: '1', FORCE_COLOR: '0' };
const TOKEN = `bench-owner-${process.pid}`;
const OTHER = `bench-other-${process.pid}`;
const K8S_TOKEN = `bench-k8s-${process.pid}`;
// The parse cache (src/scenario/parse-cache.ts) lives in the work folder; `-cold` cases run without it.
const CACHE = join(WORK, 'parse-cache');
const tokenEnv = { VOUCH_SELFCOMMUNITY_OWNER_TOKEN: TOKEN, VOUCH_CACHE_DIR: CACHE };
const k8sEnv = { VOUCH_KUBERNETES_DEFAULT_TOKEN: K8S_TOKEN, VOUCH_CACHE_DIR: CACHE };
const cacheEnv = { VOUCH_CACHE_DIR: CACHE };
// A new run id for every invocation of a tool other than Vouch (Vouch makes its own): the pods it creates are new.
let runCount = 0;
const runId = (tool) => `${tool}${(++runCount).toString(36)}${randomBytes(2).toString('hex')}`;
const log = (line) => process.stderr.write(`${line}\n`);

function machine() {
  const pw = JSON.parse(readFileSync(join(repoRoot, 'node_modules', '@playwright', 'test', 'package.json'), 'utf8')).version;
  const newman = existsSync(NEWMAN) ? JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'newman', 'package.json'), 'utf8')).version : 'not installed';
  const version = (pkg) =>
    existsSync(join(repoRoot, 'node_modules', pkg, 'package.json'))
      ? JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')).version
      : 'not installed';
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: (totalmem() / 2 ** 30).toFixed(1),
    os: `${platform()} ${release()}`,
    node: process.version,
    playwright: pw,
    newman,
    stepci: version('stepci'),
    stepciRunner: version('@stepci/runner'),
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

/** Starts `vouch serve --port 0` with known tokens; resolves with its URL and a stop function. */
function startServer() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [SERVE, 'serve', '--port', '0', '--k8s-token', K8S_TOKEN, '--user', `owner:${TOKEN}`, '--user', `other:${OTHER}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolvePromise({ url: m[1].replace('//0.0.0.0:', '//127.0.0.1:'), pid: child.pid, stop: () => child.kill('SIGTERM') });
    });
    child.stderr.on('data', (c) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`vouch serve exited (${code}): ${out}`)));
  });
}

async function must(label, cmd, argv, opts) {
  const r = await measure(cmd, argv, opts);
  if (r.code !== 0) throw new Error(`${label} exited ${r.code}:\n${r.output.slice(-3000)}`);
  return r;
}

/**
 * Exit 0 is not enough for a baseline: checks that the run judged all N scenarios and all passed, from each tool's
 * own summary line. Throws otherwise. (Vouch: exit 0 already means every scenario passed; its summary line, when
 * found, must also count N.)
 */
function verify(label, name, n, output) {
  const out = output.replace(/\x1b\[[0-9;]*m/g, '');
  const fail = (why) => {
    throw new Error(`${label}: ${why}:\n${out.slice(-3000)}`);
  };
  if (name.includes('stepci')) {
    const tests = /Tests: (\d+) failed, (\d+) passed, (\d+) total/.exec(out);
    const steps = /Steps: (\d+) failed, (\d+) skipped, (\d+) passed, (\d+) total/.exec(out);
    if (!tests || Number(tests[1]) !== 0 || Number(tests[2]) !== n) fail(`Step CI did not pass ${n} tests`);
    if (!steps || Number(steps[1]) !== 0 || Number(steps[2]) !== 0 || Number(steps[3]) !== 3 * n) fail(`Step CI did not pass ${3 * n} steps`);
  } else if (name.includes('fetch') || name.includes('http-loop')) {
    if (!new RegExp(`: ${n} scenarios, 0 failed`).test(out)) fail(`the loop did not pass ${n} scenarios`);
  } else if (name.includes('newman')) {
    const assertions = /│\s+assertions │\s+(\d+) │\s+(\d+) │/.exec(out);
    if (!assertions || Number(assertions[2]) !== 0) fail('Newman assertions failed');
  } else if (name.includes('replay') || name.includes('live')) {
    const summary = /^(\d+) passed, (\d+) failed, (\d+) broken/m.exec(out);
    if (summary && (Number(summary[1]) !== n || Number(summary[2]) || Number(summary[3]))) fail(`Vouch did not pass ${n} scenarios`);
  }
}

/** The report command when this Vouch has one; else allure-commandline's generate. */
async function allureCommand(dir) {
  const help = await measure(process.execPath, [VOUCH, 'report', '--help'], { cwd: dir });
  if (help.code === 0 && /allure/i.test(help.output)) return { label: 'vouch report', cmd: process.execPath, args: [VOUCH, 'report'] };
  const allure = join(repoRoot, 'node_modules', 'allure-commandline', 'dist', 'bin', 'allure');
  return { label: 'allure generate', cmd: allure, args: ['generate', '--clean', '-o', 'reports/allure-report', 'reports/allure-results'] };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  const info = machine();
  const memSizes = MEM_CASES.length ? MEM_SIZES : [];
  log(
    `vouch bench: ${RUNS} runs of sizes ${SIZES.join(', ')}${memSizes.length ? ` (and ${memSizes.join(', ')}: ${MEM_CASES.join(', ')})` : ''} on ${info.cpu} (${info.cores} cores), load ${info.load}`,
  );
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const server = await startServer();
  log(`server: ${server.url}`);
  const samples = new Map(); // key -> [{ wallMs, cpuMs, peakKb }]
  const add = (key, { wallMs, cpuMs, peakKb }) => samples.set(key, [...(samples.get(key) ?? []), { wallMs, cpuMs, peakKb }]);
  const wantSc = CASES.some((c) => SC_CASES.includes(c) || c === 'allure') || (BEFORE && BEFORE_CASES.some((c) => SC_CASES.includes(c)));
  const wantPods = CASES.some((c) => POD_CASES.includes(c)) || (BEFORE && BEFORE_CASES.some((c) => POD_CASES.includes(c)));
  const k8sTarget = ['--target', `kubernetes=${server.url}`];
  let allure;
  try {
    const dirs = new Map();
    const podDirs = new Map();
    for (const n of [...SIZES, ...memSizes]) {
      const memOnly = !SIZES.includes(n);
      if (wantSc && !memOnly) {
        const dir = generateSuite(join(WORK, `s${n}`), n);
        dirs.set(n, dir);
        writeFileSync(join(dir, 'collection.json'), JSON.stringify(newmanCollection(n, server.url, TOKEN)));
        log(`recording ${n} scenarios`);
        await must(
          `record ${n}`,
          process.execPath,
          [SERVE, 'run', 'suites', '--mode', 'record', '--target', `selfcommunity=${server.url}`, '--workers', '2', '-q'],
          { cwd: dir, env: tokenEnv },
        );
      }
      if (wantPods || (memOnly && MEM_CASES.some((c) => c.startsWith('pod-')))) {
        const dir = generatePodSuite(join(WORK, `p${n}`), n);
        podDirs.set(n, dir);
        writeFileSync(join(dir, 'workflow.yml'), stepciWorkflow(n));
        writeFileSync(join(dir, 'collection.json'), JSON.stringify(podNewmanCollection(n, server.url, K8S_TOKEN)));
        log(`recording ${n} pod scenarios`);
        await must(`record pods ${n}`, process.execPath, [SERVE, 'run', 'suites', '--mode', 'record', ...k8sTarget, '--workers', '2', '-q'], {
          cwd: dir,
          env: k8sEnv,
        });
      }
    }
    let oneDir;
    if (CASES.includes('replay-one')) {
      oneDir = generatePodSuite(join(WORK, 'p-one'), 1);
      log('recording the one-scenario file');
      await must('record one', process.execPath, [SERVE, 'run', 'suites', '--mode', 'record', ...k8sTarget, '-q'], { cwd: oneDir, env: k8sEnv });
    }
    const largest = Math.max(...SIZES);
    if (wantSc) allure = await allureCommand(dirs.get(largest));
    const cases = (n) => {
      const dir = dirs.get(n);
      const podDir = podDirs.get(n);
      const live = ['--target', `selfcommunity=${server.url}`];
      const vouch = (bin) => [
        ...(dir
          ? [
              ['replay-1w', process.execPath, [bin, 'run', 'suites', '--workers', '1'], cacheEnv, dir],
              ['replay-2w', process.execPath, [bin, 'run', 'suites', '--workers', '2'], cacheEnv, dir],
              ['replay-2w-cold', process.execPath, [bin, 'run', 'suites', '--workers', '2'], { VOUCH_CACHE_DIR: 'off' }, dir],
              ['live-1w', process.execPath, [bin, 'run', 'suites', ...live, '--workers', '1'], tokenEnv, dir],
              ['live-2w', process.execPath, [bin, 'run', 'suites', ...live, '--workers', '2'], tokenEnv, dir],
            ]
          : []),
        ...(podDir
          ? [
              ['pod-replay-1w', process.execPath, [bin, 'run', 'suites', '--workers', '1'], cacheEnv, podDir],
              ['pod-replay-2w', process.execPath, [bin, 'run', 'suites', '--workers', '2'], cacheEnv, podDir],
              ['pod-live-1w', process.execPath, [bin, 'run', 'suites', ...k8sTarget, '--workers', '1'], k8sEnv, podDir],
              ['pod-live-2w', process.execPath, [bin, 'run', 'suites', ...k8sTarget, '--workers', '2'], k8sEnv, podDir],
            ]
          : []),
      ];
      // The other build keeps a parse cache of its own: sharing one, each build's entries (keyed by its own parser)
      // replaced the other's, and both parsed every file on every run.
      const ownCache = (env) => (env.VOUCH_CACHE_DIR === CACHE ? { ...env, VOUCH_CACHE_DIR: `${CACHE}-before` } : env);
      const before =
        BEFORE && SIZES.includes(n)
          ? vouch(join(BEFORE, 'bin', 'vouch.js'))
              .filter(([name, , , , d]) => BEFORE_CASES.includes(name) && d)
              .map(([name, cmd, argv, env, d]) => [`${name}@before`, cmd, argv, ownCache(env), d])
          : [];
      const fetchLoop = (client, pods) => [
        join(repoRoot, 'bench', 'fetch-loop.mjs'),
        server.url,
        String(n),
        pods ? K8S_TOKEN : TOKEN,
        client,
        ...(pods ? ['--pods', runId('f')] : []),
      ];
      const stepci = (more) => [STEPCI, 'run', 'workflow.yml', '-e', `base=${server.url}`, '-e', `token=${K8S_TOKEN}`, '-e', `run=${runId('s')}`, ...more];
      const others = [
        [
          'pw-floor',
          process.execPath,
          [join(repoRoot, 'bench', 'playwright-floor.mjs'), join(WORK, `floor-${n}`), String(n), '--workers', '2'],
          {},
          dir ?? WORK,
        ],
        ['fetch', process.execPath, fetchLoop('fetch', false), {}, dir],
        ['http-loop', process.execPath, fetchLoop('http', false), {}, dir],
        [
          'newman',
          process.execPath,
          [NEWMAN, 'run', 'collection.json', '-r', 'cli,junit', '--reporter-junit-export', 'newman-junit.xml', '--color', 'off'],
          {},
          dir,
        ],
        ['pod-fetch', process.execPath, fetchLoop('fetch', true), {}, podDir],
        ['pod-http-loop', process.execPath, fetchLoop('http', true), {}, podDir],
        [
          'pod-newman',
          process.execPath,
          [
            NEWMAN,
            'run',
            'collection.json',
            '--env-var',
            `run=${runId('n')}`,
            '-r',
            'cli,junit',
            '--reporter-junit-export',
            'newman-junit.xml',
            '--color',
            'off',
          ],
          {},
          podDir,
        ],
        // Step CI's default: every test of the workflow at once (concurrency = the number of tests).
        ['pod-stepci', process.execPath, stepci([]), stepciEnv, podDir],
        ['pod-stepci-seq', process.execPath, stepci(['--concurrency', '1']), stepciEnv, podDir],
      ];
      const wanted = SIZES.includes(n) ? CASES : MEM_CASES;
      return [...vouch(VOUCH), ...others]
        .filter(([name, , , , d]) => wanted.includes(name) && d)
        .concat(before)
        .map(([name, cmd, argv, env, d]) => ({ name, cmd, argv, env, dir: d }));
    };
    for (let run = 1; run <= RUNS; run++) {
      for (const n of [...SIZES, ...memSizes]) {
        const list = cases(n);
        // Rotate the order each run, so that a slow stretch of the machine does not always hit the same case.
        const rotated = list.map((_, i) => list[(i + run) % list.length]);
        for (const c of rotated) {
          const r = await must(`${c.name} ${n}`, c.cmd, c.argv, { cwd: c.dir, env: c.env });
          verify(`${c.name} ${n}`, c.name, n, r.output);
          add(`${c.name}:${n}`, r);
          log(
            `run ${run}/${RUNS} ${String(n).padStart(5)} ${c.name.padEnd(14)} ${(r.wallMs / 1000).toFixed(2)} s wall, ${((r.cpuMs ?? 0) / 1000).toFixed(2)} s cpu`,
          );
        }
        if (n === largest && CASES.includes('allure')) {
          // After a replay run of the largest suite, so the results are the same every time.
          await must('replay for allure', process.execPath, [VOUCH, 'run', 'suites', '--workers', '2', '-q'], { cwd: dirs.get(n), env: cacheEnv });
          const r = await must(allure.label, allure.cmd, allure.args, { cwd: dirs.get(n) });
          add(`allure:${n}`, r);
          log(`run ${run}/${RUNS} ${String(n).padStart(5)} ${'allure'.padEnd(14)} ${(r.wallMs / 1000).toFixed(2)} s wall`);
        }
      }
      if (oneDir) {
        // One scenario file, replayed as a user would: `vouch run FILE`, Playwright's default workers.
        const r = await must('replay-one', process.execPath, [VOUCH, 'run', join('suites', 'bench-pods', 'part-000.yaml')], { cwd: oneDir, env: cacheEnv });
        verify('replay-one', 'replay-one', 1, r.output);
        add('replay-one:1', r);
        log(
          `run ${run}/${RUNS} ${String(1).padStart(5)} ${'replay-one'.padEnd(14)} ${(r.wallMs / 1000).toFixed(2)} s wall, ${((r.cpuMs ?? 0) / 1000).toFixed(2)} s cpu`,
        );
        // Its floor: Playwright Test alone running one empty test of the same shape, one worker.
        const f = await must(
          'pw-floor-one',
          process.execPath,
          [join(repoRoot, 'bench', 'playwright-floor.mjs'), join(WORK, 'floor-one'), '1', '--workers', '1'],
          {
            cwd: WORK,
          },
        );
        add('pw-floor-one:1', f);
        log(
          `run ${run}/${RUNS} ${String(1).padStart(5)} ${'pw-floor-one'.padEnd(14)} ${(f.wallMs / 1000).toFixed(2)} s wall, ${((f.cpuMs ?? 0) / 1000).toFixed(2)} s cpu`,
        );
      }
    }
  } finally {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
      if (m) info.serverPeakMb = (Number(m[1]) / 1024).toFixed(0);
    } catch {
      // the server is gone: the error that stopped the run says why
    }
    server.stop();
  }
  info.loadEnd = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const text = render(info, samples, allure?.label ?? 'allure', SIZES);
  process.stdout.write(`${text}\n`);
  writeFileSync(OUT, `${text}\n`);
  writeFileSync(
    OUT.replace(/\.md$/, '.json'),
    `${JSON.stringify({ machine: info, runs: RUNS, sizes: SIZES, samples: Object.fromEntries(samples) }, null, 2)}\n`,
  );
  if (!args.includes('--keep')) rmSync(WORK, { recursive: true, force: true });
}

function render(info, samples, allureLabel, mainSizes) {
  const med = (key, field = 'wallMs') => {
    const xs = (samples.get(key) ?? []).map((r) => r[field]).filter((x) => x !== undefined);
    return xs.length ? median(xs) : undefined;
  };
  const peak = (key, role) => {
    const xs = (samples.get(key) ?? []).map((r) => r.peakKb[role]).filter((x) => x !== undefined);
    return xs.length ? Math.max(...xs) / 1024 : undefined;
  };
  const s = (ms) => (ms === undefined ? '—' : (ms / 1000).toFixed(2));
  const mb = (x) => (x === undefined ? '—' : x.toFixed(0));
  const ratio = (a, b) => (a === undefined || b === undefined ? '—' : (a / b).toFixed(2));
  const mainRole = (name) =>
    /fetch|http-loop/.test(name) ? 'fetch-loop' : name.includes('newman') ? 'newman' : name.includes('stepci') ? 'stepci' : 'vouch-cli';
  const lines = [];
  lines.push('# Vouch benchmark results', '');
  lines.push(
    `Written by \`npm run bench\` (bench/run.mjs) on ${new Date().toISOString()}. Medians of ${[...samples.values()][0]?.length ?? 0} runs; every figure below was measured in this one run.`,
    '',
  );
  if (VOUCH !== SERVE) lines.push(`Vouch under test: ${VOUCH} (not this checkout).`, '');
  if (BEFORE)
    lines.push(
      `\`NAME@before\`: the same case with the Vouch built in ${BEFORE}${process.env.VOUCH_BENCH_BEFORE ? ` (${process.env.VOUCH_BENCH_BEFORE})` : ''}, run interleaved with the others.`,
      '',
    );
  lines.push('## Machine', '');
  lines.push(`- CPU: ${info.cpu}, ${info.cores} cores; memory ${info.memoryGb} GB; ${info.os}`);
  lines.push(`- Node ${info.node}, @playwright/test ${info.playwright}, newman ${info.newman}, stepci ${info.stepci} (@stepci/runner ${info.stepciRunner})`);
  lines.push(
    `- Load average (1, 5, 15 min) at start: ${info.load}; at end: ${info.loadEnd}. Other work on the machine slows wall times; CPU times (user + sys of the whole process tree) are steadier.`,
  );
  if (info.serverPeakMb) lines.push(`- \`vouch serve\` (the target of every live case; not measured with them) peaked at ${info.serverPeakMb} MB.`);
  lines.push('');
  lines.push('## Runs', '');
  lines.push('| case | scenarios | wall s | ms / scenario | CPU s | peak MB: main process | PW runner | PW worker (max) | Allure pass |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const names = [...SC_CASES, ...POD_CASES, 'replay-one', 'pw-floor-one', ...BEFORE_CASES.map((c) => `${c}@before`)];
  for (const name of names) {
    for (const n of [...new Set([...samples.keys()].filter((k) => k.startsWith(`${name}:`)).map((k) => Number(k.split(':')[1])))].sort((a, b) => a - b)) {
      const key = `${name}:${n}`;
      const w = med(key);
      if (!samples.has(key)) continue;
      lines.push(
        `| ${name} | ${n} | ${s(w)} | ${w === undefined ? '—' : (w / n).toFixed(1)} | ${s(med(key, 'cpuMs'))} | ${mb(peak(key, mainRole(name)))} | ${mb(peak(key, 'pw-runner'))} | ${mb(peak(key, 'pw-worker'))} | ${mb(peak(key, 'vouch-allure'))} |`,
      );
    }
  }
  lines.push('');
  lines.push(
    "SelfCommunity workload (bench/generate.mjs: create a status, update it, read it back; schema and example checks on the last two): `replay-Nw`: `vouch run suites --workers N` from cassettes, the parsed YAML from the parse cache (warmed by the recording run); `replay-2w-cold`: the same with the cache off (`VOUCH_CACHE_DIR=off`), as a first run after a change to every file; `live-Nw`: the same against `vouch serve`; `pw-floor`: bench/playwright-floor.mjs, Playwright Test alone running tests of the shape Vouch gives a scenario (3 empty steps, the same annotations, as many spec files, no attachment, 2 workers, the dot reporter), the floor under Vouch; `fetch`: bench/fetch-loop.mjs, the same 3 requests per scenario with Node's fetch, one at a time, status checked and JSON parsed; `http-loop`: the same loop with node:http and a keep-alive agent, the client Vouch uses for live runs; `newman`: the same requests and status checks as a Postman collection, `newman run -r cli,junit`.",
    '',
  );
  lines.push(
    "Pod workload (bench/pods.mjs: create a pod in namespace `default`, 201; replace its status with phase Running, 200; read it back, 200; each step checks the status, that the body is JSON, the pod's name, and on the last two status.phase Running; every scenario its own pod, every run new pods): `pod-replay-Nw`, `pod-live-Nw`: as above, Vouch on the pod scenarios; `pod-fetch`, `pod-http-loop`: the fetch and node:http loops (`fetch-loop.mjs --pods`), one scenario at a time; `pod-newman`: the same as a Postman collection; `pod-stepci`: the same as one Step CI workflow of N tests, `stepci run workflow.yml`, at Step CI's default concurrency (every test of the workflow at once); `pod-stepci-seq`: the same with `--concurrency 1`. `replay-one`: `vouch run` of a file holding one pod scenario, from its cassette, Playwright's default workers; `pw-floor-one`: its floor, bench/playwright-floor.mjs with one test and one worker (a node process that writes the spec and starts Playwright, as Vouch's CLI does). Every case is checked to have passed all N scenarios (Step CI: its `Tests:` and `Steps:` summary lines). Wall and CPU include process start-up. Peak memory is the largest VmHWM of each kind of process, over all runs; the main process is the Vouch CLI, the loop, Newman or Step CI; the Allure pass is the process Vouch's runner starts to write the Allure results from the results log.",
    '',
  );
  lines.push('## Ratios', '');
  lines.push('| ratio | scenarios | value |', '|---|---:|---:|');
  // Ratios, growth and the SelfCommunity targets are for the sizes every case ran at (not the memory-only ones).
  const sizes = [
    ...new Set([...samples.keys()].filter((k) => !k.startsWith('replay-one:') && !k.startsWith('pw-floor-one:')).map((k) => Number(k.split(':')[1]))),
  ]
    .filter((n) => mainSizes.includes(n))
    .sort((a, b) => a - b);
  const row = (label, n, a, b) => {
    if (a !== undefined && b !== undefined) lines.push(`| ${label} | ${n} | ${ratio(a, b)} |`);
  };
  for (const n of sizes) {
    for (const w of ['1w', '2w']) {
      row(`live-${w} / fetch loop (wall)`, n, med(`live-${w}:${n}`), med(`fetch:${n}`));
      row(`live-${w} / http loop (wall)`, n, med(`live-${w}:${n}`), med(`http-loop:${n}`));
      row(`live-${w} / newman (wall)`, n, med(`live-${w}:${n}`), med(`newman:${n}`));
    }
  }
  for (const n of sizes) row('replay-2w / Playwright floor (wall)', n, med(`replay-2w:${n}`), med(`pw-floor:${n}`));
  for (const n of sizes) {
    for (const w of ['2w', '1w']) {
      for (const [peer, label] of [
        ['pod-stepci', 'Step CI'],
        ['pod-stepci-seq', 'Step CI --concurrency 1'],
      ]) {
        row(`pod-live-${w} / ${label} (wall)`, n, med(`pod-live-${w}:${n}`), med(`${peer}:${n}`));
        row(`pod-live-${w} / ${label} (CPU)`, n, med(`pod-live-${w}:${n}`, 'cpuMs'), med(`${peer}:${n}`, 'cpuMs'));
      }
      row(`pod-live-${w} / pod fetch loop (wall)`, n, med(`pod-live-${w}:${n}`), med(`pod-fetch:${n}`));
      row(`pod-live-${w} / pod newman (wall)`, n, med(`pod-live-${w}:${n}`), med(`pod-newman:${n}`));
    }
    row('pod-replay-2w / pod fetch loop, live (wall)', n, med(`pod-replay-2w:${n}`), med(`pod-fetch:${n}`));
    row('pod-replay-2w / pod http loop, live (wall)', n, med(`pod-replay-2w:${n}`), med(`pod-http-loop:${n}`));
  }
  for (const c of BEFORE ? BEFORE_CASES : []) {
    for (const n of sizes) {
      lines.push(`| ${c}: this checkout / before, wall | ${n} | ${ratio(med(`${c}:${n}`), med(`${c}@before:${n}`))} |`);
      lines.push(`| ${c}: this checkout / before, CPU | ${n} | ${ratio(med(`${c}:${n}`, 'cpuMs'), med(`${c}@before:${n}`, 'cpuMs'))} |`);
    }
  }
  const big = Math.max(...sizes);
  const mid = sizes.includes(100) ? 100 : undefined;
  if (mid && big > mid) {
    for (const c of names) {
      const a = med(`${c}:${big}`);
      const b = med(`${c}:${mid}`);
      if (a === undefined || b === undefined) continue;
      lines.push(`| growth ${c}: ${big} / ${mid} (wall; linear is ${big / mid}) | — | ${ratio(a, b)} |`);
      lines.push(`| ${c}: marginal ms per scenario, ${mid} → ${big} (wall, start-up excluded) | — | ${((a - b) / (big - mid)).toFixed(1)} |`);
    }
  }
  lines.push('');
  const allure = med(`allure:${big}`);
  if (allure !== undefined)
    lines.push(
      `Allure HTML generation (\`${allureLabel}\`) of ${big} scenarios' results: ${s(allure)} s wall (median), ${s(med(`allure:${big}`, 'cpuMs'))} s CPU.`,
      '',
    );
  lines.push('## Targets', '');
  const check = (label, value, limit, unit = '') =>
    `| ${label} | ${value === undefined ? '—' : `${value.toFixed(2)}${unit}`} | ≤ ${limit}${unit} | ${value === undefined ? 'not measured' : value <= limit ? 'met' : 'not met'} |`;
  const div = (a, b) => (a === undefined || b === undefined ? undefined : a / b);
  lines.push('### SelfCommunity workload', '');
  if (!SC_CASES.some((c) => samples.has(`${c}:${big}`))) lines.push(`No SelfCommunity case ran at ${big} scenarios in this run.`, '');
  lines.push('| target | measured | limit | |', '|---|---:|---:|---|');
  const live2 = med(`live-2w:${big}`);
  const live1 = med(`live-1w:${big}`);
  const fetch = med(`fetch:${big}`);
  const newman = med(`newman:${big}`);
  lines.push(check(`live ${big}, 2 workers / fetch loop`, div(live2, fetch), 2, '×'));
  lines.push(check(`live ${big}, 1 worker / fetch loop`, div(live1, fetch), 2, '×'));
  lines.push(check(`live ${big}, 2 workers / newman`, div(live2, newman), 0.5, '×'));
  lines.push(check(`live ${big}, 1 worker / newman`, div(live1, newman), 0.5, '×'));
  const rep2 = med(`replay-2w:${big}`);
  lines.push(check(`replay ${big}, 2 workers, wall`, div(rep2, 1000), 5, ' s'));
  const cold = med(`replay-2w-cold:${big}`);
  lines.push(check(`replay ${big}, 2 workers, wall, no parse cache`, div(cold, 1000), 5, ' s'));
  if (mid && big > mid) {
    for (const c of ['replay-2w', 'live-2w']) {
      const a = med(`${c}:${big}`);
      const b = med(`${c}:${mid}`);
      lines.push(check(`growth ${mid} → ${big}, ${c}`, div(a, b), 11, '×'));
    }
  }
  for (const role of ['vouch-cli', 'pw-runner', 'pw-worker', 'vouch-allure']) {
    const m = Math.max(...['replay-1w', 'replay-2w', 'replay-2w-cold', 'live-1w', 'live-2w'].map((c) => peak(`${c}:${big}`, role) ?? 0));
    lines.push(check(`peak memory at ${big}, ${role}`, m || undefined, 300, ' MB'));
  }
  lines.push('');
  // Issue 20: against Step CI on the pod workload, a replay against the loop, one file, memory at 1,000 and 5,000.
  lines.push('### Pod workload and Step CI (issue 20)', '');
  const memSizes = [1000, 5000];
  const measuredMem = memSizes.filter((n) => VOUCH_CASES.some((c) => samples.has(`${c}:${n}`)));
  lines.push(
    `Sizes measured in this run: ${sizes.join(', ')}${samples.has('replay-one:1') ? ', and the one-scenario file' : ''}. The memory target is for ${memSizes.join(' and ')} scenarios; measured here at ${measuredMem.length ? measuredMem.join(' and ') : 'neither'}${measuredMem.length < memSizes.length ? ` (for ${memSizes.filter((n) => !measuredMem.includes(n)).join(' and ')}, add to --sizes or --memory-sizes)` : ''}. "Step CI" is \`pod-stepci\`, Step CI's default concurrency.`,
    '',
  );
  lines.push('| target | measured | limit | |', '|---|---:|---:|---|');
  const detail = (a, b) => (a === undefined || b === undefined ? '' : ` (${s(a)} s / ${s(b)} s)`);
  for (const n of [100, 1000]) {
    for (const [w, label] of [
      ['2w', '2 workers'],
      ['1w', '1 worker'],
    ]) {
      const vw = med(`pod-live-${w}:${n}`);
      const sw = med(`pod-stepci:${n}`);
      const vc = med(`pod-live-${w}:${n}`, 'cpuMs');
      const sc = med(`pod-stepci:${n}`, 'cpuMs');
      lines.push(check(`live ${n}, ${label} / Step CI, wall${detail(vw, sw)}`, div(vw, sw), 0.9, '×'));
      lines.push(check(`live ${n}, ${label} / Step CI, CPU${detail(vc, sc)}`, div(vc, sc), 1.0, '×'));
    }
  }
  const pr = med('pod-replay-2w:1000');
  const pf = med('pod-fetch:1000');
  lines.push(check(`replay 1000, 2 workers / fetch loop (live), wall${detail(pr, pf)}`, div(pr, pf), 1.25, '×'));
  const oneFloor = med('pw-floor-one:1');
  lines.push(
    check(
      `one-scenario replay (\`vouch run FILE\`), wall${oneFloor !== undefined ? ` (Playwright alone, one empty test: ${(oneFloor / 1000).toFixed(2)} s)` : ''}`,
      div(med('replay-one:1'), 1000),
      1.5,
      ' s',
    ),
  );
  for (const n of memSizes) {
    for (const role of ['vouch-cli', 'pw-runner', 'pw-worker', 'vouch-allure']) {
      const by = VOUCH_CASES.map((c) => [c, peak(`${c}:${n}`, role)]).filter(([, m]) => m !== undefined);
      const top = by.sort((a, b) => b[1] - a[1])[0];
      lines.push(check(`peak memory at ${n}, ${role}${top ? ` (largest: ${top[0]})` : ''}`, top?.[1], 250, ' MB'));
    }
  }
  const floors = memSizes
    .filter((n) => samples.has(`pw-floor:${n}`))
    .map((n) => `at ${n}, runner ${mb(peak(`pw-floor:${n}`, 'pw-runner'))} MB and worker ${mb(peak(`pw-floor:${n}`, 'pw-worker'))} MB`);
  if (floors.length) lines.push('', `Playwright Test alone on tests of the same shape (\`pw-floor\`) peaked ${floors.join('; ')}.`);
  if (lines.some((l) => l.endsWith('| not met |')))
    lines.push(
      '',
      'For every target not met: what was tried, what the profiles show, and what would reach it are in bench/README.md, "The issue 20 targets that are not met".',
    );
  return lines.join('\n');
}

await main();
