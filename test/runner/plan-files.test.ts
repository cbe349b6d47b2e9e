// What the run's processes share on disk, on their own: the scenario index and per-part files, the parse cache,
// and the compact form a scenario's result travels in from worker to reporters.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '../../src/results/plan.js';
import type { ScenarioResult } from '../../src/model/types.js';
import { loadScenarios } from '../../src/scenario/loader.js';
import { cacheDir, cachedParse } from '../../src/scenario/parse-cache.js';
import { schemaChecks } from '../../src/scenario/schema-check.js';
import { parseYamlFile } from '../../src/scenario/yaml-source.js';
import { PART_SIZE, partCount, partHeads, partIndex, partOf, planHeads, planScenario, saveParsedScenarios } from '../../src/results/scenarios.js';
import { decodeResult, encodeResult } from '../../src/results/record.js';
import { records, ResultInbox, ResultOutbox } from '../../src/results/log.js';
import { resultsDir } from '../../src/results/plan.js';

const scenarioYaml = (i: number) => `id: s-${i}
title: Scenario ${i}
api: selfcommunity
operation: status-read
tags: [t${i % 3}]
steps:
  - name: read it
    request: { method: GET, path: /api/v2/status/${i}/ }
    expect: { status: 200 }
`;

function project(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-plan-files-'));
  writeFileSync(join(dir, 'a.yaml'), Array.from({ length: n }, (_, i) => scenarioYaml(i)).join('---\n'));
  return dir;
}

/** A project of n scenarios, all of them planned in `parts` parts and saved. */
function savedPlan(n: number, parts: number): { dir: string; plan: Plan } {
  const dir = project(n);
  const { scenarios } = loadScenarios(['a.yaml'], { cwd: dir, projectRoot: dir });
  const plan = planFor(
    dir,
    scenarios.map((s) => s.id),
    parts,
  );
  saveParsedScenarios(plan, scenarios);
  return { dir, plan };
}

function planFor(dir: string, ids: string[], parts: number): Plan {
  return {
    runId: `r-${Math.random()}`,
    specDir: join(dir, 'out', '.vouch', 'specs'),
    parts,
    selected: ids,
    config: { outputDir: join(dir, 'out') },
  } as unknown as Plan;
}

