// Checking an evidence bundle: every file against the manifest's SHA-256 (modified, missing and extra files by
// name); the recorded summary against the bundled suites and the run it claims (a verdict deleted, relabelled
// `not run` or invented is named); then each scenario's recorded verdict against the verdict its cassette replays to.
import { Ajv, type ValidateFunction } from 'ajv';
import type { Manifest } from './bundle.js';
import { MANIFEST, SIGNATURE, sha256 } from './bundle.js';
import type { TarEntry } from './tar.js';
import { FINAL_VERDICTS, type FinalVerdict } from '../results/verdicts.js';
import type { RunSummary } from '../report/summary.js';
import { EMPTY_DECLARATIONS, notApplicable } from '../config/declarations.js';

export type FileProblem = { path: string; problem: 'modified' | 'missing' | 'extra' };

export function checkFiles(manifest: Manifest, entries: TarEntry[]): FileProblem[] {
  // The signature signs the manifest's hash, so the manifest cannot list it.
  const byPath = new Map(entries.filter((e) => e.path !== MANIFEST && e.path !== SIGNATURE).map((e) => [e.path, e]));
  const out: FileProblem[] = [];
  for (const f of manifest.files) {
    const e = byPath.get(f.path);
    if (!e) out.push({ path: f.path, problem: 'missing' });
    else if (e.data.length !== f.size || sha256(e.data) !== f.sha256) out.push({ path: f.path, problem: 'modified' });
    byPath.delete(f.path);
  }
  for (const path of byPath.keys()) out.push({ path, problem: 'extra' });
  return out;
}

const VERDICTS: FinalVerdict[] = FINAL_VERDICTS;

// Compiled on first use: compiling at import cost every `vouch` command that loads this module.
let summaryValidator: ValidateFunction | undefined;
const validateSummary = (): ValidateFunction =>
  (summaryValidator ??= new Ajv({ strict: false }).compile({
    type: 'object',
    required: ['runId', 'mode', 'targets', 'counts', 'scenarios'],
    properties: {
      runId: { type: 'string' },
      mode: { type: 'string' },
      targets: { type: 'object', additionalProperties: { type: 'string' } },
      counts: { type: 'object', additionalProperties: { type: 'integer' } },
      scenarios: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'api', 'verdict'],
          properties: { id: { type: 'string' }, api: { type: 'string' }, verdict: { enum: VERDICTS }, reason: { type: 'string' } },
        },
      },
    },
  }));

/** The recorded summary, or why it cannot be read. */
export function parseSummary(text: string): RunSummary | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return `summary.json is not JSON: ${(e as Error).message}`;
  }
  const validate = validateSummary();
  if (validate(parsed)) return parsed as unknown as RunSummary;
  const e = validate.errors?.[0];
  return `summary.json is not a Vouch run summary: ${e ? `${e.instancePath || 'the summary'} ${e.message ?? 'is invalid'}` : 'unreadable'}`;
}

/** A scenario of the bundled suites as the pre-check needs it: its API, and whether the bundle holds its cassette. */
export interface BundledScenario {
  api: string;
  cassette: boolean;
  requires: string[];
  extended?: string;
}

const NO_TARGET = /^no target for API (\S+)/;

