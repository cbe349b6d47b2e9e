// Each step reaches the step wrapper (Playwright's test.step in a run) with where it is written in its YAML file,
// which becomes the step's location in Playwright's reports (instead of a stack trace captured for each step).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import type { SourceLocation } from '../../src/model/types.ts';
import { executeScenario, type StepWrapper } from '../../src/runner/execute.ts';
import { loadScenarios } from '../../src/scenario/loader.ts';
import type { Transport } from '../../src/transport/types.ts';

const YAML = `id: where-steps-are
title: Steps know where they are written
api: selfcommunity
setup:
  - name: make one
    request: { method: POST, path: /things/ }
    expect: { status: 201 }
steps:
  - name: read it
    request: { method: GET, path: /things/1/ }
    expect: { status: 200 }
teardown:
  - name: remove it
    request: { method: DELETE, path: /things/1/ }
`;

it('each step is wrapped with its YAML file, line and column', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-step-location-'));
  const file = join(dir, 'where.yaml');
  writeFileSync(file, YAML);
  const loaded = loadScenarios([file], { cwd: dir, projectRoot: dir });
  assert.deepEqual(loaded.diagnostics, []);
  const status: Record<string, number> = { POST: 201, GET: 200, DELETE: 204 };
  const transport: Transport = {
    mode: 'live',
    async begin() {
      return {
        source: 'live',
        notes: [],
        async send(req) {
          return {
            request: { method: req.method, url: req.url, path: req.path, query: req.query, headers: req.redactedHeaders, identity: req.identity },
            response: { status: status[req.method] ?? 500, headers: {}, bodyText: '', durationMs: 0 },
            source: 'live',
          };
        },
        async finish() {
          return { unused: 0 };
        },
      };
    },
    async close() {},
  };
  const seen: [string, SourceLocation | undefined][] = [];
  const wrap: StepWrapper = (title, fn, _failed, at) => {
    seen.push([title, at]);
    return fn();
  };
  const target = { baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000, token: () => undefined };
  const result = await executeScenario(loaded.scenarios[0]!, { transport, target, runId: 'r1', mode: 'live', assertionOptions: {}, wrap });
  assert.equal(result.verdict, 'passed');
  assert.deepEqual(
    seen.map(([title, at]) => [title, at?.file, at?.line, at?.col]),
    [
      ['setup: make one', file, 5, 5],
      ['read it', file, 9, 5],
      ['teardown: remove it', file, 13, 5],
    ],
  );
});