describe('scenario index and parts', () => {
  it('partIndex is the inverse of partOf for every size and part count', () => {
    for (const n of [1, 2, 7, 8, 9, 22, 100, 1001]) {
      for (const parts of [1, 2, 3, 8, 16].filter((p) => p <= n)) {
        const items = [...Array(n).keys()];
        for (let p = 0; p < parts; p++) for (const i of partOf(items, p, parts)) assert.equal(partIndex(i, n, parts), p, `n=${n} parts=${parts} i=${i}`);
      }
    }
  });

  it('every process gets the heads in plan order, and a worker the whole scenario from its part only', () => {
    const dir = project(10);
    const { scenarios } = loadScenarios(['a.yaml'], { cwd: dir, projectRoot: dir });
    const selected = [scenarios[7]!, scenarios[2]!, scenarios[5]!, scenarios[0]!];
    const plan = planFor(
      dir,
      selected.map((s) => s.id),
      3,
    );
    saveParsedScenarios(plan, selected);
    const heads = planHeads(plan).list;
    assert.deepEqual(
      heads.map((h) => h.id),
      ['s-7', 's-2', 's-5', 's-0'],
    );
    assert.deepEqual(
      heads.map((h) => h.part),
      [0, 1, 2, 2],
    );
    assert.equal((heads[0] as unknown as { steps?: unknown }).steps, undefined, 'heads carry no steps');
    const s5 = planScenario(plan, 's-5');
    assert.deepEqual(JSON.parse(JSON.stringify(s5)), JSON.parse(JSON.stringify(selected[2])), 'the whole scenario, source positions included');
    assert.deepEqual(s5?.locations.get('/steps/0/expect/status'), { file: join(dir, 'a.yaml'), line: 59, col: 23, length: 3 }, 'with their file');
    assert.equal(planScenario(plan, 's-1'), undefined, 'not selected');
  });

  it('a worker holds the whole scenarios of one part at a time: reaching another part drops the last', () => {
    const { dir, plan } = savedPlan(9, 3);
    assert.equal(planScenario(plan, 's-0')?.id, 's-0');
    assert.equal(planScenario(plan, 's-4')?.id, 's-4', 'part 1');
    // Part 0 is read again when one of its scenarios is asked for once more (a retry in the same process).
    rmSync(join(dir, 'out', '.vouch', 'scenarios', 'part-00.json'));
    assert.equal(planScenario(plan, 's-5')?.id, 's-5', 'part 1 is still held');
    assert.throws(() => planScenario(plan, 's-1'), /part-00\.json is missing/);
  });

  it("a worker defines and runs a part's tests from that part's files alone, never the whole run's index", () => {
    const { dir, plan } = savedPlan(9, 3);
    const all = planHeads(plan).list;
    rmSync(join(dir, 'out', '.vouch', 'scenarios', 'index.json'));
    for (let p = 0; p < 3; p++) {
      assert.deepEqual(
        partHeads(plan, p),
        all.filter((h) => h.part === p),
        `part ${p}`,
      );
    }
    assert.equal(planScenario(plan, 's-4', 1)?.id, 's-4', 'found in its part without the index');
    assert.throws(() => partHeads({ ...plan, runId: 'another' } as Plan, 0), /heads-00\.json is missing or belongs to another run/);
  });

  it('cuts a run into parts of at most PART_SIZE scenarios, and at least two per worker and per shard', () => {
    assert.equal(partCount(1, { workers: 4 }), 1);
    assert.equal(partCount(100), 8);
    assert.equal(partCount(100, { workers: 6 }), 12);
    assert.equal(partCount(100, { shards: 10 }), 20);
    for (const n of [1000, 5000, 20_000, 100_000]) {
      const parts = partCount(n, { workers: 2 });
      const sizes = Array.from({ length: parts }, (_, p) => partOf([...Array(n).keys()], p, parts).length);
      assert.ok(Math.max(...sizes) <= PART_SIZE, `${n} scenarios: parts of ${Math.max(...sizes)}`);
      assert.equal(
        sizes.reduce((a, b) => a + b),
        n,
      );
    }
  });

  it('files left by another run are refused with a message that says what to do', () => {
    const { plan } = savedPlan(2, 1);
    const other = { ...plan, runId: 'another' } as Plan;
    assert.throws(() => planHeads(other), /belongs to another run.*--output/);
  });
});

