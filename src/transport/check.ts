// `vouch run --mode record --check`: compares fresh recordings with the stored cassettes (only read) and reports,
// field by field, how the live answers drifted; fields that change on every run are not drift.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatFieldPath, missing, type Segment } from '../util/field-path.js';
import { readCassette, type Cassette, type CassetteExchange } from './cassette.js';
import { describeRequest } from './cassette-entry.js';
import { diffJson, renderValue } from './json-compare.js';

export interface Drift {
  /** `#3 PUT /api/v1/namespaces/${ns}/pods/p/status as owner` (generated names shown as their variable). */
  exchange: string;
  /** `status`, `header content-type`, `body.status.phase`, or `exchange` when one side lacks the exchange. */
  field: string;
  change: 'changed' | 'added' | 'removed';
  stored?: unknown;
  fresh?: unknown;
}

export interface ScenarioDrift {
  scenarioId: string;
  storedPath: string;
  freshPath: string;
  verdict: 'same' | 'drifted' | 'new';
  drifts: Drift[];
}

export interface CheckReport {
  scenarios: ScenarioDrift[];
  drifted: number;
  text: string;
}

/** Fields servers rewrite on every run; timestamps are recognised by their shape wherever they are. */
const VOLATILE_KEYS = new Set(['resourceVersion', 'uid', 'creationTimestamp', 'deletionTimestamp', 'managedFields', 'selfLink']);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The run's variables as (value, name) pairs, longest value first: generated names differ per run by design. */
function varValues(vars: Record<string, unknown>, prefix: Segment[] = []): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(vars)) {
    const path = [...prefix, k];
    // Short values would match unrelated text and small numbers unrelated counts.
    if ((typeof v === 'string' || typeof v === 'number') && String(v).length >= 3) out.push([String(v), formatFieldPath(path)]);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...varValues(v as Record<string, unknown>, path));
  }
  return out.sort((a, b) => b[0].length - a[0].length);
}

