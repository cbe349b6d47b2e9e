// The kinds of expectation a step's `expect:` may hold, as data, by key: the JSON Schema of the value, the Allure
// categories of its failures and the files it refers to. The scenario schema's `expect` section, the file checks and
// bundling (scenario/file-refs.ts) and the report's categories derive from this table; an evaluator (assertions/)
// is one of these entries with a `check`, and registering it there registers it here too.
import type { CheckKind } from './types.js';
import { BUILTIN_EXPECT_KINDS } from './expect/builtin.js';

/** A JSON Schema (draft-07) fragment; it may refer to the scenario schema's shared definitions (#/definitions/matcher). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** A file an expectation refers to: where (a JSON pointer inside the expectation, '' for the value itself) and what it must be. */
export interface ExpectFileRef {
  pointer: string;
  file: string;
  /** `schema`: a JSON Schema or OpenAPI document (JSON or YAML), its `$ref`s resolvable; `json`: any JSON document. */
  format: 'json' | 'schema';
}

/** An Allure category: its name and the kinds of failed check (`error[KIND]` in the status message) that fall in it. */
export interface ExpectCategory {
  name: string;
  kinds: readonly CheckKind[];
}

export interface ExpectKind {
  /** The key under `expect:`. */
  readonly key: string;
  /** What `expect.<key>` may be. */
  readonly schema: JsonSchema;
  /** The categories of the failures its checks report; two kinds naming one category share it. */
  readonly categories: readonly ExpectCategory[];
  /** The files the expectation refers to (checked before anything is sent, bundled with the suite). */
  fileRefs?(value: unknown): ExpectFileRef[];
}

/** In the order the checks run and the schema lists them. */
const table = new Map<string, ExpectKind>(BUILTIN_EXPECT_KINDS.map((k) => [k.key, k]));
let version = 0;

/** Adds a kind (or replaces the one with its key). assertions/registry.ts calls this with the evaluator. */
export function registerExpectKind(kind: ExpectKind): void {
  if (table.get(kind.key) === kind) return;
  table.set(kind.key, kind);
  version++;
}

export function expectKinds(): ExpectKind[] {
  return [...table.values()];
}

export function expectKind(key: string): ExpectKind | undefined {
  return table.get(key);
}

/** Changes whenever a kind is registered, so what was derived from the table (a compiled schema) can be rebuilt. */
export function expectKindsVersion(): number {
  return version;
}

/** The scenario schema's `definitions.expect`: an object of the known keys, each with its kind's schema. */
export function expectSchema(): { type: 'object'; additionalProperties: false; properties: Record<string, JsonSchema> } {
  return { type: 'object', additionalProperties: false, properties: Object.fromEntries(expectKinds().map((k) => [k.key, k.schema])) };
}
