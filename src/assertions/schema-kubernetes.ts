// Kubernetes kinds checked against the upstream OpenAPI schemas that kubernetes-models ships as ajv-compiled
// validators (pinned by the package version), plus the unknown fields those schemas do not flag themselves.
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import type { Segment } from '../util/field-path.js';

const require = createRequire(import.meta.url);

/** Which Kubernetes release each kubernetes-models line generates its schemas from (its CHANGELOG). */
const MODELS_TO_KUBERNETES: Record<string, string> = { '4.5': '1.33.0', '4.3': '1.27.1' };

export interface SchemaSet {
  /** The Kubernetes release the schemas come from (`1.33.0`). */
  kubernetes: string;
  /** The package that carries them (`kubernetes-models 4.5.1`). */
  source: string;
}

function installedSets(): SchemaSet[] {
  const pkg = require('kubernetes-models/package.json') as { version: string };
  const line = pkg.version.split('.').slice(0, 2).join('.');
  return [{ kubernetes: MODELS_TO_KUBERNETES[line] ?? 'unknown', source: `kubernetes-models ${pkg.version}` }];
}

let sets: SchemaSet[] | undefined;

export function availableSchemaSets(): SchemaSet[] {
  return (sets ??= installedSets());
}

const minor = (v: string): string => v.replace(/^v/, '').split('.').slice(0, 2).join('.');

/** The schema set for a requested version (`1.33`, `v1.33.2`; patch releases share a schema), or why there is none. */
export function selectSchemaSet(requested: string | undefined): { set: SchemaSet } | { error: string } {
  const all = availableSchemaSets();
  if (!requested) return { set: all[all.length - 1]! };
  const hit = all.find((s) => minor(s.kubernetes) === minor(requested));
  if (hit) return { set: hit };
  const have = all.map((s) => `v${s.kubernetes} (${s.source})`).join(', ');
  return { error: `Kubernetes schema version ${requested} is not available; ${all.length === 1 ? 'the only version available is' : 'available:'} ${have}` };
}

export interface KindInfo {
  kind: string;
  /** group/version as users write it (`core/v1`, `batch/v1`, `meta/v1`). */
  groupVersion: string;
  module: string;
}

const SHORT: Record<string, KindInfo> = {
  Pod: { kind: 'Pod', groupVersion: 'core/v1', module: 'kubernetes-models/v1/Pod' },
  Job: { kind: 'Job', groupVersion: 'batch/v1', module: 'kubernetes-models/batch/v1/Job' },
  Status: { kind: 'Status', groupVersion: 'meta/v1', module: '@kubernetes-models/apimachinery/apis/meta/v1/Status' },
};

/** `Pod`, `core/v1/Pod`, `batch/v1/Job`, `apps/v1/Deployment`, `meta/v1/Status`. */
export function kindInfo(name: string): KindInfo | undefined {
  if (SHORT[name]) return SHORT[name];
  const m = /^(?:([\w.-]+)\/)?(v\d\w*)\/([A-Z]\w*)$/.exec(name);
  if (!m) return undefined;
  const [, group, version, kind] = m as unknown as [string, string | undefined, string, string];
  if (group === 'meta') return { kind, groupVersion: `meta/${version}`, module: `@kubernetes-models/apimachinery/apis/meta/${version}/${kind}` };
  const core = !group || group === 'core';
  return { kind, groupVersion: `${core ? 'core' : group}/${version}`, module: `kubernetes-models/${core ? '' : `${group}/`}${version}/${kind}` };
}

type ModelClass = { prototype: { validate(this: unknown): void } };
const validators = new Map<string, ModelClass | Error>();

/** The model class whose `validate()` runs the compiled validator; loaded once per process. */
function modelClass(info: KindInfo): ModelClass | Error {
  let hit = validators.get(info.module);
  if (!hit) {
    try {
      const mod = require(info.module) as Record<string, ModelClass | undefined>;
      hit = mod[info.kind] ?? new Error(`${info.module} exports no ${info.kind}`);
    } catch {
      hit = new Error(`no Kubernetes schema for ${info.groupVersion} ${info.kind} in kubernetes-models`);
    }
    validators.set(info.module, hit);
  }
  return hit;
}

export interface KubernetesOutcome {
  errors: ErrorObject[];
  /** Fields the schema does not define (its validators read every field they know; these were never read). */
  unknown: Segment[][];
}

export function validateKubernetes(info: KindInfo, data: unknown): KubernetesOutcome | Error {
  const model = modelClass(info);
  if (model instanceof Error) return model;
  const reads = new Map<object, Set<string>>();
  try {
    model.prototype.validate.call(track(data, reads));
    return { errors: [], unknown: unknownFields(data, reads, []) };
  } catch (e) {
    const errors = (e as { errors?: ErrorObject[] }).errors;
    if (!Array.isArray(errors)) throw e;
    return { errors, unknown: unknownFields(data, reads, []) };
  }
}

/** Wraps a document so that every property the validator reads is recorded, per object. */
function track(v: unknown, reads: Map<object, Set<string>>): unknown {
  if (v === null || typeof v !== 'object') return v;
  const seen = reads.get(v) ?? new Set<string>();
  reads.set(v, seen);
  return new Proxy(v, {
    get(target, key, receiver) {
      if (typeof key === 'string') seen.add(key);
      return track(Reflect.get(target, key, receiver), reads);
    },
  });
}

/**
 * Keys of objects the validator looked into (read at least one property of) but never read. An object the
 * validator read nothing of is free-form in the schema (FieldsV1, RawExtension) or was never reached.
 */
function unknownFields(v: unknown, reads: Map<object, Set<string>>, segs: Segment[]): Segment[][] {
  if (v === null || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.flatMap((x, i) => unknownFields(x, reads, [...segs, i]));
  const seen = reads.get(v);
  if (!seen || seen.size === 0) return [];
  return Object.entries(v).flatMap(([k, x]) => (seen.has(k) ? unknownFields(x, reads, [...segs, k]) : [[...segs, k]]));
}
