// What one API served by the reference server supplies (its routes, state, profiles, variants, deployment options
// and command-line options), so that the server and `vouch serve` handle every API of the table (apis.ts) alike.

import type { Hooks, Profile, Route } from './hooks.js';
import type { Incoming, Reply } from './http.js';
import type { DeploymentOption, OptionValues } from './options.js';
import type { Variant } from './variants.js';

/** A request an API has handled: what it addressed (for the hooks) and the reply. */
export interface Handled {
  route: Route;
  reply: Reply;
}

/** What an API's state is made from when a server starts. */
export interface ApiSetup {
  /** The server configuration's hooks (variants composed, the profile applied). */
  hooks: Hooks;
  /** Every deployment option's value (documented unless set). */
  options: OptionValues;
  /** The server's settings as given (each API reads its own, e.g. `k8sToken`, `users`). */
  settings: Readonly<Record<string, unknown>>;
}

/** A command-line option of `vouch serve`, as yargs takes it (src/reference imports no package for it). */
export interface ApiCliOption {
  name: string;
  type: 'string' | 'boolean' | 'number';
  describe: string;
  array?: boolean;
  default?: string | boolean | number;
}

/** A wrong setting (a bad `--user`): the message and a hint of what to do. */
export class ApiSettingError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** How `vouch serve` shows a running API: where it answers, its users, and what a live run against it needs. */
export interface ApiDescription {
  /** After `<title>:`, e.g. `http://127.0.0.1:8080/api/v2/`. */
  where: string;
  /** Lines after the API list (a user table), each as printed. */
  details: string[];
  /** The environment a live run against it needs (`export NAME=VALUE`), with a comment where the value is a stand-in. */
  exports: { name: string; value: string; comment?: string }[];
}

export interface ApiModule<State = unknown> {
  /** The API's name: `Route.api` of its routes, the `api:` of its suites, `--target NAME=URL`. */
  name: string;
  /** As `vouch serve` shows it (`Kubernetes API`). */
  title: string;
  /** Whether a request path is this API's (the APIs' paths do not clash). */
  owns(path: string): boolean;
  /** Answers the paths no API owns (one API at most: the server's own 404 page and health checks). */
  fallback?: boolean;
  /** Checks the settings it reads (throws ApiSettingError) and makes the state of one server. */
  createState(setup: ApiSetup): State;
  /** Handles one request; never throws (errors become the API's error replies). */
  handle(incoming: Incoming, state: State): Handled;
  /** The JSON text of a reply body as this API writes it, unless a hook chose another. */
  serialize(incoming: Incoming, reply: Reply): string;
  /** Whether the client asked for indented output (Kubernetes' ?pretty). */
  pretty?(incoming: Incoming): boolean;
  /** Headers every reply of this API carries, added in place. */
  addHeaders?(headers: Record<string, string | string[]>): void;
  /** The deviation profiles that break one documented behaviour of this API. */
  profiles: readonly Profile[];
  /** The faithful variants: other real configurations of this API's servers. */
  variants: readonly Variant[];
  /** Behaviour the documents leave to each deployment of this API. */
  options: readonly DeploymentOption[];
  /** Its `vouch serve` options, and the settings they stand for (throws ApiSettingError on a bad value). */
  cli: {
    options: readonly ApiCliOption[];
    examples: readonly [command: string, description: string][];
    settings(args: Readonly<Record<string, unknown>>): Record<string, unknown>;
  };
  describe(state: State, url: string): ApiDescription;
}
