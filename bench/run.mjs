// `npm run bench`: Vouch's cost per scenario, measured in one run on one machine. Synthetic suites of 10, 100 and
// 1,000 scenarios (bench/generate.mjs) are recorded once against `vouch serve`, then run R times each: replay and
// live with 1 and 2 workers, the same requests in a plain fetch loop (the baseline) and as a Newman collection (the
// peer), and the Allure report generation at the largest size. Prints the medians and ratios and writes
// bench/results.md. Options: --runs R (default 5), --sizes 10,100,1000, --out FILE, --keep (keep bench/.work),
// --cases replay-2w,live-2w,... (a subset), --vouch DIR (another built checkout's bin/vouch.js, e.g. an older commit
// instead of this one), --compare DIR (also run --compare-cases, default replay-2w,live-2w, with DIR's Vouch, as
// NAME@before, interleaved with the others so that both see the same machine).
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem, release, platform } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSuite, newmanCollection, repoRoot } from './generate.mjs';
import { measure } from './measure.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('runs', '5'));
const SIZES = opt('sizes', '10,100,1000').split(',').map(Number);
const OUT = opt('out', join(repoRoot, 'bench', 'results.md'));
const WORK = join(repoRoot, 'bench', '.work');
const SERVE = join(repoRoot, 'bin', 'vouch.js');
const VOUCH = join(opt('vouch', repoRoot), 'bin', 'vouch.js');
const BEFORE = opt('compare', undefined);
const BEFORE_CASES = opt('compare-cases', 'replay-2w,live-2w').split(',');
const CASES = opt('cases', 'replay-1w,replay-2w,replay-2w-cold,live-1w,live-2w,pw-floor,fetch,http-loop,newman,allure').split(',');
const NEWMAN = join(repoRoot, 'node_modules', 'newman', 'bin', 'newman.js');
const TOKEN = `bench-owner-${process.pid}`;
const OTHER = `bench-other-${process.pid}`;
// The parse cache (src/scenario/parse-cache.ts) lives in the work folder; `-cold` cases run without it.
const CACHE = join(WORK, 'parse-cache');
const tokenEnv = { VOUCH_SELFCOMMUNITY_OWNER_TOKEN: TOKEN, VOUCH_CACHE_DIR: CACHE };
const cacheEnv = { VOUCH_CACHE_DIR: CACHE };
const log = (line) => process.stderr.write(`${line}\n`);

function machine() {
  const pw = JSON.parse(readFileSync(join(repoRoot, 'node_modules', '@playwright', 'test', 'package.json'), 'utf8')).version;
  const newman = existsSync(NEWMAN) ? JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'newman', 'package.json'), 'utf8')).version : 'not installed';
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: (totalmem() / 2 ** 30).toFixed(1),
    os: `${platform()} ${release()}`,
    node: process.version,
    playwright: pw,
    newman,
    load: loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

