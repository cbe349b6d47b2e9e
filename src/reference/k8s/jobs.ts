// The batch/v1 Job kind: empty status and generated selector/labels on create, restartPolicy and counter
// validation, immutable spec fields on update, and the job status rules on writes to /status.

import { ensureObject, objectAt, stringAt, type JsonObject } from '../json.js';
import { defaultJob } from './defaults.js';
import type { FieldError } from './errors.js';
import { jobStatusErrors } from './job-status.js';
import { defineKind, type StrategyContext } from './kinds.js';
import { job } from './schema.js';
import { immutable, nonNegative, validateName, validatePodSpec } from './validation.js';

const JOB_RESTART_POLICIES = ['OnFailure', 'Never'];

function validateJobSpec(spec: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    errors.push(...nonNegative(spec[key], `spec.${key}`));
  }
  const podSpec = objectAt(objectAt(spec, 'template'), 'spec');
  errors.push(...validatePodSpec(podSpec, 'spec.template.spec').filter((e) => !e.field.endsWith('.restartPolicy')));
  const policy = stringAt(podSpec, 'restartPolicy') ?? 'Always';
  if (!JOB_RESTART_POLICIES.includes(policy)) {
    errors.push({ type: 'NotSupported', field: 'spec.template.spec.restartPolicy', value: policy, supported: JOB_RESTART_POLICIES });
  }
  const mode = stringAt(spec, 'completionMode');
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
    errors.push({ type: 'NotSupported', field: 'spec.completionMode', value: mode, supported: ['NonIndexed', 'Indexed'] });
  }
  return errors;
}

const IMMUTABLE_SPEC = ['completions', 'selector', 'template', 'completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy'];

function uidAndName(object: JsonObject): { uid: string; name: string } {
  const meta = objectAt(object, 'metadata');
  return { uid: stringAt(meta, 'uid') ?? '', name: stringAt(meta, 'name') ?? '' };
}

export const jobs = defineKind(
  { resource: 'jobs', group: 'batch', kind: 'Job', version: 'v1', namespaced: true, shape: job },
  {
    prepareCreate(object: JsonObject): void {
      const { uid, name } = uidAndName(object);
      ensureObject(object, 'metadata')['generation'] = 1;
      defaultJob(object, uid, name);
      object['status'] = {};
    },
    validateCreate(object: JsonObject): FieldError[] {
      const { name } = uidAndName(object);
      return [...validateName(name, 'subdomain'), ...validateJobSpec(objectAt(object, 'spec') ?? {})];
    },
    prepareUpdate(object: JsonObject, old: JsonObject): void {
      const { uid, name } = uidAndName(old);
      ensureObject(object, 'spec');
      defaultJob(object, uid, name);
    },
    validateUpdate(object: JsonObject, old: JsonObject): FieldError[] {
      const spec = objectAt(object, 'spec') ?? {};
      const before = objectAt(old, 'spec') ?? {};
      const errors = validateJobSpec(spec);
      for (const key of IMMUTABLE_SPEC) errors.push(...immutable(spec[key], before[key], `spec.${key}`));
      return errors;
    },
    validateStatusUpdate(object: JsonObject, old: JsonObject, ctx: StrategyContext): FieldError[] {
      if (!ctx.hooks.validatesJobStatus(ctx.route)) return [];
      return jobStatusErrors(object, old).filter((e) => ctx.hooks.enforcesJobStatusRule(ctx.route, e.rule));
    },
    deleteWarnings(query: URLSearchParams, body: JsonObject | undefined): string[] {
      if (query.get('propagationPolicy') || stringAt(body, 'propagationPolicy') || query.get('orphanDependents')) return [];
      return [
        'child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them ' +
          'or set propagationPolicy=Orphan to suppress this warning',
      ];
    },
  },
);
