// `vouch cassettes scan` (no secret or credential-looking string in cassettes and reports; exit 1 when one is
// found; what is secret comes from the environment and ./vouch.config.yaml) and `vouch cassettes list`.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readConfigFile } from '../config/file.js';
import type { Argv, CommandModule } from 'yargs';
import { defineCommand } from './flags.js';
import { displayPath, renderDiagnostic } from '../model/diagnostic.js';
import { CassetteError, readCassette } from '../transport/cassette.js';
import { listFiles, scanPaths, secretsFromEnv } from '../evidence/secret-scan.js';
import { configuredTokenEnvs } from '../transport/secrets.js';

export const DEFAULT_SCAN_PATHS = ['cassettes', 'reports'];

type Print = (line: string) => void;

/** What the project's vouch.config.yaml says is secret: the headers and JSON pointers it redacts, the variables that hold its tokens. */
export interface ConfiguredSecrets {
  headers: string[];
  paths: string[];
  tokenEnvs: string[];
}

export function configuredSecrets(file: string): ConfiguredSecrets {
  const { config } = readConfigFile(file, false);
  return { headers: config.redact?.headers ?? [], paths: config.redact?.paths ?? [], tokenEnvs: configuredTokenEnvs(config.targets) };
}

/** Exit code: 0 clean, 1 something found, 2 the command line is wrong (a named path or variable is missing). */
export function scanCassettes(
  paths: readonly string[],
  secretEnv: readonly string[],
  env: NodeJS.ProcessEnv,
  print: Print,
  configured: ConfiguredSecrets = { headers: [], paths: [], tokenEnvs: [] },
): number {
  const named = paths.length > 0;
  const missing = named ? paths.filter((p) => !existsSync(p)) : [];
  const { secrets, unset } = secretsFromEnv(env, secretEnv, configured.tokenEnvs);
  const problems = [
    ...missing.map((p) => `error[scan-path]: ${p}: no such file or folder`),
    ...(secretEnv.length > 0 ? unset.map((n) => `error[scan-secret]: the environment variable ${n} is not set, so its value cannot be looked for`) : []),
  ];
  if (problems.length > 0) {
    problems.forEach(print);
    return 2;
  }
  const result = scanPaths(named ? paths : DEFAULT_SCAN_PATHS, secrets, { headers: configured.headers, paths: configured.paths });
  // Findings are printed by hand, not with the source line under a caret: that line holds the secret.
  for (const f of result.findings) print(`${displayPath(f.file)}:${f.line}:${f.col}: error[${f.kind}]: ${f.message}`);
  for (const name of result.ignoredSecrets) print(`warning[scan-secret]: the value of ${name} is too short to look for`);
  const looked = secrets.length ? `no value of ${secrets.map((s) => s.name).join(', ')}, ` : '';
  if (result.findings.length > 0) {
    print(
      `hint: ${result.findings.length} finding${result.findings.length > 1 ? 's' : ''} in ${result.filesScanned} files; remove them and check how they got there (add the header or JSON pointer to the config's redact list)`,
    );
    return 1;
  }
  const own = result.ownFilesSkipped
    ? ` (and ${result.ownFilesSkipped} of Vouch's own scenario and plan files, not scanned: they hold no answer of a target)`
    : '';
  print(`scanned ${result.filesScanned} files: ${looked}no credential-looking string${own}`);
  return 0;
}

/** One line per cassette: api/scenario, recorded-at, exchange count, target; a damaged cassette is exit 2. */
export function listCassettes(dir: string, print: Print): number {
  let bad = 0;
  for (const file of listFiles([dir]).filter((f) => f.endsWith('.json'))) {
    try {
      const c = readCassette(file);
      const target = `${c.target.name}${c.target.serverVersion ? ` ${c.target.serverVersion}` : ''}`;
      print(`${c.target.api}/${c.scenario.id}  ${c.recordedAt}  ${c.exchanges.length} exchanges  ${target}  ${relative(process.cwd(), file)}`);
    } catch (e) {
      if (!(e instanceof CassetteError)) throw e;
      bad += 1;
      for (const d of e.diagnostics) print(renderDiagnostic(d));
    }
  }
  return bad > 0 ? 2 : 0;
}

// Named `scan` (with `verify` kept as an alias for existing CI files): `vouch verify` is the bundle check.
const scan = defineCommand({
  command: 'scan [paths..]',
  aliases: ['verify'],
  describe: 'fail when cassettes or reports hold a secret value or a credential-looking string',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, describe: `files or folders to scan (default: ${DEFAULT_SCAN_PATHS.join(' ')})` })
      .option('secret-env', {
        type: 'string',
        array: true,
        nargs: 1,
        describe:
          'an environment variable whose value must appear nowhere, in any encoding (repeatable, one per flag; default: every VOUCH_*_TOKEN and the token variables vouch.config.yaml names)',
      }),
  handler: (argv) => {
    const configured = configuredSecrets(join(process.cwd(), 'vouch.config.yaml'));
    process.exitCode = scanCassettes(argv.paths ?? [], argv['secret-env'] ?? [], process.env, (l) => console.log(l), configured);
  },
});

const list: CommandModule<object, { dir: string }> = {
  command: 'list [dir]',
  describe: 'list the cassettes: scenario, recorded at, exchanges, target',
  builder: (y: Argv) => y.positional('dir', { type: 'string', default: 'cassettes', describe: 'the cassette folder' }),
  handler: (argv) => {
    process.exitCode = listCassettes(argv.dir, (l) => console.log(l));
  },
};

export const cassettesCommand: CommandModule = {
  command: 'cassettes',
  describe: 'check and list recorded cassettes',
  builder: (y: Argv) => y.command(scan).command(list).demandCommand(1, 'name what to do: scan or list'),
  handler: () => undefined,
};