/** Starts `vouch serve --port 0` with known tokens; resolves with its URL and a stop function. */
function startServer() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [SERVE, 'serve', '--port', '0', '--user', `owner:${TOKEN}`, '--user', `other:${OTHER}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolvePromise({ url: m[1].replace('//0.0.0.0:', '//127.0.0.1:'), stop: () => child.kill('SIGTERM') });
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
  log(`vouch bench: ${RUNS} runs of sizes ${SIZES.join(', ')} on ${info.cpu} (${info.cores} cores), load ${info.load}`);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const server = await startServer();
  log(`server: ${server.url}`);
  const samples = new Map(); // key -> [{ wallMs, cpuMs, peakKb }]
  const add = (key, { wallMs, cpuMs, peakKb }) => samples.set(key, [...(samples.get(key) ?? []), { wallMs, cpuMs, peakKb }]);
  let allure;
  try {
    const dirs = new Map();
    for (const n of SIZES) {
      const dir = generateSuite(join(WORK, `s${n}`), n);
      dirs.set(n, dir);
      writeFileSync(join(dir, 'collection.json'), JSON.stringify(newmanCollection(n, server.url, TOKEN)));
      log(`recording ${n} scenarios`);
      await must(`record ${n}`, process.execPath, [SERVE, 'run', 'suites', '--mode', 'record', '--target', `selfcommunity=${server.url}`, '--workers', '2', '-q'], { cwd: dir, env: tokenEnv });
    }
    const largest = Math.max(...SIZES);
    allure = await allureCommand(dirs.get(largest));
    const cases = (n) => {
      const dir = dirs.get(n);
      const live = ['--target', `selfcommunity=${server.url}`];
      const vouch = (bin) => [
        ['replay-1w', process.execPath, [bin, 'run', 'suites', '--workers', '1'], cacheEnv],
        ['replay-2w', process.execPath, [bin, 'run', 'suites', '--workers', '2'], cacheEnv],
        ['replay-2w-cold', process.execPath, [bin, 'run', 'suites', '--workers', '2'], { VOUCH_CACHE_DIR: 'off' }],
        ['live-1w', process.execPath, [bin, 'run', 'suites', ...live, '--workers', '1'], tokenEnv],
        ['live-2w', process.execPath, [bin, 'run', 'suites', ...live, '--workers', '2'], tokenEnv],
      ];
      const before = BEFORE ? vouch(join(BEFORE, 'bin', 'vouch.js')).filter(([name]) => BEFORE_CASES.includes(name)).map(([name, ...rest]) => [`${name}@before`, ...rest]) : [];
      return [
        ...vouch(VOUCH).filter(([name]) => CASES.includes(name)),
        ...(CASES.includes('pw-floor') ? [['pw-floor', process.execPath, [join(repoRoot, 'bench', 'playwright-floor.mjs'), join(WORK, `floor-${n}`), String(n), '--workers', '2'], {}]] : []),
        ...(CASES.includes('fetch') ? [['fetch', process.execPath, [join(repoRoot, 'bench', 'fetch-loop.mjs'), server.url, String(n), TOKEN], {}]] : []),
        ...(CASES.includes('http-loop') ? [['http-loop', process.execPath, [join(repoRoot, 'bench', 'fetch-loop.mjs'), server.url, String(n), TOKEN, 'http'], {}]] : []),
        ...(CASES.includes('newman') ? [['newman', process.execPath, [NEWMAN, 'run', 'collection.json', '-r', 'cli,junit', '--reporter-junit-export', 'newman-junit.xml', '--color', 'off'], {}]] : []),
        ...before,
      ].map(([name, cmd, argv, env]) => ({ name, cmd, argv, env, dir }));
    };
    for (let run = 1; run <= RUNS; run++) {
      for (const n of SIZES) {
        const list = cases(n);
        // Rotate the order each run, so that a slow stretch of the machine does not always hit the same case.
        const rotated = list.map((_, i) => list[(i + run) % list.length]);
        for (const c of rotated) {
          const r = await must(`${c.name} ${n}`, c.cmd, c.argv, { cwd: c.dir, env: c.env });
          add(`${c.name}:${n}`, r);
          log(`run ${run}/${RUNS} ${String(n).padStart(5)} ${c.name.padEnd(10)} ${(r.wallMs / 1000).toFixed(2)} s wall, ${((r.cpuMs ?? 0) / 1000).toFixed(2)} s cpu`);
        }
        if (n === largest && CASES.includes('allure')) {
          // After a replay run of the largest suite, so the results are the same every time.
          await must('replay for allure', process.execPath, [VOUCH, 'run', 'suites', '--workers', '2', '-q'], { cwd: dirs.get(n), env: cacheEnv });
          const r = await must(allure.label, allure.cmd, allure.args, { cwd: dirs.get(n) });
          add(`allure:${n}`, r);
          log(`run ${run}/${RUNS} ${String(n).padStart(5)} ${'allure'.padEnd(10)} ${(r.wallMs / 1000).toFixed(2)} s wall`);
        }
      }
    }
  } finally {
    server.stop();
  }
  info.loadEnd = loadavg().map((l) => l.toFixed(2)).join(' ');
  const text = render(info, samples, allure?.label ?? 'allure');
  process.stdout.write(`${text}\n`);
  writeFileSync(OUT, `${text}\n`);
  writeFileSync(OUT.replace(/\.md$/, '.json'), `${JSON.stringify({ machine: info, runs: RUNS, sizes: SIZES, samples: Object.fromEntries(samples) }, null, 2)}\n`);
  if (!args.includes('--keep')) rmSync(WORK, { recursive: true, force: true });
}

function render(info, samples, allureLabel) {
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
  const lines = [];
  lines.push('# Vouch benchmark results', '');
  lines.push(`Written by \`npm run bench\` (bench/run.mjs) on ${new Date().toISOString()}. Medians of ${[...samples.values()][0]?.length ?? 0} runs; every figure below was measured in this one run.`, '');
  if (VOUCH !== SERVE) lines.push(`Vouch under test: ${VOUCH} (not this checkout).`, '');
  if (BEFORE) lines.push(`\`NAME@before\`: the same case with the Vouch built in ${BEFORE}${process.env.VOUCH_BENCH_BEFORE ? ` (${process.env.VOUCH_BENCH_BEFORE})` : ''}, run interleaved with the others.`, '');
  lines.push('## Machine', '');
  lines.push(`- CPU: ${info.cpu}, ${info.cores} cores; memory ${info.memoryGb} GB; ${info.os}`);
  lines.push(`- Node ${info.node}, @playwright/test ${info.playwright}, newman ${info.newman}`);
  lines.push(`- Load average (1, 5, 15 min) at start: ${info.load}; at end: ${info.loadEnd}. Other work on the machine slows wall times; CPU times (user + sys of the whole process tree) are steadier.`, '');
  lines.push('## Runs', '');
  lines.push('| case | scenarios | wall s | ms / scenario | CPU s | peak MB: vouch CLI | PW runner | PW worker (max) |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  const names = ['replay-1w', 'replay-2w', 'replay-2w-cold', 'live-1w', 'live-2w', 'pw-floor', 'fetch', 'http-loop', 'newman', ...BEFORE_CASES.map((c) => `${c}@before`)];
  for (const name of names) {
    for (const n of [...new Set([...samples.keys()].filter((k) => k.startsWith(`${name}:`)).map((k) => Number(k.split(':')[1])))].sort((a, b) => a - b)) {
      const key = `${name}:${n}`;
      const w = med(key);
      const main = name === 'fetch' || name === 'http-loop' ? peak(key, 'fetch-loop') : name === 'newman' ? peak(key, 'newman') : peak(key, 'vouch-cli');
      if (!samples.has(key)) continue;
      lines.push(`| ${name} | ${n} | ${s(w)} | ${w === undefined ? '—' : (w / n).toFixed(1)} | ${s(med(key, 'cpuMs'))} | ${mb(main)} | ${mb(peak(key, 'pw-runner'))} | ${mb(peak(key, 'pw-worker'))} |`);
    }
  }
  lines.push('');
  lines.push('`replay-Nw`: `vouch run suites --workers N` from cassettes, the parsed YAML from the parse cache (warmed by the recording run); `replay-2w-cold`: the same with the cache off (`VOUCH_CACHE_DIR=off`), as a first run after a change to every file; `live-Nw`: the same against `vouch serve`; `pw-floor`: bench/playwright-floor.mjs, Playwright Test alone running tests of the shape Vouch gives a scenario (3 empty steps, one attachment the size of a result, the same annotations, 2 workers, the dot reporter), the floor under Vouch; `fetch`: bench/fetch-loop.mjs, the same 3 requests per scenario with Node\'s fetch, one at a time, status checked and JSON parsed; `http-loop`: the same loop with node:http and a keep-alive agent, the client Vouch uses for live runs; `newman`: the same requests and status checks as a Postman collection, `newman run -r cli,junit`. Wall and CPU include process start-up. Peak memory is the largest VmHWM of each kind of process, over all runs.', '');
  lines.push('## Ratios', '');
  lines.push('| ratio | scenarios | value |', '|---|---:|---:|');
  const sizes = [...new Set([...samples.keys()].map((k) => Number(k.split(':')[1])))].sort((a, b) => a - b);
  for (const n of sizes) {
    for (const w of ['1w', '2w']) {
      lines.push(`| live-${w} / fetch loop (wall) | ${n} | ${ratio(med(`live-${w}:${n}`), med(`fetch:${n}`))} |`);
      lines.push(`| live-${w} / http loop (wall) | ${n} | ${ratio(med(`live-${w}:${n}`), med(`http-loop:${n}`))} |`);
      lines.push(`| live-${w} / newman (wall) | ${n} | ${ratio(med(`live-${w}:${n}`), med(`newman:${n}`))} |`);
    }
  }
  for (const n of sizes) lines.push(`| replay-2w / Playwright floor (wall) | ${n} | ${ratio(med(`replay-2w:${n}`), med(`pw-floor:${n}`))} |`);
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
  lines.push(`Allure HTML generation (\`${allureLabel}\`) of ${big} scenarios' results: ${s(allure)} s wall (median), ${s(med(`allure:${big}`, 'cpuMs'))} s CPU.`, '');
  lines.push('## Targets', '');
  const check = (label, value, limit, unit = '') => `| ${label} | ${value === undefined ? '—' : `${value.toFixed(2)}${unit}`} | ≤ ${limit}${unit} | ${value === undefined ? 'not measured' : value <= limit ? 'met' : 'not met'} |`;
  lines.push('| target | measured | limit | |', '|---|---:|---:|---|');
  const live2 = med(`live-2w:${big}`);
  const live1 = med(`live-1w:${big}`);
  const fetch = med(`fetch:${big}`);
  const newman = med(`newman:${big}`);
  lines.push(check(`live ${big}, 2 workers / fetch loop`, live2 && fetch && live2 / fetch, 2, '×'));
  lines.push(check(`live ${big}, 1 worker / fetch loop`, live1 && fetch && live1 / fetch, 2, '×'));
  lines.push(check(`live ${big}, 2 workers / newman`, live2 && newman && live2 / newman, 0.5, '×'));
  lines.push(check(`live ${big}, 1 worker / newman`, live1 && newman && live1 / newman, 0.5, '×'));
  const rep2 = med(`replay-2w:${big}`);
  lines.push(check(`replay ${big}, 2 workers, wall`, rep2 && rep2 / 1000, 5, ' s'));
  const cold = med(`replay-2w-cold:${big}`);
  lines.push(check(`replay ${big}, 2 workers, wall, no parse cache`, cold && cold / 1000, 5, ' s'));
  if (mid && big > mid) {
    for (const c of ['replay-2w', 'live-2w']) {
      const a = med(`${c}:${big}`);
      const b = med(`${c}:${mid}`);
      lines.push(check(`growth ${mid} → ${big}, ${c}`, a && b && a / b, 11, '×'));
    }
  }
  for (const role of ['vouch-cli', 'pw-runner', 'pw-worker']) {
    const m = Math.max(...['replay-1w', 'replay-2w', 'replay-2w-cold', 'live-1w', 'live-2w'].map((c) => peak(`${c}:${big}`, role) ?? 0));
    lines.push(check(`peak memory at ${big}, ${role}`, m || undefined, 300, ' MB'));
  }
  return lines.join('\n');
}

await main();
