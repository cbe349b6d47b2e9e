// Forging evidence bundles the way a hostile vendor would: unpack, change entries, the manifest or summary.json,
// then recompute every SHA-256 so the bundle is self-consistent again. Also a listener that logs what reaches it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sha256, type Manifest } from '../../src/evidence/bundle.js';
import { countVerdicts, summarizeOperations, type RunSummary, type ScenarioSummary } from '../../src/report/summary.js';
import { tarGz, untarGz, type TarEntry } from '../../src/evidence/tar.js';

export interface Forgery {
  entries: TarEntry[];
  manifest: Manifest;
}

/** Unpacks `bundle`, lets `change` edit it, recomputes the manifest's file list (unless told not to) and packs it as `out`. */
export function forge(bundle: string, out: string, change: (f: Forgery) => void, opts: { recompute?: boolean } = {}): string {
  const all = untarGz(readFileSync(bundle));
  const manifest = JSON.parse(all.find((e) => e.path === 'manifest.json')!.data.toString('utf8')) as Manifest;
  const f: Forgery = { entries: all.filter((e) => e.path !== 'manifest.json'), manifest };
  change(f);
  if (opts.recompute !== false) f.manifest.files = f.entries.map((e) => ({ path: e.path, sha256: sha256(e.data), size: e.data.length }));
  writeFileSync(out, tarGz([{ path: 'manifest.json', data: Buffer.from(JSON.stringify(f.manifest, null, 2)) }, ...f.entries]));
  return out;
}

export function entryText(f: Forgery, path: string): string {
  const e = f.entries.find((x) => x.path === path);
  if (!e) throw new Error(`no ${path} in the bundle`);
  return e.data.toString('utf8');
}

export function setEntry(f: Forgery, path: string, text: string): void {
  f.entries = f.entries.filter((e) => e.path !== path).concat([{ path, data: Buffer.from(text) }]);
}

/** Edits the recorded summary and recomputes its counts and operations (and the manifest's counts), as a careful forger would. */
export function editSummary(f: Forgery, fn: (scenarios: ScenarioSummary[]) => ScenarioSummary[]): void {
  const s = JSON.parse(entryText(f, 'results/summary.json')) as RunSummary;
  s.scenarios = fn(s.scenarios);
  s.counts = countVerdicts(s.scenarios);
  s.operations = summarizeOperations(s.scenarios);
  f.manifest.run.counts = s.counts;
  setEntry(f, 'results/summary.json', JSON.stringify(s, null, 2));
}

/** Gzip of `bytes` zero bytes inside one tar entry: a few kB that unpack to `bytes`. */
export function zeroBomb(bytes: number): Buffer {
  const tar = gunzipSync(
    tarGz([
      { path: 'manifest.json', data: Buffer.from('{}') },
      { path: 'results/zeros.bin', data: Buffer.alloc(bytes) },
    ]),
  );
  return gzipSync(tar, { level: 9 });
}

export interface Listener {
  url: string;
  log: { method: string; url: string; authorization?: string }[];
  close(): Promise<void>;
}

/** Where a forged bundle would send the certifier's token: it logs every request that reaches it. */
export async function startListener(): Promise<Listener> {
  const log: Listener['log'] = [];
  const server = http.createServer((req, res) => {
    log.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"1","name":"x","size":3}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
