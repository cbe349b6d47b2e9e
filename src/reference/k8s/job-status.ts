// Job status validation (ValidateJobStatusUpdate with the JobManagedBy options of a 1.32+ server): counters,
// terminal conditions (SuccessCriteriaMet before Complete, FailureTarget before Failed) and completionTime rules,
// each checked only when the fields it is about change.

import { arrayAt, deepEqual, isObject, objectAt, stringAt, type Json, type JsonObject } from '../json.js';
import type { FieldError } from './errors.js';
import { nonNegative } from './validation.js';

function isTrue(status: JsonObject, type: string): boolean {
  return (arrayAt(status, 'conditions') ?? []).some((c) => isObject(c) && c['type'] === type && c['status'] === 'True');
}

const complete = (s: JsonObject): boolean => isTrue(s, 'Complete');
const failed = (s: JsonObject): boolean => isTrue(s, 'Failed');
const successCriteriaMet = (s: JsonObject): boolean => isTrue(s, 'SuccessCriteriaMet');
const failureTarget = (s: JsonObject): boolean => isTrue(s, 'FailureTarget');
const finished = (s: JsonObject): boolean => complete(s) || failed(s);
const counter = (s: JsonObject, key: string): number => (typeof s[key] === 'number' ? (s[key] as number) : 0);
const time = (value: Json | undefined): FieldError['value'] => (typeof value === 'string' ? { time: value } : null);

function counterErrors(s: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['active', 'succeeded', 'failed', 'ready', 'terminating']) errors.push(...nonNegative(s[key], `status.${key}`));
  const uncounted = objectAt(s, 'uncountedTerminatedPods');
  const seen = new Set<string>();
  for (const list of ['succeeded', 'failed']) {
    (arrayAt(uncounted, list) ?? []).forEach((uid, i) => {
      const field = `status.uncountedTerminatedPods.${list}[${i}]`;
      if (uid === '') errors.push({ type: 'Invalid', field, value: '', detail: 'must not be empty' });
      else if (seen.has(String(uid))) errors.push({ type: 'Duplicate', field, value: uid });
      seen.add(String(uid));
    });
  }
  return errors;
}

interface Changes {
  complete: boolean;
  failed: boolean;
  successCriteriaMet: boolean;
  failureTarget: boolean;
  finished: boolean;
  active: boolean;
  startTime: boolean;
  completionTime: boolean;
  uncounted: boolean;
}

function changes(s: JsonObject, o: JsonObject): Changes {
  return {
    complete: complete(s) !== complete(o),
    failed: failed(s) !== failed(o),
    successCriteriaMet: successCriteriaMet(s) !== successCriteriaMet(o),
    failureTarget: failureTarget(s) !== failureTarget(o),
    finished: finished(s) !== finished(o),
    active: counter(s, 'active') !== counter(o, 'active'),
    startTime: s['startTime'] !== o['startTime'],
    completionTime: s['completionTime'] !== o['completionTime'],
    uncounted: !deepEqual(s['uncountedTerminatedPods'], o['uncountedTerminatedPods']),
  };
}

const conditionsError = (detail: string): FieldError => ({ type: 'Invalid', field: 'status.conditions', value: 'omit', detail });