describe('parse cache', () => {
  it('gives the same parse from the cache, and parses an edited file again', () => {
    const dir = project(3);
    const cache = join(dir, 'cache');
    const file = join(dir, 'a.yaml');
    let parses = 0;
    const parse = (text: string) => () => {
      parses++;
      return parseYamlFile(file, text);
    };
    const text = scenarioYaml(1);
    const first = cachedParse(cache, file, text, parse(text));
    const second = cachedParse(cache, file, text, parse(text));
    assert.equal(parses, 1);
    assert.deepEqual(JSON.parse(JSON.stringify(second)), JSON.parse(JSON.stringify(first)));
    assert.deepEqual(second.docs[0]!.locations.locate('/steps/0/request/path'), first.docs[0]!.locations.locate('/steps/0/request/path'));
    assert.equal(second.docs[0]!.locations.locate('/steps/0/request/path')?.line, 8, 'source positions read back from the cache');
    const edited = text.replace('Scenario 1', 'Scenario one');
    const third = cachedParse(cache, file, edited, parse(edited));
    assert.equal(parses, 2);
    assert.equal((third.docs[0]!.value as { title: string }).title, 'Scenario one');
    assert.equal(readdirSync(cache).length, 1, 'one entry per file, replaced when it changes');
  });

  it('never caches a file with errors or a value JSON cannot carry', () => {
    const dir = project(1);
    const cache = join(dir, 'cache');
    const file = join(dir, 'a.yaml');
    for (const text of ['id: [unclosed\n', 'id: x\nlimit: .inf\n']) {
      let parses = 0;
      const parse = () => {
        parses++;
        return parseYamlFile(file, text);
      };
      cachedParse(cache, file, text, parse);
      const again = cachedParse(cache, file, text, parse);
      assert.equal(parses, 2, text);
      if (text.includes('.inf')) assert.equal((again.docs[0]!.value as { limit: number }).limit, Infinity);
    }
  });

  it('lives in node_modules/.cache of the project, else the temporary folder; VOUCH_CACHE_DIR moves it or turns it off', () => {
    const dir = project(1);
    assert.match(cacheDir(dir, {}) ?? '', /vouch-cache-/);
    mkdirSync(join(dir, 'node_modules'));
    assert.equal(cacheDir(dir, {}), join(dir, 'node_modules', '.cache', 'vouch', 'parsed'));
    assert.equal(cacheDir(dir, { VOUCH_CACHE_DIR: '/x/y' }), '/x/y');
    assert.equal(cacheDir(dir, { VOUCH_CACHE_DIR: 'off' }), undefined);
  });

  it('a cached load gives the same scenarios as a fresh one', () => {
    const dir = project(5);
    const cache = join(dir, 'c');
    const prev = process.env['VOUCH_CACHE_DIR'];
    try {
      process.env['VOUCH_CACHE_DIR'] = 'off';
      const fresh = loadScenarios(['a.yaml'], { cwd: dir, projectRoot: dir });
      process.env['VOUCH_CACHE_DIR'] = cache;
      loadScenarios(['a.yaml'], { cwd: dir, projectRoot: dir });
      assert.ok(existsSync(cache));
      const checksBefore = schemaChecks();
      const cached = loadScenarios(['a.yaml'], { cwd: dir, projectRoot: dir });
      assert.deepEqual(JSON.parse(JSON.stringify(cached)), JSON.parse(JSON.stringify(fresh)));
      assert.equal(schemaChecks(), checksBefore, 'a cache hit stands for the schema check: no document is checked (or the schema compiled) again');
      // A file with a schema error is never cached: its message comes every time.
      writeFileSync(join(dir, 'b.yaml'), 'id: bad\ntitle: t\napi: selfcommunity\nstepz: []\n');
      for (let i = 0; i < 2; i++)
        assert.match(
          loadScenarios(['b.yaml'], { cwd: dir, projectRoot: dir })
            .diagnostics.map((d) => d.message)
            .join('\n'),
          /stepz/,
        );
    } finally {
      if (prev === undefined) delete process.env['VOUCH_CACHE_DIR'];
      else process.env['VOUCH_CACHE_DIR'] = prev;
    }
  });
});

describe('result attachment', () => {
  const exchange = (bodyText: string, body: unknown) => ({
    request: { method: 'PUT', url: 'http://x/a', path: '/a', query: {}, headers: {}, bodyText, body, identity: 'owner' },
    response: { status: 200, headers: {}, bodyText, body, durationMs: 1 },
    source: 'replay',
  });
  const result = (ex: unknown) =>
    ({
      id: 's',
      title: 't',
      api: 'a',
      file: '/f',
      verdict: 'passed',
      steps: [{ id: 'x', name: 'x', phase: 'steps', verdict: 'passed', checks: [], durationMs: 1, exchange: ex }],
      vars: {},
      mode: 'replay',
      durationMs: 1,
    }) as unknown as ScenarioResult;

  it('leaves out a body text that is the compact JSON of its body, and puts it back', () => {
    const r = result(exchange('{"a":1,"b":[true]}', { a: 1, b: [true] }));
    const encoded = encodeResult(r);
    assert.ok(!encoded.includes('"bodyText"'), encoded);
    assert.ok(encoded.length < JSON.stringify(r).length);
    assert.deepEqual(decodeResult(Buffer.from(encoded)), JSON.parse(JSON.stringify(r)));
  });

  it('keeps a body text that differs from its body (spacing, or not JSON at all)', () => {
    for (const r of [result(exchange('{ "a": 1 }', { a: 1 })), result(exchange('plain text', undefined))]) {
      assert.deepEqual(decodeResult(Buffer.from(encodeResult(r))), JSON.parse(JSON.stringify(r)));
    }
  });

  it('parses one attachment once for every reporter that reads it, and refuses what is not JSON', () => {
    const body = Buffer.from(encodeResult(result(exchange('{}', {}))));
    assert.equal(decodeResult(body), decodeResult(body));
    assert.equal(decodeResult(Buffer.from('not json')), undefined);
  });
});

