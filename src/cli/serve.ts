// `vouch serve`: starts the reference server for both APIs, prints its URL, users and the `export` lines a live
// run against it needs, and stops cleanly on SIGINT/SIGTERM. `--list-profiles` names the deviation profiles,
// `--list-variants` the faithful variants (other real server configurations).
import { randomBytes } from 'node:crypto';
import type { Argv, CommandModule } from 'yargs';
import { listOptions, listProfiles, listVariants, startReferenceServer, type ReferenceServer } from '../reference/server.js';

export interface ServeArgs {
  port: number;
  host: string;
  profile?: string;
  variant?: string;
  'k8s-token'?: string;
  'k8s-auth'?: boolean;
  user?: string[];
  'list-profiles'?: boolean;
  'list-variants'?: boolean;
  option?: string[];
  'list-options'?: boolean;
}

type Print = (line: string) => void;

export class ServeUsageError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

/** `ROLE:TOKEN` values of --user. */
export function parseUsers(values: readonly string[]): { role: string; token: string }[] {
  return values.map((value) => {
    const colon = value.indexOf(':');
    const role = colon < 0 ? '' : value.slice(0, colon);
    const token = colon < 0 ? '' : value.slice(colon + 1);
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(role) || token === '' || /\s/.test(token)) {
      throw new ServeUsageError(`--user "${value}" is not ROLE:TOKEN`, 'write it as --user owner:SECRET (a role of letters, digits, - or _, then a token without spaces)');
    }
    return { role, token };
  });
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
    throw new ServeUsageError(`unknown variant "${name}"`, `valid variants: ${names.join(', ')} (vouch serve --list-variants describes them; combine several with commas)`);
  }
}

/** `NAME=true|false` values of --option, each a deployment option the server knows. */
export function parseServeOptions(values: readonly string[]): Record<string, boolean> {
  const names = listOptions().map((o) => o.name);
  const out: Record<string, boolean> = {};
  for (const value of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(true|false)$/.exec(value);
    if (!m) throw new ServeUsageError(`--option "${value}" is not NAME=true or NAME=false`, 'for example --option categoriesRequired=false');
    if (!names.includes(m[1]!)) throw new ServeUsageError(`unknown option "${m[1]}"`, `valid options: ${names.join(', ')} (vouch serve --list-options describes them)`);
    out[m[1]!] = m[2] === 'true';
  }
  return out;
}

export function optionLines(): string[] {
  const options = listOptions();
  const width = Math.max(...options.map((o) => o.name.length));
  const lines = [`${'OPTION'.padEnd(width)}  API            DOCUMENTED  WHAT IT DECIDES / WHERE THAT COMES FROM`];
  for (const o of options) lines.push(`${o.name.padEnd(width)}  ${o.api.padEnd(13)}  ${String(o.documented).padEnd(10)}  ${o.description}`, `${''.padEnd(width)}  ${''.padEnd(13)}  ${''.padEnd(10)}    source: ${o.source}`);
  return lines;
}

