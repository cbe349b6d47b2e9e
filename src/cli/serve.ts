// `vouch serve`: starts the reference server for every API of its table (src/reference/apis.ts), prints its URL,
// users and the `export` lines a live run against it needs, and stops cleanly on SIGINT/SIGTERM. `--list-profiles`
// names the deviation profiles, `--list-variants` the faithful variants (other real server configurations). Each API
// brings its own options (--k8s-token, --user, ...).
import type { Argv, CommandModule, Options } from 'yargs';
import { ApiSettingError } from '../reference/api-module.js';
import { servedApis } from '../reference/apis.js';
import { listOptions, listProfiles, listVariants, startReferenceServer, type ReferenceServer } from '../reference/server.js';

export interface ServeArgs {
  port: number;
  host: string;
  profile?: string;
  variant?: string;
  'list-profiles'?: boolean;
  'list-variants'?: boolean;
  option?: string[];
  'list-options'?: boolean;
  /** The options each API adds (`k8s-token`, `k8s-auth`, `user`, ...), read by that API. */
  [apiOption: string]: unknown;
}

type Print = (line: string) => void;

export class ServeUsageError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

function checkProfile(name: string | undefined): void {
  const names = listProfiles().map((p) => p.name);
  if (name === undefined || name === '' || name === 'conformant' || names.includes(name)) return;
  throw new ServeUsageError(`unknown profile "${name}"`, `valid profiles: ${names.join(', ')} (vouch serve --list-profiles describes them)`);
}

function checkVariant(value: string | undefined): void {
  const names = listVariants().map((v) => v.name);
  for (const name of (value ?? '').split(',').map((n) => n.trim())) {
    if (name === '' || name === 'default' || names.includes(name)) continue;
    throw new ServeUsageError(
      `unknown variant "${name}"`,
      `valid variants: ${names.join(', ')} (vouch serve --list-variants describes them; combine several with commas)`,
    );
  }
}

/** `NAME=true|false` values of --option, each a deployment option the server knows. */
export function parseServeOptions(values: readonly string[]): Record<string, boolean> {
  const names = listOptions().map((o) => o.name);
  const out: Record<string, boolean> = {};
  for (const value of values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)) {
    const m = /^([^=]+)=(true|false)$/.exec(value);
    if (!m) throw new ServeUsageError(`--option "${value}" is not NAME=true or NAME=false`, 'for example --option categoriesRequired=false');
    if (!names.includes(m[1]!))
      throw new ServeUsageError(`unknown option "${m[1]}"`, `valid options: ${names.join(', ')} (vouch serve --list-options describes them)`);
    out[m[1]!] = m[2] === 'true';
  }
  return out;
}

export function optionLines(): string[] {
  const options = listOptions();
  const width = Math.max(...options.map((o) => o.name.length));
  const lines = [`${'OPTION'.padEnd(width)}  API            DOCUMENTED  WHAT IT DECIDES / WHERE THAT COMES FROM`];
  for (const o of options)
    lines.push(
      `${o.name.padEnd(width)}  ${o.api.padEnd(13)}  ${String(o.documented).padEnd(10)}  ${o.description}`,
      `${''.padEnd(width)}  ${''.padEnd(13)}  ${''.padEnd(10)}    source: ${o.source}`,
    );
  return lines;
}

export function variantLines(): string[] {
  const variants = listVariants();
  const width = Math.max(...variants.map((v) => v.name.length));
  const lines = [`${'VARIANT'.padEnd(width)}  API            WHAT THIS FAITHFUL SERVER DOES DIFFERENTLY / WHERE THAT COMES FROM`];
  for (const v of variants)
    lines.push(`${v.name.padEnd(width)}  ${v.api.padEnd(13)}  ${v.description}`, `${''.padEnd(width)}  ${''.padEnd(13)}    source: ${v.source}`);
  return lines;
}

export function profileLines(): string[] {
  const profiles = listProfiles();
  const width = Math.max(...profiles.map((p) => p.name.length));
  const lines = [`${'PROFILE'.padEnd(width)}  OPERATION / WHAT IT BREAKS`];
  for (const p of profiles) lines.push(`${p.name.padEnd(width)}  ${p.operation}`, `${''.padEnd(width)}    ${p.description}`);
  return lines;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9._~+/=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The address a client should use: a wildcard bind is reached on loopback. */
function clientUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//127.0.0.1:');
}

