// Bad input, table-driven, through the CLI: every broken suite, config, flag and cassette under
// test/fixtures/bad-corpus/ stops the run with exit 2 before anything is sent, with `FILE:LINE:COL: error[CODE]:`
// (where a file is to blame), the source line with a caret, a `hint:`, and no stack trace. The few that are
// runtime matters (a capture that matches nothing, a missing cassette, a request the cassette does not hold) end
// as a failed or broken scenario instead, as the Conventions say.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixtureCopy, hasStackTrace, runVouch } from '../helpers/cli.js';
import { readSummary, scenarioOf } from './helpers.js';

interface Row {
  name: string;
  args: string[];
  /** 2: stopped before sending; 1: a failed step; 3: a broken scenario. */
  exit: 1 | 2 | 3;
  code: string;
  /** `FILE:LINE:COL` of the culprit, where a file is to blame. */
  at?: string;
  message: RegExp;
  /** Environment for this row (default: the demo token is set). */
  env?: Record<string, string>;
  /** No source line to show (the culprit is a folder, or not in a file). */
  noCaret?: boolean;
  /** Give no --target (replay, or a target from the environment). */
  noTarget?: boolean;
}

const suite = (file: string, code: string, at: string, message: RegExp): Row => ({
  name: file,
  args: [`suites/${file}.yaml`],
  exit: 2,
  code,
  at: `suites/${file}.yaml:${at}`,
  message,
});
const config = (file: string, at: string | undefined, message: RegExp, code = 'config'): Row => ({
  name: `config ${file}`,
  args: ['good/ok.yaml', '--config', `configs/${file}.yaml`],
  exit: 2,
  code,
  at: at && `configs/${file}.yaml:${at}`,
  message,
});
const flag = (args: string[], code: string, message: RegExp): Row => ({
  name: args.join(' '),
  args: ['good/ok.yaml', ...args],
  exit: 2,
  code,
  message,
  noCaret: true,
});
const cassette = (id: string, code: string, message: RegExp): Row => ({
  name: id,
  args: [`replay/${id}.yaml`],
  exit: 2,
  code,
  at: `cassettes/demo/${id}.json:1:1`,
  message,
  noTarget: true,
});