export function variantLines(): string[] {
  const variants = listVariants();
  const width = Math.max(...variants.map((v) => v.name.length));
  const lines = [`${'VARIANT'.padEnd(width)}  API            WHAT THIS FAITHFUL SERVER DOES DIFFERENTLY / WHERE THAT COMES FROM`];
  for (const v of variants) lines.push(`${v.name.padEnd(width)}  ${v.api.padEnd(13)}  ${v.description}`, `${''.padEnd(width)}  ${''.padEnd(13)}    source: ${v.source}`);
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

export function envVar(role: string): string {
  return `VOUCH_SELFCOMMUNITY_${role.toUpperCase().replace(/-/g, '_')}_TOKEN`;
}

/** What `vouch serve` prints once listening. */
export function describeServer(server: ReferenceServer, k8sToken: string | undefined): string[] {
  const url = clientUrl(server.url);
  const description = listProfiles().find((p) => p.name === server.profile)?.description;
  const width = Math.max(...server.users.map((u) => u.role.length));
  const documented = new Map(listOptions().map((o) => [o.name, o.documented]));
  const changed = Object.entries(server.options ?? {}).filter(([k, v]) => documented.get(k) !== v).map(([k, v]) => `${k}: ${v}`);
  return [
    `vouch serve: reference server listening on ${server.url}`,
    `  variant:           ${server.variant ?? 'default'}`,
    `  profile:           ${server.profile ? `${server.profile} (${description})` : 'conformant'}`,
    `  options:           ${Object.entries(server.options ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}${changed.length ? ` (declare ${changed.join(', ')} when certifying: options: in vouch.config.yaml)` : ''}`,
    `  Kubernetes API:    ${url}/api, ${url}/apis (${k8sToken ? 'bearer token required' : 'no token required'})`,
    `  SelfCommunity API: ${url}/api/v2/`,
    'users (SelfCommunity, Authorization: Bearer TOKEN):',
    ...server.users.map((u) => `  ${u.role.padEnd(width)}  id ${u.id}  username ${u.username}  token ${u.token}`),
    'for a live run against it, in another shell:',
    // A live run needs a credential for every identity it acts as, even where this server checks none.
    k8sToken ? `  export VOUCH_KUBERNETES_DEFAULT_TOKEN=${shellQuote(k8sToken)}` : '  export VOUCH_KUBERNETES_DEFAULT_TOKEN=unused   # this server checks no Kubernetes token',
    ...server.users.map((u) => `  export ${envVar(u.role)}=${shellQuote(u.token)}`),
    `  vouch run --target kubernetes=${url} --target selfcommunity=${url}`,
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
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new ServeUsageError(`port ${args.port} on ${args.host} is in use`, 'pass another --port, or --port 0 for a free one');
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new ServeUsageError(`cannot listen on ${args.host}`, 'pass --host 127.0.0.1 (or an address of this machine)');
  return new ServeUsageError(err.message, 'check --user (ROLE:TOKEN, each role once), --profile and --variant');
}

/** Runs the command; resolves with the exit code once the server has stopped (or could not start). */
export async function runServe(args: ServeArgs, out: Print, err: Print, stop: () => Promise<string> = waitForSignal): Promise<number> {
  try {
    if (args['list-profiles']) {
      profileLines().forEach((l) => out(l));
      return 0;
    }
    if (args['list-variants']) {
      variantLines().forEach((l) => out(l));
      return 0;
    }
    if (args['list-options']) {
      optionLines().forEach((l) => out(l));
      return 0;
    }
    const options = parseServeOptions(args.option ?? []);
    checkProfile(args.profile);
    checkVariant(args.variant);
    const users = parseUsers(args.user ?? []);
    // Kubernetes auth is on unless --no-k8s-auth (kubectl sends no token over plain http): a generated token by default.
    const k8sToken = args['k8s-auth'] === false ? undefined : args['k8s-token'] || randomBytes(20).toString('hex');
    const server = await startReferenceServer({ port: args.port, host: args.host, profile: args.profile, variant: args.variant, k8sToken, users, options }).catch((e: Error) => {
      throw startError(e, args);
    });
    // Listen for the signal before saying how to stop: a Ctrl+C right after the last line must not kill the process.
    const stopped = stop();
    describeServer(server, k8sToken).forEach((l) => out(l));
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
  describe: 'start the reference server (Kubernetes + SelfCommunity APIs on one URL) to try live runs',
  builder: (y: Argv) =>
    y
      .option('port', { type: 'number', default: 8080, describe: 'port to listen on (0: a free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
      .option('profile', { type: 'string', describe: 'break one documented behaviour (see --list-profiles)' })
      .option('variant', { type: 'string', describe: 'serve as another faithful server configuration (see --list-variants); several with commas; combines with --profile' })
      .option('k8s-token', { type: 'string', describe: 'the bearer token the Kubernetes API requires (default: a random one, printed)' })
      .option('k8s-auth', { type: 'boolean', default: true, describe: 'require a token on the Kubernetes API; --no-k8s-auth for kubectl, which sends none over http' })
      .option('user', { type: 'string', array: true, describe: 'a SelfCommunity user as ROLE:TOKEN (repeatable; default: owner and other with random tokens)' })
      .option('list-profiles', { type: 'boolean', describe: 'list the deviation profiles and exit' })
      .option('list-variants', { type: 'boolean', describe: 'list the faithful variants, with where each behaviour comes from, and exit' })
      .option('option', { type: 'string', array: true, describe: 'a deployment option the documents leave to the deployment, NAME=true|false (see --list-options); unlike a variant it changes a documented behaviour, so a vendor declares it' })
      .option('list-options', { type: 'boolean', describe: 'list the deployment options, their documented values and sources, and exit' })
      .example('$0 serve', 'serve both APIs on http://127.0.0.1:8080 with users owner and other')
      .example('$0 serve --port 0 --user owner:s3cret --user other:t0ken', 'a free port and fixed tokens')
      .example('$0 serve --profile pod-status-wrong-code', 'a server that breaks one documented behaviour')
      .example('$0 serve --k8s-token abc123', 'require `Authorization: Bearer abc123` on /api and /apis')
      .example('$0 serve --no-k8s-auth', 'no token on /api and /apis, so kubectl can talk to it')
      .example('$0 serve --list-profiles', 'name and describe the deviation profiles')
      .example('$0 serve --variant k8s-go-omitempty', 'a conformant server that leaves zero values out, as Go does')
      .example('$0 serve --list-variants', 'name the faithful variants and the source of each behaviour')
      .example('$0 serve --option categoriesRequired=false', 'a community where categories are optional (declare it: options: { categoriesRequired: false })') as unknown as Argv<ServeArgs>,
  handler: async (argv) => {
    const code = await runServe(argv, (l) => process.stdout.write(`${l}\n`), (l) => process.stderr.write(`${l}\n`));
    process.exit(code);
  },
};
