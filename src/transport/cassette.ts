// The cassette format (Vouch's own JSON, `"format": 1`, one file per scenario): its types, where a scenario's
// cassette lives, a stable diff-friendly serialisation, and reading with validation into typed errors.
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { DiagnosticError, diag } from '../model/diagnostic.js';
import type { ExchangeRequest, Scenario } from '../model/types.js';
import { validate as generatedValidate } from './cassette-validate.generated.js';

export const CASSETTE_FORMAT = 1;

/** What a cassette keeps of an exchange's request: no URL (the target is the cassette's) and no identity (the exchange's). */
export interface CassetteRequest extends Pick<ExchangeRequest, 'method' | 'path' | 'query' | 'body' | 'bodyText'> {
  /** Only the headers that matter (content-type, accept, custom non-credential ones). */
  headers: Record<string, string>;
}

export interface CassetteResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  bodyText?: string;
  /** The indentation of a JSON body that was answered pretty-printed (replay indents it the same way). */
  indent?: string;
}

export interface CassetteExchange {
  /** The id of the scenario step that sent it (recordings before this field have none). */
  step?: string;
  /** The identity alias the request acted as; never its credential. */
  identity: string;
  request: CassetteRequest;
  response: CassetteResponse;
  durationMs: number;
}

export interface Cassette {
  format: typeof CASSETTE_FORMAT;
  scenario: { id: string; file: string; hash: string };
  vouch: { version: string };
  target: { api: string; name: string; baseUrl: string; serverVersion?: string };
  recordedAt: string;
  vars: Record<string, unknown>;
  exchanges: CassetteExchange[];
}

export type CassetteProblem = 'unreadable' | 'not-json' | 'format' | 'invalid' | 'other-scenario';

/** A cassette that cannot be used; a Diagnostic naming the file and what to do (the run stops with exit 2). */
export class CassetteError extends DiagnosticError {
  constructor(
    readonly file: string,
    readonly problem: CassetteProblem,
    message: string,
    hint: string,
    line = 1,
    col = 1,
  ) {
    super([diag(`cassette-${problem}`, message, { location: { file, line, col }, hint })]);
    this.name = 'CassetteError';
  }
}

/** `<dir>/<api>/<scenario-id>.json`; characters unsafe in a file name are percent-encoded. */
export function cassettePath(dir: string, api: string, scenarioId: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return join(dir, safe(api), `${safe(scenarioId)}.json`);
}

/** The scenario file as a cassette records it: relative to the working folder, with forward slashes. */
export function scenarioFileForCassette(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return (rel && !rel.startsWith('..') ? rel : file).split(sep).join('/');
}

/** The command that (re-)records a scenario, for hints. */
export function recordCommand(scenario: Pick<Scenario, 'api' | 'file'>): string {
  return `vouch run --mode record --target ${scenario.api}=URL ${scenarioFileForCassette(scenario.file)}`;
}

function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Variables sorted at every level: the runner's insertion order is not meaningful, and must not churn diffs. */
function sortedDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedDeep);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(sortedRecord(v as Record<string, unknown>)).map(([k, x]) => [k, sortedDeep(x)]));
  return v;
}

function withBody<T extends object>(base: T, m: { body?: unknown; bodyText?: string }): T & { body?: unknown; bodyText?: string } {
  if (m.body !== undefined) return { ...base, body: m.body };
  if (m.bodyText !== undefined && m.bodyText !== '') return { ...base, bodyText: m.bodyText };
  return base;
}

/** Rebuilds every object with its keys in one fixed order, so that re-recording the same answers changes no line. */
export function normalizeCassette(c: Cassette): Cassette {
  const { serverVersion } = c.target;
  return {
    format: CASSETTE_FORMAT,
    scenario: { id: c.scenario.id, file: c.scenario.file, hash: c.scenario.hash },
    vouch: { version: c.vouch.version },
    target: { api: c.target.api, name: c.target.name, baseUrl: c.target.baseUrl, ...(serverVersion ? { serverVersion } : {}) },
    recordedAt: c.recordedAt,
    vars: sortedDeep(c.vars) as Record<string, unknown>,
    exchanges: c.exchanges.map((e) => ({
      ...(e.step !== undefined ? { step: e.step } : {}),
      identity: e.identity,
      request: withBody(
        { method: e.request.method, path: e.request.path, query: sortedRecord(e.request.query), headers: sortedRecord(e.request.headers) },
        e.request,
      ),
      response: {
        ...withBody({ status: e.response.status, headers: sortedRecord(e.response.headers) }, e.response),
        ...(e.response.indent !== undefined && e.response.body !== undefined ? { indent: e.response.indent } : {}),
      },
      durationMs: e.durationMs,
    })),
  };
}

export function serializeCassette(c: Cassette): string {
  return `${JSON.stringify(normalizeCassette(c), null, 2)}\n`;
}

/** The cassette schema (cassette-schema.ts) as ajv compiled it ahead of time (cassette-validator-source.ts). */
const validateShape = generatedValidate as unknown as ValidateFunction;

const RERECORD = 'restore it from version control, or re-record it with: vouch run --mode record --target <api>=URL <scenario file>';

/** Reads and validates a cassette; throws CassetteError for anything that is not a usable format-1 cassette. */
export function readCassette(file: string, expect: { scenarioId?: string } = {}): Cassette {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CassetteError(file, 'unreadable', `cannot read cassette: ${(e as Error).message}`, 'check the file and its permissions');
  }
  const value = parseJson(file, text);
  checkShape(file, value);
  const cassette = value as Cassette;
  if (expect.scenarioId !== undefined && cassette.scenario.id !== expect.scenarioId) {
    throw new CassetteError(
      file,
      'other-scenario',
      `this cassette belongs to scenario '${cassette.scenario.id}', not '${expect.scenarioId}'`,
      `a cassette was copied or renamed by hand; ${RERECORD}`,
    );
  }
  return cassette;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /at position (\d+)/.exec(msg);
    const at = pos ? lineCol(text, Number(pos[1])) : { line: 1, col: 1 };
    throw new CassetteError(file, 'not-json', `cassette is not valid JSON: ${msg}`, `the file is damaged or was edited by hand; ${RERECORD}`, at.line, at.col);
  }
}

function checkShape(file: string, value: unknown): void {
  const format = value !== null && typeof value === 'object' ? (value as { format?: unknown }).format : undefined;
  if (format !== CASSETTE_FORMAT) {
    const what = format === undefined ? 'has no "format"' : `has format ${JSON.stringify(format)}`;
    throw new CassetteError(
      file,
      'format',
      `cassette ${what}; this Vouch reads format ${CASSETTE_FORMAT}`,
      `re-record it with this Vouch: vouch run --mode record --target <api>=URL <scenario file>`,
    );
  }
  if (!validateShape(value)) {
    const e = (validateShape.errors ?? [])[0];
    throw new CassetteError(
      file,
      'invalid',
      `cassette is not a valid format-${CASSETTE_FORMAT} cassette: ${describe(e)}`,
      `the file is damaged or was edited by hand; ${RERECORD}`,
    );
  }
}

function describe(e: ErrorObject | undefined): string {
  if (!e) return 'unknown problem';
  const where = e.instancePath || '(top level)';
  if (e.keyword === 'required') return `${where}: missing required field '${(e.params as { missingProperty: string }).missingProperty}'`;
  return `${where}: ${e.message ?? 'is invalid'}`;
}

function lineCol(text: string, pos: number): { line: number; col: number } {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, col: pos - before.lastIndexOf('\n') };
}