/** Shows each variable's value as `${name}`: inside strings, and a whole number or numeric string equal to one. */
function normalizer(vars: Record<string, unknown>): (v: unknown) => unknown {
  const pairs = varValues(vars);
  const whole = new Map(pairs.map(([val, name]) => [val, `\${${name}}`]));
  const inText = pairs.filter(([val]) => !/^\d+$/.test(val));
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') return whole.get(String(v)) ?? v;
    if (typeof v === 'string') return whole.get(v) ?? inText.reduce((acc, [val, name]) => acc.split(val).join(`\${${name}}`), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk;
}

function mapBody<T extends { body?: unknown; bodyText?: string }>(m: T, n: (v: unknown) => unknown): T {
  if ('body' in m) return { ...m, body: n(m.body) };
  return m.bodyText !== undefined ? { ...m, bodyText: String(n(m.bodyText)) } : m;
}

/** The exchanges with variables shown by name in what the run generates: paths, queries and bodies. */
function normalized(c: Cassette): CassetteExchange[] {
  const n = normalizer(c.vars);
  return c.exchanges.map((e) => ({
    ...e,
    request: mapBody({ ...e.request, path: String(n(e.request.path)), query: n(e.request.query) as Record<string, string> }, n),
    response: mapBody(e.response, n),
  }));
}

function ignoreVolatile(path: readonly Segment[], a: unknown, b: unknown): boolean {
  const last = path[path.length - 1];
  if (typeof last === 'string' && VOLATILE_KEYS.has(last)) return true;
  return typeof a === 'string' && typeof b === 'string' && TIMESTAMP.test(a) && TIMESTAMP.test(b);
}

function pairKey(e: CassetteExchange): string {
  return `${e.request.method} ${e.request.path} ${e.identity}`;
}

function exchangeDrifts(label: string, s: CassetteExchange, f: CassetteExchange): Drift[] {
  const out: Drift[] = [];
  if (s.response.status !== f.response.status) out.push({ exchange: label, field: 'status', change: 'changed', stored: s.response.status, fresh: f.response.status });
  const [sc, fc] = [s.response.headers['content-type'], f.response.headers['content-type']];
  if (sc !== fc) out.push({ exchange: label, field: 'header content-type', change: 'changed', stored: sc, fresh: fc });
  const body = (e: CassetteExchange) => ('body' in e.response ? e.response.body : (e.response.bodyText ?? missing));
  for (const d of diffJson(body(s), body(f), { ignore: ignoreVolatile, limit: 50 })) {
    const change = d.recorded === missing ? 'added' : d.actual === missing ? 'removed' : 'changed';
    out.push({
      exchange: label,
      field: formatFieldPath(['body', ...d.path]),
      change,
      ...(d.recorded === missing ? {} : { stored: d.recorded }),
      ...(d.actual === missing ? {} : { fresh: d.actual }),
    });
  }
  return out;
}

/** Pairs exchanges by method, path (variables normalised) and identity, in order; unpaired ones are drift too. */
export function compareCassettes(stored: Cassette, fresh: Cassette): Drift[] {
  const [se, fe] = [normalized(stored), normalized(fresh)];
  const taken = fe.map(() => false);
  const drifts: Drift[] = [];
  for (const [i, s] of se.entries()) {
    const label = `#${i + 1} ${describeRequest(s.identity, s.request)}`;
    const j = fe.findIndex((f, k) => !taken[k] && pairKey(f) === pairKey(s));
    if (j < 0) {
      drifts.push({ exchange: label, field: 'exchange', change: 'removed', stored: s.response.status });
      continue;
    }
    taken[j] = true;
    drifts.push(...exchangeDrifts(label, s, fe[j]!));
  }
  fe.forEach((f, k) => {
    if (!taken[k]) drifts.push({ exchange: `new #${k + 1} ${describeRequest(f.identity, f.request)}`, field: 'exchange', change: 'added', fresh: f.response.status });
  });
  return drifts;
}

export function checkCassettePair(storedPath: string, freshPath: string): ScenarioDrift {
  const fresh = readCassette(freshPath);
  const base = { scenarioId: fresh.scenario.id, storedPath, freshPath };
  if (!existsSync(storedPath)) return { ...base, verdict: 'new', drifts: [] };
  const drifts = compareCassettes(readCassette(storedPath, { scenarioId: fresh.scenario.id }), fresh);
  return { ...base, verdict: drifts.length ? 'drifted' : 'same', drifts };
}

function listJson(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? listJson(p) : name.endsWith('.json') && !name.startsWith('.') ? [p] : [];
    });
}

/** Every fresh recording under recordDir against its stored twin (same relative path under cassetteDir). */
export function checkRecordings(cassetteDir: string, recordDir: string): CheckReport {
  const scenarios = listJson(recordDir).map((fresh) => checkCassettePair(join(cassetteDir, relative(recordDir, fresh)), fresh));
  return { scenarios, drifted: scenarios.filter((s) => s.verdict === 'drifted').length, text: renderCheck(scenarios) };
}

function renderDrift(d: Drift): string {
  if (d.field === 'exchange') return d.change === 'removed' ? 'the fresh recording has no such exchange' : 'not in the stored cassette';
  const side = (present: boolean, v: unknown) => (present ? renderValue(v, 80) : '(absent)');
  return `${d.field}: stored ${side('stored' in d, d.stored)}, live ${side('fresh' in d, d.fresh)}`;
}

export function renderCheck(scenarios: readonly ScenarioDrift[]): string {
  const lines: string[] = [];
  for (const s of scenarios) {
    if (s.verdict === 'same') lines.push(`${s.scenarioId}: no drift (${s.storedPath})`);
    else if (s.verdict === 'new') lines.push(`${s.scenarioId}: no stored cassette to compare with (${s.storedPath}); the fresh recording is ${s.freshPath}`);
    else {
      lines.push(`${s.scenarioId}: ${s.drifts.length} difference${s.drifts.length > 1 ? 's' : ''} between ${s.storedPath} and the live answers (${s.freshPath})`);
      let last = '';
      for (const d of s.drifts) {
        if (d.exchange !== last) lines.push(`  ${(last = d.exchange)}`);
        lines.push(`    ${renderDrift(d)}`);
      }
    }
  }
  const drifted = scenarios.filter((s) => s.verdict === 'drifted').length;
  lines.push(`${drifted} of ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'} drifted; stored cassettes were not changed`);
  return lines.join('\n');
}
