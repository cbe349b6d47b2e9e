// `vouch run --mode record --check`: compares fresh recordings with the stored cassettes (only read) and reports,
// field by field, how the live answers drifted. Drift is a change in what the documentation promises (a status
// code, a media type, a value the request or the scenario's expectations decide, a required field, a JSON type);
// what the variation model lets a faithful server choose (generated values, messages, absent optional fields,
// zero values, nulls, other renderings of an instant) is a note, never drift (src/evidence/drift.ts).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Scenario } from '../model/types.js';
import { formatFieldPath, type Segment } from '../util/field-path.js';
import { readCassette, type Cassette, type CassetteExchange } from '../transport/cassette.js';
import { describeRequest } from '../transport/cassette-entry.js';
import { exchangeDrift, type Drift, type DriftNote } from './drift.js';
import { renderValue } from '../transport/json-compare.js';

export type { Drift, DriftNote } from './drift.js';

export interface ScenarioDrift {
  scenarioId: string;
  storedPath: string;
  freshPath: string;
  verdict: 'same' | 'drifted' | 'new';
  drifts: Drift[];
  /** What differed within what a faithful server may do, by variation rule. */
  notes: DriftNote[];
}

export interface CheckReport {
  scenarios: ScenarioDrift[];
  drifted: number;
  text: string;
}

/** The run's variables as (value, name) pairs, longest value first: generated names differ per run by design. */
function varValues(vars: Record<string, unknown>, prefix: Segment[] = []): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(vars)) {
    const path = [...prefix, k];
    if (typeof v === 'string' || typeof v === 'number') out.push([String(v), formatFieldPath(path)]);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...varValues(v as Record<string, unknown>, path));
  }
  return out.filter(([val]) => val !== '').sort((a, b) => b[0].length - a[0].length);
}

/** Shows each variable's value as `${name}`: a whole value of any length, inside longer strings when 3+ characters. */
function normalizer(vars: Record<string, unknown>): (v: unknown) => unknown {
  const pairs = varValues(vars);
  const whole = new Map(pairs.map(([val, name]) => [val, `\${${name}}`]));
  // Short values would match unrelated text, and numbers unrelated counts, inside longer strings.
  const inText = pairs.filter(([val]) => val.length >= 3 && !/^\d+$/.test(val));
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return whole.get(v) ?? inText.reduce((acc, [val, name]) => acc.split(val).join(`\${${name}}`), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk;
}

/**
 * A path with generated values shown as what they are (the generated rule, inside paths): an id by its type (two
 * runs' ids may even coincide with other variables), a generated name by the variable that holds it.
 */
function normalizedPath(path: string, n: (v: unknown) => unknown): string {
  return path
    .split('/')
    .map((seg) => {
      if (/^\d+$/.test(seg)) return '{integer}';
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(seg)) return '{uid}';
      return String(n(decodeURIComponent(seg)));
    })
    .join('/');
}

function mapBody<T extends { body?: unknown; bodyText?: string }>(m: T, n: (v: unknown) => unknown): T {
  if ('body' in m) return { ...m, body: n(m.body) };
  return m.bodyText !== undefined ? { ...m, bodyText: String(n(m.bodyText)) } : m;
}

/** A polling step's attempts before its last: how many a server needed is its own timing, not drift. */
function lastAttempts(exchanges: CassetteExchange[]): CassetteExchange[] {
  return exchanges.filter((e, i) => e.step === undefined || exchanges[i + 1]?.step !== e.step);
}

/** The exchanges with generated values shown by name (or type) in paths, queries and bodies. */
function normalized(c: Cassette): CassetteExchange[] {
  const n = normalizer(c.vars);
  return lastAttempts(c.exchanges).map((e) => ({
    ...e,
    request: mapBody({ ...e.request, path: normalizedPath(e.request.path, n), query: n(e.request.query) as Record<string, string> }, n),
    response: mapBody(e.response, n),
  }));
}

function pairKey(e: CassetteExchange): string {
  return `${e.request.method} ${e.request.path} ${e.identity}`;
}

