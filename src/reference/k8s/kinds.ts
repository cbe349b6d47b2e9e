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
