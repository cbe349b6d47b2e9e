// Hostile input, through the CLI as a user meets it: suites that point at files outside the project, at devices and
// FIFOs, or at files too large; answers built to exhaust or hang the client (an endless body, a gzip bomb, deep JSON,
// a regex that backtracks for ever, invalid UTF-8, redirects to file: and data: and to another origin); credentials
// in a target URL. Every case ends in bounded time, with a named refusal (exit 2, FILE:LINE:COL, a hint) or a
// broken verdict with a one-line cause; none leaves a stack trace.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureCopy, hasStackTrace, runVouch, type CliResult } from '../helpers/cli.js';
import { startCookieTlsServer, startHostileServer, type HostileServer } from './hostile-server.js';
import { filesContaining, readSummary, scenarioOf } from './helpers.js';

/** Every case must end well within this, or it failed to bound what it read or waited for. */
const BOUND_MS = 60_000;
const KILL_MS = 90_000;

interface Timed extends CliResult {
  ms: number;
}

describe('hostile input', { concurrency: false }, () => {
  let server: HostileServer;
  let dir: string;
  let outside: string;
  const env = { VOUCH_HOSTILE_DEFAULT_TOKEN: 'hostile-token-default-1' };

  before(async () => {
    server = await startHostileServer();
    dir = fixtureCopy('reliability');
    outside = mkdtempSync(join(tmpdir(), 'vouch-outside-'));
    writeFileSync(join(outside, 'secret.json'), '{"secret": "outside the project"}\n');
    const bodies = join(dir, 'hostile', 'refs', 'bodies');
    symlinkSync(join(outside, 'secret.json'), join(bodies, 'outside.json'));
    symlinkSync('/dev/zero', join(bodies, 'zero.json'));
    execFileSync('mkfifo', [join(bodies, 'fifo.json')]);
    writeFileSync(join(bodies, 'big.json'), JSON.stringify({ pad: 'x'.repeat(2000) }));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  async function vouch(args: string[], extraEnv: Record<string, string> = {}): Promise<Timed> {
    const started = Date.now();
    const r = await runVouch(args, { cwd: dir, env: { ...env, ...extraEnv }, timeoutMs: KILL_MS });
    const ms = Date.now() - started;
    assert.ok(ms < BOUND_MS, `vouch ${args.join(' ')} took ${ms} ms (bound ${BOUND_MS} ms):\n${r.stdout}${r.stderr}`);
    assert.ok(!hasStackTrace(r.stdout + r.stderr), `no stack trace:\n${r.stdout}${r.stderr}`);
    return { ...r, ms };
  }

  /** Exit 2 with `FILE:LINE:COL: error[CODE]: ...` at the reference, the caret line and a hint. */
  function refused(r: Timed, file: string, code: string, message: RegExp): void {
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: error\\[${code}\\]: `, 'm'), r.stderr);
    assert.match(r.stderr, message, r.stderr);
    assert.match(r.stderr, /^\d+ \| .*\n\s+\| +\^+/m, `the source line with a caret:\n${r.stderr}`);
    assert.match(r.stderr, /^hint: /m, r.stderr);
  }

  describe('files a suite refers to', () => {
    it('a body file that is a symbolic link to a file outside the project is refused', async () => {
      const r = await vouch(['validate', 'hostile/refs/link-outside.yaml']);
      refused(r, 'hostile/refs/link-outside.yaml', 'path-escapes', /'bodies\/outside\.json' is a symbolic link to \S+secret\.json, outside the project/);
    });

    it('a body file linked to /dev/zero is refused at once, naming where the link leads', async () => {
      const r = await vouch(['validate', 'hostile/refs/dev-zero.yaml']);
      refused(r, 'hostile/refs/dev-zero.yaml', 'path-escapes', /'bodies\/zero\.json' is a symbolic link to \/dev\/zero, outside the project/);
      assert.ok(r.ms < 15_000, `${r.ms} ms`);
    });

    it('a device or a FIFO given as the scenario file itself is refused as not a regular file', async () => {
      const r = await vouch(['validate', '/dev/zero', 'hostile/refs/bodies/fifo.json']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /error\[unreadable\]: \/dev\/zero is a character device, not a regular file/);
      assert.match(r.stderr, /error\[unreadable\]: \S+fifo\.json is a FIFO \(named pipe\), not a regular file/);
      assert.match(r.stderr, /hint: scenario files are regular YAML files/);
    });

    it('a body file that is a FIFO is refused without opening it for good', async () => {
      const r = await vouch(['validate', 'hostile/refs/fifo.yaml']);
      refused(r, 'hostile/refs/fifo.yaml', 'not-a-file', /'bodies\/fifo\.json' is a FIFO \(named pipe\), not a regular file/);
    });

    it("a body file over limits.fileBytes is refused, and the limit is the config's", async () => {
      const r = await vouch(['validate', '--config', 'hostile/config/small-limits.yaml', 'hostile/refs/big.yaml']);
      refused(r, 'hostile/refs/big.yaml', 'file-too-large', /'bodies\/big\.json' is 2 KiB or more, over the limit of 1000 bytes/);
      const ok = await vouch(['validate', 'hostile/refs/big.yaml']);
      assert.equal(ok.code, 0, `within the default limit it is valid:\n${ok.stderr}`);
    });

    it('an 8 MB YAML file whose 99 aliases repeat its largest value is refused, located at the first alias', async () => {
      const item = JSON.stringify('x'.repeat(70));
      const aliases = Array.from({ length: 99 }, (_, i) => `  v${i}: *big`).join('\n');
      const yaml = `id: alias-bomb\ntitle: Aliases that repeat 8 MB\napi: hostile\nvars:\n  big: &big [${Array(110_000).fill(item).join(',')}]\n${aliases}\nsteps:\n  - name: s\n    request: { method: GET, path: /ok }\n    expect: { status: 200 }\n`;
      writeFileSync(join(dir, 'hostile', 'alias-bomb.yaml'), yaml);
      const r = await vouch(['validate', 'hostile/alias-bomb.yaml']);
      refused(r, 'hostile/alias-bomb.yaml', 'yaml-aliases', /YAML aliases expand this document to more than 10 MiB \(limits\.fileBytes\)/);
      assert.match(r.stderr, /^hostile\/alias-bomb\.yaml:6:7: /m, 'at the first alias');
    });

    it('a schema whose $ref points at a remote URL is refused at validate time, not left to fail the target', async () => {
      const r = await vouch(['validate', 'hostile/refs/remote-ref.yaml']);
      refused(
        r,
        'hostile/refs/remote-ref.yaml',
        'unresolvable-ref',
        /'schemas\/remote-ref\.json' cannot be compiled with its references: can't resolve reference https:\/\/schemas\.example\.invalid\/ok\.json/,
      );
      assert.match(r.stderr, /hint: Vouch never fetches schemas/);
    });

    it('`vouch run` refuses the same files before sending anything', async () => {
      const before = server.log.length;
      const r = await vouch([
        'run',
        'hostile/refs/link-outside.yaml',
        'hostile/refs/dev-zero.yaml',
        'hostile/refs/fifo.yaml',
        '--target',
        `hostile=${server.url}`,
        '--output',
        'reports-refs',
      ]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        /dev-zero\.yaml:7:51: error\[path-escapes\][\s\S]*fifo\.yaml:7:51: error\[not-a-file\][\s\S]*link-outside\.yaml:7:51: error\[path-escapes\]/,
      );
      assert.equal(server.log.length, before, 'nothing was sent');
    });
  });

  describe('regular expressions', () => {
    it('`regex: "^(a+)+$"` on 48 a\'s and a ! fails its check at once instead of backtracking for ever', async () => {
      const r = await vouch(['run', 'hostile/answers/redos.yaml', '--target', `hostile=${server.url}`, '--output', 'reports-redos']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const s = scenarioOf(readSummary(dir, 'reports-redos'), 'redos');
      assert.equal(s.verdict, 'failed');
      assert.match(s.firstFailure ?? '', /name: expected a string matching \/\^\(a\+\)\+\$\/, got "a{48}!"/);
    });

    it('a pattern that needs backtracking (lookahead) is refused when the suite is validated', async () => {
      const r = await vouch(['validate', 'hostile/refs/lookaround.yaml']);
      refused(
        r,
        'hostile/refs/lookaround.yaml',
        'bad-regex',
        /regex '\^\(\?=t\)true\$' cannot run on RE2, the linear-time engine Vouch matches with: lookaround/,
      );
    });
  });

  describe('answers built to exhaust the client', () => {
    const live = (ids: string[], out: string, extra: string[] = []) =>
      vouch([
        'run',
        ...ids.map((id) => `hostile/answers/${id}.yaml`),
        'hostile/answers/ok.yaml',
        '--target',
        `hostile=${server.url}`,
        '--output',
        out,
        '--workers',
        '1',
        ...extra,
      ]);

    /** The scenario is broken with a one-line cause, its teardown ran, and the healthy scenario passed. */
    function broken(out: string, id: string, cause: RegExp): void {
      const summary = readSummary(dir, out);
      const s = scenarioOf(summary, id);
      assert.equal(s.verdict, 'broken', JSON.stringify(s));
      assert.ok(s.firstFailure && !s.firstFailure.includes('\n'), `one line: ${s.firstFailure}`);
      assert.match(s.firstFailure, cause);
      assert.equal(scenarioOf(summary, 'ok').verdict, 'passed');
      assert.ok(
        server.log.some((l) => l.includes(`s=${id}&at=teardown`)),
        `the teardown of ${id} ran`,
      );
    }

    it('an endless chunked body stops at --max-response-bytes: broken, with the limit named', async () => {
      const r = await live(['endless'], 'reports-endless', ['--max-response-bytes', '1000000']);
      assert.equal(r.code, 3, r.stdout + r.stderr);
      broken(
        'reports-endless',
        'endless',
        /GET \S+\/endless: the response body is larger than 976\.6 KiB \(limit: 1000000 bytes\); reading stopped there \(hint: raise --max-response-bytes/,
      );
    });

    it('a gzip bomb stops at the decompressed limit (the default, 64 MiB): broken', async () => {
      const r = await live(['gzip-bomb'], 'reports-gzip', []);
      assert.equal(r.code, 3, r.stdout + r.stderr);
      broken('reports-gzip', 'gzip-bomb', /GET \S+\/gzip-bomb: the gzip response body decompresses to more than 64 MiB \(limit: 67108864 bytes\)/);
    });

    it("JSON nested 3,000 levels deep is broken with the step's URL, not a stack overflow", async () => {
      const r = await live(['deep'], 'reports-deep');
      assert.equal(r.code, 3, r.stdout + r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, /Maximum call stack/);
      broken(
        'reports-deep',
        'deep',
        /step "the hostile answer" \(GET \/deep\): GET http:\/\/127\.0\.0\.1:\d+\/deep: the JSON body nests more than 512 levels deep/,
      );
    });

    it('invalid UTF-8 inside JSON fails `json: true`', async () => {
      const r = await live(['bad-utf8'], 'reports-utf8');
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const s = scenarioOf(readSummary(dir, 'reports-utf8'), 'bad-utf8');
      assert.equal(s.verdict, 'failed');
      assert.match(s.firstFailure ?? '', /body: expected JSON, got a application\/json body that is not valid UTF-8/);
    });

    it('redirects to file: and data: URLs are broken with their own cause, not "a loop"', async () => {
      const r = await live(['redirect-file', 'redirect-data'], 'reports-redirect');
      assert.equal(r.code, 3, r.stdout + r.stderr);
      for (const id of ['redirect-file', 'redirect-data']) {
        broken('reports-redirect', id, /redirect to unsupported protocol (file|data):.*\(hint: the server redirected to a URL that is not http or https/);
        assert.doesNotMatch(scenarioOf(readSummary(dir, 'reports-redirect'), id).firstFailure ?? '', /loop/);
      }
    });

    it('a secret header (Authorization, a configured redact header) does not follow a redirect to another origin', async () => {
      const r = await live(['redirect-other'], 'reports-other', ['--config', 'hostile/config/redact.yaml']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const got = server.otherHeaders.at(-1);
      assert.ok(got, 'the redirect was followed');
      assert.equal(got['x-api-key'], undefined, 'the configured secret header stayed behind');
      assert.equal(got.authorization, undefined, 'the bearer token stayed behind');
      assert.equal(got.accept, 'application/json', 'ordinary headers follow');
    });
  });

  describe('target URLs', () => {
    it('a password in --target is refused (exit 2) and written nowhere', async () => {
      const r = await vouch([
        'run',
        'hostile/answers/ok.yaml',
        '--target',
        `hostile=http://vouchuser:hunter2-secret@${server.url.slice('http://'.length)}`,
        '--output',
        'reports-userinfo',
      ]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /error\[url-credentials\]: --target hostile: the URL carries a user name and a password/);
      assert.match(r.stderr, /hint: give the URL without them .* VOUCH_<API>_<IDENTITY>_TOKEN/);
      assert.doesNotMatch(r.stdout + r.stderr, /hunter2-secret/);
      assert.deepEqual(filesContaining([join(dir, 'reports-userinfo')], ['hunter2-secret']), []);
    });

    it('VOUCH_<API>_URL with a user name is refused the same way', async () => {
      const r = await vouch(['run', 'hostile/answers/ok.yaml', '--output', 'reports-userinfo-env'], {
        VOUCH_HOSTILE_URL: `http://vouchuser@${server.url.slice('http://'.length)}`,
      });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(
        r.stderr,
        /error\[url-credentials\]: VOUCH_HOSTILE_URL: the URL carries a user name \(http:\/\/127\.0\.0\.1:\d+ with credentials before the host\)/,
      );
    });
  });

  describe('the output folder', () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('a second run into the same --output is refused while the first runs; the first keeps all its results', async () => {
      const marks = () => server.log.filter((l) => l.includes('/slow')).length;
      const already = marks();
      const first = vouch([
        'run',
        'hostile/answers/lock-slow.yaml',
        'hostile/answers/ok.yaml',
        '--target',
        `hostile=${server.url}`,
        '--output',
        'reports-shared',
        '--workers',
        '1',
      ]);
      while (marks() === already) await sleep(20);
      const second = await vouch(['run', 'hostile/answers/ok.yaml', '--target', `hostile=${server.url}`, '--output', 'reports-shared']);
      assert.equal(second.code, 2, second.stdout + second.stderr);
      assert.match(second.stderr, /error\[output-in-use\]: the output folder reports-shared\/ is in use by another vouch run \(pid \d+, started /);
      assert.match(second.stderr, /hint: give this run its own folder with --output DIR/);
      const r = await first;
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const summary = readSummary(dir, 'reports-shared');
      assert.deepEqual(summary.scenarios.map((x) => x.id).sort(), ['lock-slow', 'ok']);
      const results = readdirSync(join(dir, 'reports-shared', 'allure-results')).filter((n) => n.endsWith('-result.json'));
      assert.equal(results.length, 2, `one Allure result per test: ${results.join(', ')}`);
      assert.ok(!existsSync(join(dir, 'reports-shared', '.vouch', 'run.lock')), 'the lock is released at the end');
    });

    it('a lock left by a process that is gone (a SIGKILL) is stale: the next run takes it over', async () => {
      const lock = join(dir, 'reports-stale', '.vouch', 'run.lock');
      mkdirSync(join(dir, 'reports-stale', '.vouch'), { recursive: true });
      const dead = spawnSync('true').pid;
      writeFileSync(lock, JSON.stringify({ pid: dead, startedAt: '2001-02-03T04:05:06.000Z' }));
      const r = await vouch(['run', 'hostile/answers/ok.yaml', '--target', `hostile=${server.url}`, '--output', 'reports-stale']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });
  });

  describe('state between scenarios', () => {
    it('under --insecure, a cookie one scenario received is not sent by a later one, as any identity', async () => {
      const tls = await startCookieTlsServer();
      try {
        const r = await vouch(['run', 'hostile/cookies', '--target', `cookies=${tls.url}`, '--insecure', '--workers', '1', '--output', 'reports-cookies'], {
          VOUCH_COOKIES_DEFAULT_TOKEN: 'cookie-token-default-1',
        });
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.equal(scenarioOf(readSummary(dir, 'reports-cookies'), 'cookie-2-later').verdict, 'passed');
      } finally {
        await tls.close();
      }
    });

    it('a scenario past --scenario-timeout is broken with the limit named; the run goes on', async () => {
      const r = await vouch([
        'run',
        'hostile/answers/slow.yaml',
        'hostile/answers/ok.yaml',
        '--target',
        `hostile=${server.url}`,
        '--scenario-timeout',
        '3000',
        '--timeout',
        '30000',
        '--workers',
        '1',
        '--output',
        'reports-limit',
      ]);
      assert.equal(r.code, 3, r.stdout + r.stderr);
      const summary = readSummary(dir, 'reports-limit');
      const s = scenarioOf(summary, 'slow');
      assert.equal(s.verdict, 'broken');
      assert.match(
        s.firstFailure ?? '',
        /^the scenario ran past its time limit of 3000 ms \(limits\.scenarioTimeout, --scenario-timeout\); Playwright stopped it$/,
      );
      assert.equal(scenarioOf(summary, 'ok').verdict, 'passed');
      assert.ok(r.ms < 20_000, `${r.ms} ms`);
    });
  });
});