describe('result files', () => {
  const r = (id: string) =>
    ({ id, title: 't', api: 'a', file: '/f', verdict: 'passed', steps: [], vars: {}, mode: 'replay', durationMs: 1 }) as unknown as ScenarioResult;

  it('a record a worker appended is handed to the runner once, by test and attempt, from any worker, as lines arrive', () => {
    const out = mkdtempSync(join(tmpdir(), 'vouch-results-'));
    const inbox = new ResultInbox(out);
    assert.equal(inbox.take('t1', 0), undefined, 'nothing sent yet, no folder');
    const a = new ResultOutbox(out);
    assert.ok(a.send('t1', 0, 's-1', encodeResult(r('s-1'))));
    assert.equal(inbox.take('t1', 0)?.id, 's-1');
    assert.equal(inbox.take('t1', 0), undefined, 'handed over once: the inbox keeps nothing it gave out');
    assert.ok(a.send('t1', 1, 's-1', encodeResult({ ...r('s-1'), title: 'retry' })));
    const b = new ResultOutbox(out);
    assert.ok(b.send('t2', 0, 's-2', encodeResult({ ...r('s-2'), verdict: 'failed' } as ScenarioResult)));
    assert.equal(inbox.take('t2', 0)?.verdict, 'failed', 'a failed record takes the same road as a passed one');
    assert.equal(inbox.take('t1', 1)?.title, 'retry');
    a.close();
    b.close();
    assert.equal(inbox.take('t9', 0), undefined);
  });

  it('the log reads through whole at the end: every record of every worker, in order, one at a time', () => {
    const out = mkdtempSync(join(tmpdir(), 'vouch-results-'));
    const a = new ResultOutbox(out);
    for (let i = 0; i < 3; i++) assert.ok(a.send(`t${i}`, 0, `s-${i}`, encodeResult({ ...r(`s-${i}`), title: 'é'.repeat(i * 1000) })));
    a.close();
    const seen: string[] = [];
    for (const { head, result } of records(out)) seen.push(`${head.test}#${head.retry}:${result.id}:${result.title.length}`);
    assert.deepEqual(seen, ['t0#0:s-0:0', 't1#0:s-1:1000', 't2#0:s-2:2000']);
  });

  it('a line cut short (a worker killed mid-write) is not read, and the lines after it in other files are', () => {
    const out = mkdtempSync(join(tmpdir(), 'vouch-results-'));
    const a = new ResultOutbox(out);
    assert.ok(a.send('t1', 0, 's-1', encodeResult(r('s-1'))));
    a.close();
    const dir = resultsDir(out);
    writeFileSync(join(dir, 'worker-1.ndjson'), `{"test":"t2","retry":0,"id":"s-2"}\t{"id":"s-2","ste`);
    const inbox = new ResultInbox(out);
    assert.equal(inbox.take('t2', 0), undefined);
    assert.equal(inbox.take('t1', 0)?.id, 's-1');
  });

  it('a worker that cannot write its file says so, and the caller attaches instead', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vouch-results-')), 'file');
    writeFileSync(out, '');
    const a = new ResultOutbox(out);
    assert.equal(a.send('t1', 0, 's-1', encodeResult(r('s-1'))), false);
  });
});
