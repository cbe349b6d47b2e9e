// What the generic create/read/update/delete code needs to know about one kind: its names, shape, and the
// strategy hooks (prepare and validate on create, update and status update) a real registry strategy has.

import type { JsonObject } from '../json.js';
import type { Hooks, Route } from '../hooks.js';
import type { FieldError, ResourceName } from './errors.js';
import type { StructShape } from './schema.js';

export interface StrategyContext {
  hooks: Hooks;
  route: Route;
  /** RFC 3339 (seconds) time of the request. */
  now: string;
  /** The namespace of the request ('' for cluster-scoped kinds). */
  namespace: string;
  /** Whether an object is stored (admission plugins look up what an object refers to). */
  exists(resource: string, namespace: string, name: string): boolean;
}

export interface KindSpec {
  names: ResourceName;
  apiVersion: string;
  listKind: string;
  namespaced: boolean;
  shape: StructShape;
  /** Fills server-set status and defaults on a new object (metadata is already set). */
  prepareCreate(object: JsonObject, ctx: StrategyContext): void;
  validateCreate(object: JsonObject): FieldError[];
  /** Defaults an incoming object for an update of the main resource (status is already the stored one). */
  prepareUpdate(object: JsonObject, old: JsonObject, ctx: StrategyContext): void;
  validateUpdate(object: JsonObject, old: JsonObject, ctx: StrategyContext): FieldError[];
  /** Server-side fixes on a status write (spec is already reset). */
  prepareStatusUpdate(object: JsonObject, old: JsonObject): void;
  validateStatusUpdate(object: JsonObject, old: JsonObject, ctx: StrategyContext): FieldError[];
  /** Warning headers a DELETE earns (e.g. jobs orphaning their pods by default). */
  deleteWarnings?(query: URLSearchParams, body: JsonObject | undefined): string[];
}

/** What names a kind: resource, group and Kind, the version it is served at, its scope and its shape. */
export interface KindHead extends ResourceName {
  version: string;
  namespaced: boolean;
  shape: StructShape;
}

/** The hooks a kind may leave out: then it sets nothing and finds no errors there. */
type OptionalHook = 'prepareCreate' | 'prepareUpdate' | 'validateUpdate' | 'prepareStatusUpdate' | 'validateStatusUpdate';
export type KindHooks = Omit<KindSpec, keyof KindHead | 'names' | 'apiVersion' | 'listKind' | OptionalHook> & Partial<Pick<KindSpec, OptionalHook>>;

/** A kind served at GROUP/VERSION (VERSION alone for the core group) and listed as `<Kind>List`, as kube-apiserver names them. */
export function defineKind(head: KindHead, hooks: KindHooks): KindSpec {
  const { resource, group, kind, version, namespaced, shape } = head;
  const none = (): FieldError[] => [];
  const nothing = (): void => {};
  return {
    names: { resource, group, kind },
    apiVersion: group ? `${group}/${version}` : version,
    listKind: `${kind}List`,
    namespaced,
    shape,
    ...{ prepareCreate: nothing, prepareUpdate: nothing, validateUpdate: none, prepareStatusUpdate: nothing, validateStatusUpdate: none },
    ...hooks,
  };
}