/** Pairs exchanges by method, path (generated values normalised) and identity, in order; unpaired ones are drift. */
export function compareCassettes(stored: Cassette, fresh: Cassette, scenario?: Scenario): { drifts: Drift[]; notes: DriftNote[] } {
  const [se, fe] = [normalized(stored), normalized(fresh)];
  const api = scenario?.api ?? fresh.target.api;
  const steps = new Map([...(scenario?.setup ?? []), ...(scenario?.steps ?? []), ...(scenario?.teardown ?? [])].map((s) => [s.id, s]));
  const taken = fe.map(() => false);
  const drifts: Drift[] = [];
  const notes: DriftNote[] = [];
  for (const [i, s] of se.entries()) {
    const label = `#${i + 1} ${describeRequest(s.identity, s.request)}`;
    const j = fe.findIndex((f, k) => !taken[k] && pairKey(f) === pairKey(s));
    if (j < 0) {
      drifts.push({ exchange: label, field: 'exchange', change: 'removed', stored: s.response.status });
      continue;
    }
    taken[j] = true;
    const f = fe[j]!;
    const out = exchangeDrift(label, s, f, { api, expect: steps.get(f.step ?? s.step ?? '')?.expect });
    drifts.push(...out.drifts);
    notes.push(...out.notes);
  }
  fe.forEach((f, k) => {
    if (!taken[k])
      drifts.push({ exchange: `new #${k + 1} ${describeRequest(f.identity, f.request)}`, field: 'exchange', change: 'added', fresh: f.response.status });
  });
  return { drifts, notes };
}

export function checkCassettePair(storedPath: string, freshPath: string, scenario?: Scenario): ScenarioDrift {
  const fresh = readCassette(freshPath);
  const base = { scenarioId: fresh.scenario.id, storedPath, freshPath };
  if (!existsSync(storedPath)) return { ...base, verdict: 'new', drifts: [], notes: [] };
  const { drifts, notes } = compareCassettes(readCassette(storedPath, { scenarioId: fresh.scenario.id }), fresh, scenario);
  return { ...base, verdict: drifts.length ? 'drifted' : 'same', drifts, notes };
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

/**
 * Every fresh recording under recordDir against its stored twin (same relative path under cassetteDir). The
 * scenarios, when given, say which values their steps' expectations decide (by the step id each exchange carries).
 */
export function checkRecordings(cassetteDir: string, recordDir: string, scenarios: readonly Scenario[] = []): CheckReport {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const results = listJson(recordDir).map((fresh) => {
    const id = readCassette(fresh).scenario.id;
    return checkCassettePair(join(cassetteDir, relative(recordDir, fresh)), fresh, byId.get(id));
  });
  return { scenarios: results, drifted: results.filter((s) => s.verdict === 'drifted').length, text: renderCheck(results) };
}

function renderDrift(d: Drift): string {
  if (d.field === 'exchange') return d.change === 'removed' ? 'the fresh recording has no such exchange' : 'not in the stored cassette';
  const side = (present: boolean, v: unknown) => (present ? renderValue(v, 80) : '(absent)');
  return `${d.field}: stored ${side('stored' in d, d.stored)}, live ${side('fresh' in d, d.fresh)}${d.because ? ` (${d.because})` : ''}`;
}

function noteSummary(notes: readonly DriftNote[]): string {
  if (notes.length === 0) return '';
  const by = new Map<string, number>();
  for (const n of notes) by.set(n.rule, (by.get(n.rule) ?? 0) + 1);
  return ` (allowed: ${[...by].map(([rule, count]) => `${rule} ${count}`).join(', ')})`;
}

export function renderCheck(scenarios: readonly ScenarioDrift[]): string {
  const lines: string[] = [];
  for (const s of scenarios) {
    if (s.verdict === 'same') lines.push(`${s.scenarioId}: no drift${noteSummary(s.notes)} (${s.storedPath})`);
    else if (s.verdict === 'new') lines.push(`${s.scenarioId}: no stored cassette to compare with (${s.storedPath}); the fresh recording is ${s.freshPath}`);
    else {
      lines.push(
        `${s.scenarioId}: ${s.drifts.length} difference${s.drifts.length > 1 ? 's' : ''} between ${s.storedPath} and the live answers (${s.freshPath})${noteSummary(s.notes)}`,
      );
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
