// Runs one command and measures it: wall time from spawn to exit, CPU time of the whole process tree (user + sys,
// from /usr/bin/time when present), and the peak resident memory (VmHWM) of every process in the tree, sampled
// from /proc and grouped by role (Vouch CLI, Playwright runner, Playwright worker, Vouch's Allure pass, Newman,
// Step CI, other).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIME = '/usr/bin/time';
const SAMPLE_MS = 100;

function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The pids under `root` (root included), from the ppid field of /proc/PID/stat. */
function processTree(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProc(name, 'stat');
    if (!stat) continue;
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const out = [];
  const walk = (pid) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

export function roleOf(cmdline) {
  if (cmdline.includes('allure-pass-process')) return 'vouch-allure';
  if (cmdline.includes('workerProcessEntry')) return 'pw-worker';
  if (cmdline.includes('@playwright/test/cli') || cmdline.includes('playwright/cli')) return 'pw-runner';
  if (cmdline.includes('bin/vouch.js')) return 'vouch-cli';
  if (cmdline.includes('newman')) return 'newman';
  if (cmdline.includes('stepci')) return 'stepci';
  if (cmdline.includes('fetch-loop')) return 'fetch-loop';
  if (cmdline.includes('java')) return 'java';
  if (cmdline.startsWith(TIME)) return 'time';
  return 'other';
}

/**
 * Runs `cmd args` in `cwd`; resolves with { code, wallMs, cpuMs, peakKb: { role: max VmHWM in kB }, output }.
 * A non-zero exit is returned, not thrown: the caller decides.
 */
export function measure(cmd, args, { cwd, env } = {}) {
  const timeFile = join(tmpdir(), `vouch-bench-time-${process.pid}-${Date.now()}`);
  const useTime = existsSync(TIME);
  const [file, argv] = useTime ? [TIME, ['-f', '%U %S', '-o', timeFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c.toString()));
    child.stderr.on('data', (c) => (output += c.toString()));
    const peak = new Map();
    const sample = () => {
      for (const pid of processTree(child.pid)) {
        const cmdline = (readProc(pid, 'cmdline') ?? '').replace(/\0/g, ' ');
        const m = /VmHWM:\s+(\d+) kB/.exec(readProc(pid, 'status') ?? '');
        if (!m) continue;
        const key = `${roleOf(cmdline)}:${pid}`;
        peak.set(key, Math.max(peak.get(key) ?? 0, Number(m[1])));
      }
    };
    const timer = setInterval(sample, SAMPLE_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      clearInterval(timer);
      let cpuMs;
      if (useTime && existsSync(timeFile)) {
        const [u, s] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        cpuMs = (u + s) * 1000;
        rmSync(timeFile, { force: true });
      }
      const peakKb = {};
      for (const [key, kb] of peak) {
        const role = key.split(':')[0];
        peakKb[role] = Math.max(peakKb[role] ?? 0, kb);
      }
      resolvePromise({ code, wallMs, cpuMs, peakKb, output });
    });
  });
}

if (process.argv[1]?.endsWith('measure.mjs')) {
  const [cmd, ...args] = process.argv.slice(2);
  const r = await measure(cmd, args, { cwd: process.cwd() });
  writeFileSync(1, `${JSON.stringify({ ...r, output: r.output.slice(-2000) }, null, 2)}\n`);
}
