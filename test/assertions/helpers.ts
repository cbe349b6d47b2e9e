// Shared by the assertion tests: hand-built scenarios, exchanges and contexts, and the JSON fixtures they read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange, Scenario, SourceLocation, Step } from '../../src/model/types.js';
import { mapScope, resolveTemplate } from '../../src/scenario/template.js';
import type { AssertionContext, AssertionOptions } from '../../src/assertions/types.js';
import { getField, parseFieldPath } from '../../src/util/field-path.js';
import { SourceMap } from '../../src/model/source-map.js';

export const FIXTURES = join(process.cwd(), 'test/fixtures/assertions');
export const SCENARIO_FILE = join(FIXTURES, 'scenario.yaml');

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

/** A documented example's payload, as committed under suites/ (the wrapper's `example`). */
export function documented<T = unknown>(api: string, name: string): T {
  return (JSON.parse(readFileSync(join(process.cwd(), 'suites', api, 'examples', name), 'utf8')) as { example: T }).example;
}

export interface ExchangeSpec {
  method?: string;
  path?: string;
  requestBody?: unknown;
  contentType?: string;
  status?: number;
  body?: unknown;
  bodyText?: string;
}

export function exchange(s: ExchangeSpec): Exchange {
  const headers: Record<string, string> = s.contentType ? { 'Content-Type': s.contentType } : {};
  return {
    request: {
      method: s.method ?? 'GET',
      url: `http://k8s.test${s.path ?? '/'}`,
      path: s.path ?? '/',
      query: {},
      headers,
      body: s.requestBody,
      bodyText: s.requestBody === undefined ? undefined : JSON.stringify(s.requestBody),
      identity: 'default',
    },
    response: {
      status: s.status ?? 200,
      headers: { 'content-type': 'application/json' },
      bodyText: s.bodyText ?? JSON.stringify(s.body ?? null),
      body: s.body,
      durationMs: 3,
    },
    source: 'replay',
  };
}

const step: Step = {
  id: 'this',
  name: 'the step under test',
  phase: 'steps',
  index: 0,
  as: 'default',
  request: { method: 'GET', path: '/' },
  capture: {},
  expect: {},
  pointer: '/steps/0',
};

export function scenario(file = SCENARIO_FILE, api = 'kubernetes'): Scenario {
  return {
    id: 'assertions-fixture',
    title: 'fixture',
    api,
    tags: [],
    covers: [],
    requires: [],
    vars: {},
    setup: [],
    steps: [step],
    teardown: [],
    file,
    docIndex: 0,
    hash: '',
    locations: new SourceMap(file),
  };
}

/** Where each expectation sits in the (pretend) scenario file: line 10 for the step, one line per key. */
export function locate(pointer: string): SourceLocation {
  const keys = ['/status', '/schema', '/example', '/body', '/patched', '/unchanged'];
  const i = keys.findIndex((k) => pointer === k || pointer.startsWith(`${k}/`));
  return { file: SCENARIO_FILE, line: 12 + Math.max(i, 0), col: 7 };
}

export interface ContextSpec {
  exchanges?: Record<string, Exchange>;
  options?: AssertionOptions;
  file?: string;
  /** The scenario's API (default kubernetes): its servers' known variations apply. */
  api?: string;
}

/** What `${steps.ID...}` sees, shaped as the runner (runner/execute.ts) shapes it. */
function stepsScope(exchanges: Record<string, Exchange>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(exchanges).map(([id, ex]) => [
      id,
      {
        request: { method: ex.request.method, path: ex.request.path, query: ex.request.query, headers: ex.request.headers, body: ex.request.body },
        response: ex.response ? { status: ex.response.status, headers: ex.response.headers, body: ex.response.body } : undefined,
      },
    ]),
  );
}

/** A context whose templates resolve against earlier exchanges the way the runner's do: `${steps.ID.request.body...}`. */
export function context(spec: ContextSpec = {}): AssertionContext {
  const exchanges = spec.exchanges ?? {};
  return {
    scenario: scenario(spec.file, spec.api),
    step,
    exchanges,
    resolve: (v) => resolveTemplate(v, mapScope({ steps: stepsScope(exchanges) })),
    locate,
    options: spec.options ?? {},
  };
}

/** A copy of a JSON document with the field at `path` set (or removed, for `undefined`): fixtures edited by path. */
export function edit(doc: unknown, changes: Record<string, unknown>): unknown {
  const copy = structuredClone(doc);
  for (const [path, value] of Object.entries(changes)) {
    const segs = parseFieldPath(path);
    const parent = getField(copy, segs.slice(0, -1)) as Record<string | number, unknown>;
    const last = segs[segs.length - 1]!;
    if (typeof last === 'object') throw new Error(`edit: ${path} ends in a selector; name a field or an index`);
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return copy;
}