/** What the recorded summary claims that the bundle itself contradicts, one line per scenario or field. */
export function checkRecorded(manifest: Manifest, recorded: RunSummary, bundled: Map<string, BundledScenario>): string[] {
  const out: string[] = [];
  if (recorded.shard) out.push(`summary.json is of shard ${recorded.shard} only; bundle a whole run (merge shards by running once without --shard)`);
  if (recorded.runId !== manifest.runId) out.push(`summary.json is of run ${recorded.runId}, the manifest of run ${manifest.runId}`);
  if (recorded.mode !== manifest.run.mode) out.push(`summary.json says a ${recorded.mode} run, the manifest a ${manifest.run.mode} run`);
  if (JSON.stringify(sorted(recorded.targets)) !== JSON.stringify(sorted(manifest.run.targets)))
    out.push('summary.json and the manifest name different targets');
  const counted = Object.fromEntries(VERDICTS.map((v) => [v, recorded.scenarios.filter((s) => s.verdict === v).length]));
  for (const v of VERDICTS) {
    if (recorded.counts[v] !== counted[v] || manifest.run.counts[v] !== counted[v])
      out.push(`the counts of ${v} in summary.json or the manifest differ from its ${counted[v]} verdict(s)`);
  }
  const seen = new Set<string>();
  for (const s of recorded.scenarios) {
    if (seen.has(s.id)) out.push(`${s.id}: has two verdicts in summary.json`);
    seen.add(s.id);
    const b = bundled.get(s.id);
    if (!b) out.push(`${s.id}: not in the bundled suites`);
    else if (b.api !== s.api) out.push(`${s.id}: summary.json says API ${s.api}, the bundled suite says ${b.api}`);
    else if (s.verdict === 'not run') out.push(...notRunProblems(s.id, b, s.reason, manifest));
  }
  for (const [id, b] of bundled) {
    if (!seen.has(id)) out.push(`${id}: in the bundled suites${b.cassette ? ', with a cassette,' : ''} but has no verdict in summary.json`);
  }
  return out;
}

function sorted(o: Record<string, string>): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

/**
 * `not run` is only ever "no target for API X" (see runner/prepare.ts), X being the scenario's API with no target in
 * the run, or "not applicable: ..." exactly as the bundle's declarations make it (config/declarations.ts).
 */
function notRunProblems(id: string, b: BundledScenario, reason: string | undefined, manifest: Manifest): string[] {
  const api = b.api;
  if (!reason) return [`${id}: recorded \`not run\` without a reason`];
  if (reason.startsWith('not applicable:')) {
    const na = notApplicable(b, manifest.run.certification?.declared ?? EMPTY_DECLARATIONS);
    if (!na) return [`${id}: recorded \`not run\` as not applicable, but the bundle's declarations leave it applicable`];
    return na.reason === reason ? [] : [`${id}: recorded \`not run\` (${reason.slice(0, 160)}), but the bundle's declarations say: ${na.reason}`];
  }
  const m = NO_TARGET.exec(reason);
  if (!m) return [`${id}: recorded \`not run\` for a reason Vouch never gives (${reason.slice(0, 120)})`];
  const claimed = `recorded \`not run\` (no target for API ${m[1]})`;
  if (m[1] !== api) return [`${id}: ${claimed}, but its API is ${api}`];
  if (api in manifest.run.targets) return [`${id}: ${claimed}, but the run had a target for ${api}`];
  if (manifest.run.mode === 'replay') return [`${id}: ${claimed}, but a replay run needs no target`];
  return [];
}

export interface VerdictCheck {
  id: string;
  recorded: FinalVerdict;
  replayed?: FinalVerdict;
  ok: boolean;
  /** Not compared: recorded `not run` for a reason the run bears out, and no cassette to replay. */
  skipped?: boolean;
  /** The replayed first failure, when the verdicts differ or the replay could not judge (broken); or why it was not run. */
  detail?: string;
}

/**
 * Every recorded scenario against its replay. A flaky scenario passed in the end, so passing on replay reproduces
 * it. A `not run` one is compared too when the bundle holds its cassette: evidence exists, so it ran.
 */
export function compareVerdicts(recorded: RunSummary, replayed: RunSummary, withCassette: ReadonlySet<string>): VerdictCheck[] {
  const again = new Map(replayed.scenarios.map((s) => [s.id, s]));
  const norm = (v: FinalVerdict): FinalVerdict => (v === 'flaky' ? 'passed' : v);
  return recorded.scenarios.map((s) => {
    if (s.verdict === 'not run' && !withCassette.has(s.id)) return { id: s.id, recorded: s.verdict, ok: true, skipped: true, detail: s.reason };
    const r = again.get(s.id);
    const ok = r !== undefined && s.verdict !== 'not run' && norm(r.verdict) === norm(s.verdict);
    const show = !ok || r?.verdict === 'broken';
    return { id: s.id, recorded: s.verdict, replayed: r?.verdict, ok, detail: show ? (r?.firstFailure ?? r?.reason) : undefined };
  });
}