function terminalErrors(s: JsonObject, c: Changes): FieldError[] {
  const errors: FieldError[] = [];
  if ((c.complete || c.failed) && complete(s) && failed(s)) errors.push(conditionsError('cannot set Complete=True and Failed=true conditions'));
  if ((c.complete || c.failureTarget) && complete(s) && failureTarget(s)) errors.push(conditionsError('cannot set Complete=True and FailureTarget=true conditions'));
  // A job is completed in two steps (or one write carrying both): SuccessCriteriaMet=True, then Complete=True.
  if ((c.failed || c.failureTarget) && failed(s) && !failureTarget(s)) errors.push(conditionsError('cannot set Failed=True condition without the FailureTarget=true condition'));
  if ((c.complete || c.successCriteriaMet) && complete(s) && !successCriteriaMet(s)) errors.push(conditionsError('cannot set Complete=True condition without the SuccessCriteriaMet=true condition'));
  if (successCriteriaMet(s) && failed(s)) errors.push(conditionsError('cannot set SuccessCriteriaMet=True and Failed=true conditions'));
  if (successCriteriaMet(s) && failureTarget(s)) errors.push(conditionsError('cannot set SuccessCriteriaMet=True and FailureTarget=true conditions'));
  if ((c.complete || c.completionTime) && s['completionTime'] !== undefined && !complete(s)) {
    errors.push({ type: 'Invalid', field: 'status.completionTime', value: time(s['completionTime']), detail: 'cannot set completionTime when there is no Complete=True condition' });
  }
  if ((c.complete || c.completionTime) && s['completionTime'] === undefined && complete(s)) {
    errors.push({ type: 'Required', field: 'status.completionTime', detail: 'completionTime is required for Complete jobs' });
  }
  const start = stringAt(s, 'startTime');
  const end = stringAt(s, 'completionTime');
  if ((c.startTime || c.completionTime) && start && end && end < start) {
    errors.push({ type: 'Invalid', field: 'status.completionTime', value: time(end), detail: 'completionTime cannot be set before startTime' });
  }
  if ((c.finished || c.active) && counter(s, 'active') > 0 && finished(s)) {
    errors.push({ type: 'Invalid', field: 'status.active', value: counter(s, 'active'), detail: 'active>0 is invalid for finished job' });
  }
  if ((c.finished || c.startTime) && start === undefined && finished(s)) {
    errors.push({ type: 'Required', field: 'status.startTime', detail: 'startTime is required for finished job' });
  }
  const uncounted = objectAt(s, 'uncountedTerminatedPods');
  const pending = (arrayAt(uncounted, 'succeeded')?.length ?? 0) + (arrayAt(uncounted, 'failed')?.length ?? 0);
  if ((c.finished || c.uncounted) && finished(s) && pending > 0) {
    errors.push({ type: 'Invalid', field: 'status.uncountedTerminatedPods', value: uncounted ?? null, detail: 'uncountedTerminatedPods needs to be empty for finished job' });
  }
  return errors;
}

function transitionErrors(s: JsonObject, o: JsonObject, spec: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  for (const type of ['Failed', 'Complete', 'FailureTarget']) {
    if (isTrue(o, type) && !isTrue(s, type)) errors.push(conditionsError(`cannot disable the terminal ${type}=True condition`));
  }
  if (counter(s, 'failed') < counter(o, 'failed')) {
    errors.push({ type: 'Invalid', field: 'status.failed', value: counter(s, 'failed'), detail: 'cannot decrease the failed counter' });
  }
  const indexed = spec['completionMode'] === 'Indexed';
  if ((!indexed || !deepEqual(spec['completions'], spec['parallelism'])) && counter(s, 'succeeded') < counter(o, 'succeeded')) {
    errors.push({ type: 'Invalid', field: 'status.succeeded', value: counter(s, 'succeeded'), detail: 'cannot decrease the succeeded counter' });
  }
  if (s['completionTime'] !== undefined && o['completionTime'] !== undefined && s['completionTime'] !== o['completionTime']) {
    errors.push({ type: 'Invalid', field: 'status.completionTime', value: time(s['completionTime']), detail: 'completionTime cannot be mutated' });
  }
  if (o['startTime'] !== undefined && s['startTime'] !== o['startTime'] && spec['suspend'] !== true) {
    errors.push({ type: 'Required', field: 'status.startTime', detail: 'startTime cannot be removed for unsuspended job' });
  }
  if (stringAt(s, 'completedIndexes') && !indexed && s['completedIndexes'] !== o['completedIndexes']) {
    errors.push({ type: 'Invalid', field: 'status.completedIndexes', value: s['completedIndexes']!, detail: 'cannot set non-empty completedIndexes when non-indexed completion mode' });
  }
  return errors;
}

/** Field errors for a job status write, given the new and the stored job. */
export function jobStatusErrors(job: JsonObject, old: JsonObject): FieldError[] {
  const s = objectAt(job, 'status') ?? {};
  const o = objectAt(old, 'status') ?? {};
  const spec = objectAt(job, 'spec') ?? {};
  return [...counterErrors(s), ...terminalErrors(s, changes(s, o)), ...transitionErrors(s, o, spec)];
}
