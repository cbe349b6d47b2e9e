// Reads vouch.config.yaml: located errors for anything malformed, checked against a small JSON Schema.
import { existsSync } from 'node:fs';
import { DEFAULT_FILE_BYTES, readBoundedFile } from '../util/bounded-file.js';
import { Ajv } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import type { Diagnostic } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import type { SourceMap } from '../model/source-map.js';
import { parseYamlFile, pointerToPath } from '../scenario/yaml-source.js';
import { closedObject, eachOf, nonEmptyString } from '../util/json-schema.js';

export interface ConfigFile {
  targets?: Record<
    string,
    {
      url?: string;
      timeout?: number;
      kubeconfig?: string;
      context?: string;
      kubernetesVersion?: string;
      tls?: { ca?: string; cert?: string; key?: string; insecureSkipVerify?: boolean };
      /** `none`: the API takes no credential; no identity needs or sends one. */
      auth?: 'none' | 'bearer';
      identities?: Record<string, { tokenEnv?: string; anonymous?: boolean }>;
    }
  >;
  timeout?: number;
  redact?: { headers?: string[]; paths?: string[] };
  strictSchema?: boolean;
  kubernetesVersion?: string;
  cassettes?: string;
  limits?: LimitsConfig;
  /** Who claims conformance (`vouch certify`): shown and signed in the claim. */
  product?: ProductConfig;
  /** Declared deployment options (config/declarations.ts): behaviour the documents leave to the deployment. */
  options?: Record<string, boolean>;
  /** Declared extended features (core vs extended). */
  extended?: string[];
}

export interface ProductConfig {
  vendor?: string;
  product?: string;
  version?: string;
  contact?: string;
}

/** `limits:` in vouch.config.yaml: caps on what a suite or a target can make Vouch read or wait for. */
export interface LimitsConfig {
  fileBytes?: number;
  responseBytes?: number;
  decodedBytes?: number;
  scenarioTimeout?: number;
}

const LIMIT_KEYS = ['fileBytes', 'responseBytes', 'decodedBytes', 'scenarioTimeout'] as const satisfies readonly (keyof LimitsConfig)[];
const PRODUCT_KEYS = ['vendor', 'product', 'version', 'contact'] as const satisfies readonly (keyof ProductConfig)[];

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    targets: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          url: { type: 'string', pattern: '^https?://' },
          timeout: { type: 'integer', minimum: 1 },
          kubeconfig: { type: 'string' },
          context: { type: 'string' },
          kubernetesVersion: { type: 'string' },
          auth: { enum: ['none', 'bearer'] },
          tls: {
            type: 'object',
            additionalProperties: false,
            properties: { ca: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, insecureSkipVerify: { type: 'boolean' } },
          },
          identities: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              properties: { tokenEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, anonymous: { type: 'boolean' } },
            },
          },
        },
      },
    },
    timeout: { type: 'integer', minimum: 1 },
    redact: {
      type: 'object',
      additionalProperties: false,
      properties: { headers: { type: 'array', items: { type: 'string' } }, paths: { type: 'array', items: { type: 'string' } } },
    },
    strictSchema: { type: 'boolean' },
    kubernetesVersion: { type: 'string' },
    cassettes: { type: 'string' },
    limits: closedObject(eachOf(LIMIT_KEYS, { type: 'integer', minimum: 1 })),
    product: closedObject(eachOf(PRODUCT_KEYS, nonEmptyString)),
    options: { type: 'object', propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' }, additionalProperties: { type: 'boolean' } },
    extended: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$' } },
  },
};

export interface ConfigRead {
  config: ConfigFile;
  diagnostics: Diagnostic[];
  /** Where each node of the file is (by JSON pointer; `POINTER#key` for a key), for messages about its values. */
  locations?: SourceMap;
}

export function readConfigFile(file: string, required: boolean): ConfigRead {
  if (!existsSync(file)) {
    return required
      ? {
          config: {},
          diagnostics: [diag('config', `config file ${file} does not exist`, { hint: 'give --config a path to vouch.config.yaml, or leave it out' })],
        }
      : { config: {}, diagnostics: [] };
  }
  const read = readBoundedFile(file, DEFAULT_FILE_BYTES);
  if (!read.ok)
    return { config: {}, diagnostics: [diag('config', `config file ${file} ${read.message}`, { hint: 'vouch.config.yaml is a small regular YAML file' })] };
  const { docs, diagnostics } = parseYamlFile(file, read.text);
  if (diagnostics.length) return { config: {}, diagnostics };
  const doc = docs[0];
  if (!doc || doc.value === null) return { config: {}, diagnostics: [] };
  const validate = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
  if (validate(doc.value)) return { config: doc.value as ConfigFile, diagnostics: [], locations: doc.locations };
  return {
    config: {},
    diagnostics: (validate.errors ?? []).map((e) => {
      const unknown = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
      const pointer = `${e.instancePath}${unknown !== undefined ? `/${unknown}` : ''}`;
      const guess =
        unknown !== undefined ? nearMiss(unknown, Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {})) : undefined;
      const allowed = e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
      const what = unknown !== undefined ? `unknown key '${unknown}'${guess ? `; did you mean '${guess}'?` : ''}` : `${e.message ?? 'is invalid'}${allowed}`;
      return diag('config', `${pointerToPath(pointer) || 'config'}: ${what}`, {
        location: doc.locations.locate(pointer, unknown !== undefined) ?? doc.start,
        hint: guess ? `rename '${unknown}' to '${guess}'` : 'see the README section "Targets and identities" for the config format',
      });
    }),
  };
}

/** The allowed key a typo most likely meant, when it is close enough to be a typo. */
export function nearMiss(key: string, allowed: string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const guess = closest(key, allowed);
  return distance(key, guess) <= Math.max(2, Math.floor(key.length / 3)) ? guess : undefined;
}
