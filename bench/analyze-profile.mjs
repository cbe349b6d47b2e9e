// Summarises a .cpuprofile: total sampled time, self time by function and by package/file, and the inclusive time
// of the functions whose name or file matches a filter, and with --callers NAME the call paths that lead to NAME.
// With --timeline MS, the run in slices of MS ms: how busy the process was and the packages it spent them in
// (the profile's start is printed as a monotonic clock reading, so that profiles of several processes line up).
// Usage: node bench/analyze-profile.mjs FILE [TOP] [FILTER...] [--callers NAME [--depth N]] [--timeline MS]
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv.splice(i, 2)[1] : undefined;
};
const callersOf = flag('callers');
const timeline = flag('timeline');
const depth = Number(flag('depth') ?? 6);
const [file, topArg, ...filters] = argv;
if (!file) {
  process.stderr.write('usage: node bench/analyze-profile.mjs FILE.cpuprofile [TOP] [FILTER...] [--callers NAME [--depth N]]\n');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Time per sample: the delta before it.
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
  self.set(id, (self.get(id) ?? 0) + dt);
  total += dt;
});

function where(url) {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    const inner = rest.slice(rest[0].startsWith('@') ? 2 : 1).join('/');
    return `${pkg}:${inner}`;
  }
  const d = url.indexOf('/dist/');
  if (d >= 0) return `vouch:${url.slice(d + 6)}`;
  return url.replace(/^file:\/\//, '');
}
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const byFn = new Map();
const byFile = new Map();
const byPkg = new Map();
for (const [id, t] of self) {
  const n = nodes.get(id);
  const l = label(n);
  byFn.set(l, (byFn.get(l) ?? 0) + t);
  const w = where(n.callFrame.url);
  byFile.set(w, (byFile.get(w) ?? 0) + t);
  const pkg =
    n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)' || n.callFrame.functionName === '(garbage collector)'
      ? n.callFrame.functionName
      : w.split(':')[0];
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
}
const print = (title, m, k = top) => {
  process.stdout.write(`\n${title}\n`);
  for (const [l, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, k))
    process.stdout.write(`${t.toFixed(0).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${l}\n`);
};
process.stdout.write(`${file}: ${total.toFixed(0)} ms sampled\n`);
print('self time by package', byPkg, 20);
print('self time by function', byFn);

// Inclusive time: a sample counts once for every distinct matching frame on its stack.
for (const f of filters) {
  const incl = new Map();
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(nodes.get(cur));
      if (l.includes(f) && !seen.has(l)) {
        seen.add(l);
        incl.set(l, (incl.get(l) ?? 0) + dt);
      }
    }
  });
  print(`inclusive time of frames matching "${f}"`, incl, 15);
}

// Who calls a hot function: the distinct call paths (up to --depth frames) leading to it.
if (callersOf) {
  const paths = new Map();
  for (const [id, t] of self) {
    const n = nodes.get(id);
    if (!label(n).includes(callersOf)) continue;
    const chain = [];
    for (let cur = parent.get(id); cur !== undefined && chain.length < depth; cur = parent.get(cur)) chain.push(label(nodes.get(cur)));
    const key = chain.join('\n      <- ');
    paths.set(key, (paths.get(key) ?? 0) + t);
  }
  print(`callers of "${callersOf}"`, paths, 12);
}

// What the process did over time: busy share and top packages per slice.
if (timeline) {
  const slice = Number(timeline) * 1000;
  const slices = [];
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const k = Math.floor((t - profile.startTime) / slice);
    const s = (slices[k] ??= { busy: 0, pkgs: new Map() });
    const n = nodes.get(id);
    if (n.callFrame.functionName === '(idle)') return;
    s.busy += dt;
    const pkg = n.callFrame.functionName === '(garbage collector)' ? '(gc)' : where(n.callFrame.url).split(':')[0];
    s.pkgs.set(pkg, (s.pkgs.get(pkg) ?? 0) + dt);
  });
  process.stdout.write(`\ntimeline (start at monotonic ${(profile.startTime / 1e6).toFixed(3)} s; slices of ${timeline} ms)\n`);
  slices.forEach((s, k) => {
    if (!s) return;
    const tops = [...s.pkgs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([p, v]) => `${p} ${(v / 1000).toFixed(0)}`)
      .join(', ');
    process.stdout.write(`${((k * slice) / 1e6).toFixed(2).padStart(7)} s  busy ${((100 * s.busy) / slice).toFixed(0).padStart(3)} %  ${tops}\n`);
  });
}