const ROWS: Row[] = [
  // Malformed YAML, several kinds.
  suite('yaml-tab-indent', 'yaml-syntax', '5:1', /Tabs are not allowed as indentation/),
  suite('yaml-unclosed-quote', 'yaml-syntax', '\\d+:\\d+', /Missing closing "quote/),
  suite('yaml-bad-indent', 'yaml-syntax', '7:1', /All mapping items must start at the same column/),
  suite('yaml-duplicate-key', 'yaml-syntax', '8:5', /Map keys must be unique/),
  suite('yaml-unclosed-flow', 'yaml-syntax', '7:5', /Flow map .* must .* end with a \}/),
  suite('yaml-not-mapping', 'schema', '1:1', /a scenario must be a YAML mapping/),
  suite('yaml-alias-bomb', 'yaml-aliases', '6:10', /YAML aliases expand too much/),
  suite('empty', 'no-scenarios', '1:1', /no scenarios in suites\/empty\.yaml/),
  // Wrong types and values.
  suite('type-status', 'schema', '7:23', /steps\[0\]\.expect\.status: must be an integer or a list of integers/),
  suite('type-steps', 'schema', '4:8', /steps: must be array/),
  suite('type-tags', 'schema', '4:7', /tags: must be array/),
  suite('missing-api', 'schema', '1:1', /missing required key 'api'/),
  suite('bad-method', 'schema', '6:24', /method: must be one of GET, POST/),
  suite('path-no-slash', 'schema', '6:35', /path: must be a path starting with '\/'/),
  suite('bad-id', 'schema', '1:5', /id: must be a stable id/),
  suite('two-bodies', 'schema', '6:14', /takes only one of json, jsonFile and body/),
  suite('bad-capture', 'schema', '8:13', /capture\.both: must be a JSON pointer/),
  suite('bad-regex', 'bad-regex', '10:24', /regex '\(\[a-z' is not a regular expression/),
  // Unknown keys with near-miss names.
  suite('unknown-key-top', 'unknown-key', '7:1', /unknown key 'teardwon'; did you mean 'teardown'\?/),
  suite('unknown-key-step', 'unknown-key', '6:5', /unknown key 'requst'; did you mean 'request'\?/),
  suite('unknown-key-request', 'unknown-key', '6:40', /unknown key 'qurey'; did you mean 'query'\?/),
  suite('unknown-expect', 'unknown-key', '7:15', /unknown key 'stauts'; did you mean 'status'\?/),
  // Ids and variables.
  {
    name: 'duplicate scenario ids across files',
    args: ['dup-ids'],
    exit: 2,
    code: 'duplicate-id',
    at: 'dup-ids/b.yaml:2:5',
    message: /scenario id 'same-id' is already used at .*dup-ids\/a\.yaml:1:5/,
  },
  suite('dup-step-id', 'duplicate-step-id', '9:9', /step id 'read' is used twice/),
  suite('undefined-var', 'undefined-variable', '8:35', /\$\{itemNmae\}[^\n]*\n(.*\n)*hint: did you mean \$\{itemName\}\?/),
  suite('var-before-capture', 'undefined-variable', '6:35', /\$\{itemId\}: 'itemId' is captured only later, by step 'create'/),
  suite('bad-template', 'bad-template', '6:35', /\$\{\} is not a variable reference/),
  suite('unknown-step-ref', 'undefined-variable', '6:35', /no earlier step has id 'create'/),
  suite('env-unset', 'undefined-variable', '6:35', /the environment variable VOUCH_CORPUS_NOT_SET is not set[^\n]*\n(.*\n)*hint: export VOUCH_CORPUS_NOT_SET=/),
  {
    name: 'a credential not set',
    args: ['good/ok.yaml'],
    env: {},
    exit: 2,
    code: 'missing-credential',
    message: /VOUCH_DEMO_DEFAULT_TOKEN is not set[^\n]*\nhint: export VOUCH_DEMO_DEFAULT_TOKEN=/,
    noCaret: true,
  },
  // Referenced files: missing, not JSON, not a schema, outside the project.
  suite('missing-example', 'missing-file', '7:37', /'\.\.\/examples\/nope\.json' does not exist/),
  suite('missing-schema', 'missing-file', '7:36', /'\.\.\/schemas\/nope\.json' does not exist/),
  suite('missing-body', 'missing-file', '6:54', /'\.\.\/bodies\/nope\.json' does not exist/),
  suite('invalid-schema', 'bad-schema-file', '7:36', /is not a valid JSON Schema: \/properties\/name\/type must be equal to one of the allowed values/),
  suite('body-not-json', 'bad-json-file', '6:54', /'\.\.\/bodies\/broken\.json' is not valid JSON/),
  suite('escape-relative', 'path-escapes', '6:54', /'(\.\.\/)+etc\/passwd' points outside the project/),
  suite('escape-absolute', 'path-escapes', '7:36', /'\/etc\/passwd' points outside the project/),
  // A malformed vouch.config.yaml.
  config('bad-yaml', '3:10', /YAML syntax error/, 'yaml-syntax'),
  config('unknown-key', '4:5', /targets\.demo\.identites: unknown key 'identites'; did you mean 'identities'\?/),
  config('wrong-type', '1:10', /timeout: must be integer/),
  config('bad-url', '3:10', /targets\.demo\.url: must match pattern/),
  config('not-mapping', '1:1', /config: must be object/),
  config('bad-token-env', '5:28', /tokenEnv: must match pattern/),
  { ...config('nope', undefined, /config file .*nope\.yaml does not exist/), noCaret: true },
  // The command line.
  flag(['--target', 'demo'], 'bad-target', /--target 'demo' is not API=URL/),
  flag(['--target', 'demo=ftp://x'], 'bad-target', /'ftp:\/\/x' is not an http or https URL/),
  flag(['--target', 'demo=http://exa mple'], 'bad-target', /'http:\/\/exa mple' is not a URL/),
  {
    ...flag([], 'bad-target', /VOUCH_DEMO_URL: --target demo: 'ftp:\/\/x' is not an http or https URL/),
    name: 'VOUCH_DEMO_URL=ftp://x',
    env: { VOUCH_DEMO_URL: 'ftp://x', VOUCH_DEMO_DEFAULT_TOKEN: 'corpus-token' },
    noTarget: true,
  },
  flag(['--shard', '3/2'], 'bad-flag', /--shard '3\/2' is not i\/n/),
  flag(['--shard', 'half'], 'bad-flag', /--shard 'half' is not i\/n/),
  flag(['--grep', '(['], 'bad-grep', /--grep '\(\[' is not a regular expression/),
  flag(['--tag', 'nothing'], 'nothing-selected', /--tag nothing selects none of the 1 scenarios/),
  flag(['--reporter', 'nosuch'], 'bad-reporter', /--reporter 'nosuch' is neither a Playwright reporter nor a module/),
  flag(['--timeout', 'abc'], 'bad-flag', /--timeout must be a positive whole number of milliseconds \(got not a number\)/),
  flag(['--timeout', '-5'], 'bad-flag', /--timeout must be a positive whole number of milliseconds \(got -5\)/),
  flag(['--workers', '0'], 'bad-flag', /--workers must be a positive whole number \(got 0\)/),
  flag(['--retries', '-1'], 'bad-flag', /--retries must be zero or a positive whole number/),
  flag(['--mode', 'bogus'], 'usage', /Invalid values:\s+Argument: mode, Given: "bogus"/),
  flag(['--tagz', 'x'], 'usage', /Unknown argument: tagz/),
  flag(['--check'], 'bad-flag', /--check goes with --mode record/),
  flag(['--kubeconfig', '/nonexistent/kubeconfig'], 'kubeconfig', /cannot read kubeconfig \/nonexistent\/kubeconfig/),
  { name: 'a path that does not exist', args: ['nosuch/'], exit: 2, code: 'no-such-path', message: /nosuch\/: no such file or folder/, noCaret: true },
  {
    name: '--mode record with no target',
    args: ['good/ok.yaml', '--mode', 'record'],
    noTarget: true,
    exit: 2,
    code: 'no-target',
    message: /--mode record needs a target/,
    noCaret: true,
  },
  // Cassettes (replay): their format is the suite's business, so exit 2 before anything runs.
  cassette('cassette-not-json', 'cassette-not-json', /cassette is not valid JSON/),
  cassette('cassette-empty', 'cassette-not-json', /cassette is not valid JSON: Unexpected end of JSON input/),
  cassette('cassette-other-scenario', 'cassette-other-scenario', /this cassette belongs to scenario 'someone-else', not 'cassette-other-scenario'/),
  cassette('cassette-format-2', 'cassette-format', /cassette has format 2; this Vouch reads format 1/),
  cassette('cassette-tampered-status', 'cassette-invalid', /\/exchanges\/0\/response\/status: must be integer/),
  cassette('cassette-tampered-shape', 'cassette-invalid', /\/exchanges\/0: missing required field 'response'/),
  { ...cassette('cassette-is-a-folder', 'cassette-unreadable', /cannot read cassette: EISDIR/), noCaret: true },
  // Runtime matters: a missing cassette and an unmatched request are broken (exit 3); a capture is a failed step.
  {
    name: 'cassette-missing',
    args: ['replay/cassette-missing.yaml'],
    noTarget: true,
    exit: 3,
    code: 'broken',
    message:
      /broken: no cassette for scenario 'cassette-missing': expected \S+cassettes\/demo\/cassette-missing\.json \(hint: record it: vouch run --mode record/,
  },
  {
    name: 'cassette-tampered-request',
    args: ['replay/cassette-tampered-request.yaml'],
    noTarget: true,
    exit: 3,
    code: 'broken',
    message:
      /no recorded exchange matches GET \/ok as default; closest is #1 \(GET \/ok-edited as default\): path: recorded "\/ok-edited", sent "\/ok" \(hint: /,
  },
  {
    name: 'capture-nothing',
    args: ['runtime/capture-nothing.yaml'],
    exit: 1,
    code: 'capture',
    at: 'runtime/capture-nothing.yaml:9:15',
    message: /capture itemId: body \/id matches nothing in the response/,
  },
];

/** Exit-2 rows must send nothing; the runtime rows talk to their own server. */
async function countingServer(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close: () => new Promise((r) => server.close(() => r())) };
}