/** What `vouch serve` prints once listening: the server, then each API of the table. */
export function describeServer(server: ReferenceServer): string[] {
  const url = clientUrl(server.url);
  const description = listProfiles().find((p) => p.name === server.profile)?.description;
  const documented = new Map(listOptions().map((o) => [o.name, o.documented]));
  const changed = Object.entries(server.options ?? {})
    .filter(([k, v]) => documented.get(k) !== v)
    .map(([k, v]) => `${k}: ${v}`);
  const apis = server.apis.map((a) => ({ ...a, shown: a.describe(url) }));
  const label = (text: string): string => `${text}:`.padEnd(18);
  return [
    `vouch serve: reference server listening on ${server.url}`,
    `  ${label('variant')} ${server.variant ?? 'default'}`,
    `  ${label('profile')} ${server.profile ? `${server.profile} (${description})` : 'conformant'}`,
    `  ${label('options')} ${
      Object.entries(server.options ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || 'none'
    }${changed.length ? ` (declare ${changed.join(', ')} when certifying: options: in vouch.config.yaml)` : ''}`,
    ...apis.map((a) => `  ${label(a.title)} ${a.shown.where}`),
    ...apis.flatMap((a) => a.shown.details),
    'for a live run against it, in another shell:',
    ...apis.flatMap((a) => a.shown.exports.map((e) => `  export ${e.name}=${shellQuote(e.value)}${e.comment ? `   # ${e.comment}` : ''}`)),
    `  vouch run ${apis.map((a) => `--target ${a.name}=${url}`).join(' ')}`,
    'stop with Ctrl+C',
  ];
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

function startError(err: Error, args: ServeArgs): ServeUsageError {
  if (err instanceof ApiSettingError) return new ServeUsageError(err.message, err.hint);
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new ServeUsageError(`port ${args.port} on ${args.host} is in use`, 'pass another --port, or --port 0 for a free one');
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new ServeUsageError(`cannot listen on ${args.host}`, 'pass --host 127.0.0.1 (or an address of this machine)');
  return new ServeUsageError(err.message, 'check --user (ROLE:TOKEN, each role once), --profile and --variant');
}

/** An API's settings from its command-line options; a bad value is a usage error. */
function apiSettings(read: () => Record<string, unknown>): Record<string, unknown> {
  try {
    return read();
  } catch (e) {
    if (e instanceof ApiSettingError) throw new ServeUsageError(e.message, e.hint);
    throw e;
  }
}

/** Runs the command; resolves with the exit code once the server has stopped (or could not start). */
export async function runServe(args: ServeArgs, out: Print, err: Print, stop: () => Promise<string> = waitForSignal): Promise<number> {
  try {
    if (args['list-profiles']) {
      for (const l of profileLines()) out(l);
      return 0;
    }
    if (args['list-variants']) {
      for (const l of variantLines()) out(l);
      return 0;
    }
    if (args['list-options']) {
      for (const l of optionLines()) out(l);
      return 0;
    }
    const options = parseServeOptions(args.option ?? []);
    checkProfile(args.profile);
    checkVariant(args.variant);
    const settings = Object.assign({}, ...servedApis().map((a) => apiSettings(() => a.cli.settings(args)))) as Record<string, unknown>;
    const server = await startReferenceServer({ ...settings, port: args.port, host: args.host, profile: args.profile, variant: args.variant, options }).catch(
      (e: Error) => {
        throw startError(e, args);
      },
    );
    // Listen for the signal before saying how to stop: a Ctrl+C right after the last line must not kill the process.
    const stopped = stop();
    for (const l of describeServer(server)) out(l);
    const signal = await stopped;
    await server.close();
    out(`vouch serve: stopped (${signal})`);
    return 0;
  } catch (e) {
    if (!(e instanceof ServeUsageError)) throw e;
    err(`error[usage]: ${e.message}`);
    err(`hint: ${e.hint}`);
    return 2;
  }
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'start the reference server (every API it serves, on one URL) to try live runs',
  builder: (y: Argv) => {
    let built = y
      .option('port', { type: 'number', default: 8080, describe: 'port to listen on (0: a free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
      .option('profile', { type: 'string', describe: 'break one documented behaviour (see --list-profiles)' })
      .option('variant', {
        type: 'string',
        describe: 'serve as another faithful server configuration (see --list-variants); several with commas; combines with --profile',
      })
      .option('list-profiles', { type: 'boolean', describe: 'list the deviation profiles and exit' })
      .option('list-variants', { type: 'boolean', describe: 'list the faithful variants, with where each behaviour comes from, and exit' })
      .option('option', {
        type: 'string',
        array: true,
        describe:
          'a deployment option the documents leave to the deployment, NAME=true|false (see --list-options); unlike a variant it changes a documented behaviour, so a vendor declares it',
      })
      .option('list-options', { type: 'boolean', describe: 'list the deployment options, their documented values and sources, and exit' })
      .example(
        '$0 serve',
        `serve ${servedApis()
          .map((a) => a.title)
          .join(', ')} on http://127.0.0.1:8080`,
      )
      .example('$0 serve --list-profiles', 'name and describe the deviation profiles')
      .example('$0 serve --list-variants', 'name the faithful variants and the source of each behaviour');
    for (const api of servedApis()) {
      for (const { name, ...spec } of api.cli.options) built = built.option(name, spec as Options);
      for (const [command, description] of api.cli.examples) built = built.example(command, description);
    }
    return built as unknown as Argv<ServeArgs>;
  },
  handler: async (argv) => {
    const code = await runServe(
      argv,
      (l) => process.stdout.write(`${l}\n`),
      (l) => process.stderr.write(`${l}\n`),
    );
    process.exit(code);
  },
};