describe(`bad input: ${ROWS.length} broken inputs through the CLI`, { concurrency: false }, () => {
  let quiet: Awaited<ReturnType<typeof countingServer>>;
  let runtime: Awaited<ReturnType<typeof countingServer>>;
  let dir: string;
  before(async () => {
    quiet = await countingServer();
    runtime = await countingServer();
    dir = fixtureCopy('bad-corpus');
  });
  after(async () => {
    await quiet.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the corpus holds at least 30 inputs', () => assert.ok(ROWS.length >= 30, `${ROWS.length}`));

  describe('each input', { concurrency: 4 }, () => {
    for (const row of ROWS) {
      it(`${row.name}: exit ${row.exit}, ${row.code}`, { timeout: 240_000 }, async () => {
        const target = row.noTarget ? [] : ['--target', `demo=${(row.exit === 2 ? quiet : runtime).url}`];
        const out = `reports-${row.name.replace(/\W+/g, '-')}`;
        const env = row.env ?? { VOUCH_DEMO_DEFAULT_TOKEN: 'corpus-token' };
        // The target goes last, so the flag under test is what the checks meet first.
        const r = await runVouch(['run', ...row.args, '--output', out, ...target], { cwd: dir, env, timeoutMs: 240_000 });
        const all = `${r.stdout}${r.stderr}`;
        assert.equal(r.code, row.exit, all);
        assert.ok(!hasStackTrace(all), `no stack trace:\n${all}`);
        assert.match(all, row.message);
        if (row.exit === 2) {
          const first = r.stderr.split('\n')[0]!;
          const where = row.at ? `${row.at.replace(/\./g, '\\.')}: ` : '';
          assert.match(first, new RegExp(`^${where}error\\[${row.code}\\]: `), `first line: ${first}`);
          assert.match(r.stderr, /^hint: \S/m, 'a hint says what to do');
          if (row.at && !row.noCaret) assert.match(r.stderr, /\n\s*\d+ \| .*\n\s+\| +\^+/, 'the source line with a caret');
          assert.equal(r.stdout.trim(), '', 'nothing ran');
          return;
        }
        const scenario = readSummary(dir, out).scenarios[0]!;
        assert.equal(scenario.verdict, row.exit === 1 ? 'failed' : 'broken');
        if (row.at) {
          assert.equal(scenario.failedChecks[0]?.check, row.code);
          assert.equal(scenario.failedChecks[0]?.source, row.at, 'the failed check points at the capture');
          assert.match(r.stdout, new RegExp(`${row.at.replace(/\./g, '\\.')}: error\\[${row.code}\\]: `));
        }
      });
    }
  });

  it('nothing was sent by any input that stopped with exit 2', () => assert.deepEqual(quiet.hits, []));
  it('the failed capture skipped the next step and still ran the teardown', () => {
    assert.deepEqual(runtime.hits, ['GET /ok', 'GET /teardown']);
    assert.equal(scenarioOf(readSummary(dir, 'reports-capture-nothing'), 'capture-nothing').verdict, 'failed');
  });
});
