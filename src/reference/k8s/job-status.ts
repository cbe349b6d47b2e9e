// Job status validation (ValidateJobStatusUpdate with the JobManagedBy options of a 1.32+ server): counters,
// uncounted pods, indexes, terminal conditions (SuccessCriteriaMet before Complete, FailureTarget before Failed)
// and the completionTime and startTime rules, each checked only when the fields it is about change. Every error
// carries its rule's id, so a deviation profile can break exactly one rule.

import { arrayAt, deepEqual, isObject, objectAt, stringAt, type Json, type JsonObject } from '../json.js';
import type { FieldError } from './errors.js';

/** The rules, by the ids the bundled suites' behaviour catalogue uses (suites/behaviours.json, JS-01..JS-26). */
export type JobStatusRule = `JS-${string}`;
export type RuledError = FieldError & { rule: JobStatusRule };

function isTrue(status: JsonObject, type: string): boolean {
  return (arrayAt(status, 'conditions') ?? []).some((c) => isObject(c) && c['type'] === type && c['status'] === 'True');
}

const complete = (s: JsonObject): boolean => isTrue(s, 'Complete');
const failed = (s: JsonObject): boolean => isTrue(s, 'Failed');
const met = (s: JsonObject): boolean => isTrue(s, 'SuccessCriteriaMet');
const target = (s: JsonObject): boolean => isTrue(s, 'FailureTarget');
const finished = (s: JsonObject): boolean => complete(s) || failed(s);
const counter = (s: JsonObject, key: string): number => (typeof s[key] === 'number' ? (s[key] as number) : 0);
const time = (value: Json | undefined): FieldError['value'] => (typeof value === 'string' ? { time: value } : null);
const conditionsError = (rule: JobStatusRule, detail: string): RuledError => ({ rule, type: 'Invalid', field: 'status.conditions', value: 'omit', detail });

const COUNTERS: [string, JobStatusRule][] = [
  ['active', 'JS-01'],
  ['succeeded', 'JS-02'],
  ['failed', 'JS-03'],
  ['ready', 'JS-04'],
  ['terminating', 'JS-05'],
];

function counterErrors(s: JsonObject): RuledError[] {
  const errors: RuledError[] = [];
  for (const [key, rule] of COUNTERS) {
    const v = s[key];
    if (typeof v === 'number' && v < 0) errors.push({ rule, type: 'Invalid', field: `status.${key}`, value: v, detail: 'must be greater than or equal to 0' });
  }
  const uncounted = objectAt(s, 'uncountedTerminatedPods');
  const seen = new Set<string>();
  for (const list of ['succeeded', 'failed']) {
    (arrayAt(uncounted, list) ?? []).forEach((uid, i) => {
      const field = `status.uncountedTerminatedPods.${list}[${i}]`;
      if (uid === '') errors.push({ rule: 'JS-06', type: 'Invalid', field, value: '', detail: 'must not be empty' });
      else if (seen.has(String(uid))) errors.push({ rule: 'JS-07', type: 'Duplicate', field, value: uid });
      seen.add(String(uid));
    });
  }
  return errors;
}

interface Changes {
  complete: boolean;
  failed: boolean;
  met: boolean;
  target: boolean;
  finished: boolean;
  active: boolean;
  ready: boolean;
  terminating: boolean;
  startTime: boolean;
  completionTime: boolean;
  uncounted: boolean;
  completedIndexes: boolean;
}

function changes(s: JsonObject, o: JsonObject): Changes {
  const differs = (key: string) => !deepEqual(s[key], o[key]);
  return {
    complete: complete(s) !== complete(o),
    failed: failed(s) !== failed(o),
    met: met(s) !== met(o),
    target: target(s) !== target(o),
    finished: finished(s) !== finished(o),
    active: counter(s, 'active') !== counter(o, 'active'),
    ready: differs('ready'),
    terminating: differs('terminating'),
    startTime: differs('startTime'),
    completionTime: differs('completionTime'),
    uncounted: differs('uncountedTerminatedPods'),
    completedIndexes: differs('completedIndexes'),
  };
}

function conditionErrors(s: JsonObject, c: Changes): RuledError[] {
  const errors: RuledError[] = [];
  if ((c.complete || c.failed) && complete(s) && failed(s)) errors.push(conditionsError('JS-12', 'cannot set Complete=True and Failed=true conditions'));
  if ((c.complete || c.target) && complete(s) && target(s)) errors.push(conditionsError('JS-12', 'cannot set Complete=True and FailureTarget=true conditions'));
  // A job is completed in two steps (or one write carrying both): SuccessCriteriaMet=True, then Complete=True.
  if ((c.failed || c.target) && failed(s) && !target(s))
    errors.push(conditionsError('JS-23', 'cannot set Failed=True condition without the FailureTarget=true condition'));
  if ((c.complete || c.met) && complete(s) && !met(s))
    errors.push(conditionsError('JS-22', 'cannot set Complete=True condition without the SuccessCriteriaMet=true condition'));
  if (met(s) && failed(s)) errors.push(conditionsError('JS-24', 'cannot set SuccessCriteriaMet=True and Failed=true conditions'));
  if (met(s) && target(s)) errors.push(conditionsError('JS-24', 'cannot set SuccessCriteriaMet=True and FailureTarget=true conditions'));
  return errors;
}

function timeErrors(s: JsonObject, c: Changes): RuledError[] {
  const errors: RuledError[] = [];
  if ((c.complete || c.completionTime) && s['completionTime'] !== undefined && !complete(s)) {
    errors.push({
      rule: 'JS-08',
      type: 'Invalid',
      field: 'status.completionTime',
      value: time(s['completionTime']),
      detail: 'cannot set completionTime when there is no Complete=True condition',
    });
  }
  if ((c.complete || c.completionTime) && s['completionTime'] === undefined && complete(s)) {
    errors.push({ rule: 'JS-09', type: 'Required', field: 'status.completionTime', detail: 'completionTime is required for Complete jobs' });
  }
  const start = stringAt(s, 'startTime');
  const end = stringAt(s, 'completionTime');
  if ((c.startTime || c.completionTime) && start && end && Date.parse(end) < Date.parse(start)) {
    errors.push({ rule: 'JS-10', type: 'Invalid', field: 'status.completionTime', value: time(end), detail: 'completionTime cannot be set before startTime' });
  }
  return errors;
}

function finishedErrors(s: JsonObject, c: Changes): RuledError[] {
  const errors: RuledError[] = [];
  const done = finished(s);
  if ((c.finished || c.active) && counter(s, 'active') > 0 && done) {
    errors.push({ rule: 'JS-16', type: 'Invalid', field: 'status.active', value: counter(s, 'active'), detail: 'active>0 is invalid for finished job' });
  }
  if ((c.finished || c.startTime) && s['startTime'] === undefined && done) {
    errors.push({ rule: 'JS-17', type: 'Required', field: 'status.startTime', detail: 'startTime is required for finished job' });
  }
  const uncounted = objectAt(s, 'uncountedTerminatedPods');
  const pending = (arrayAt(uncounted, 'succeeded')?.length ?? 0) + (arrayAt(uncounted, 'failed')?.length ?? 0);
  if ((c.finished || c.uncounted) && done && pending > 0) {
    errors.push({
      rule: 'JS-19',
      type: 'Invalid',
      field: 'status.uncountedTerminatedPods',
      value: uncounted ?? null,
      detail: 'uncountedTerminatedPods needs to be empty for finished job',
    });
  }
  if ((c.finished || c.terminating) && done && counter(s, 'terminating') > 0) {
    errors.push({
      rule: 'JS-26',
      type: 'Invalid',
      field: 'status.terminating',
      value: counter(s, 'terminating'),
      detail: 'terminating>0 is invalid for finished job',
    });
  }
  if ((c.ready || c.active) && typeof s['ready'] === 'number' && s['ready'] > counter(s, 'active')) {
    errors.push({ rule: 'JS-25', type: 'Invalid', field: 'status.ready', value: s['ready'], detail: 'cannot set more ready pods than active' });
  }
  return errors;
}

/** `0,2-4`: ascending intervals of indexes below completions (validateIndexesFormat), or why not. */
export function indexesProblem(text: string, completions: number): string | undefined {
  let last: number | undefined;
  for (const interval of text.split(',')) {
    const parts = interval.split('-');
    if (parts.length > 2) return `the fragment "${interval}" violates the requirement that an index interval can have at most two parts separated by '-'`;
    const bounds: number[] = [];
    for (const p of parts) {
      if (!/^\d+$/.test(p)) return `cannot convert string to integer for index: "${p}"`;
      if (Number(p) >= completions) return `too large index: "${p}"`;
      bounds.push(Number(p));
    }
    const [x, y = x] = bounds as [number, number?];
    if (bounds.length === 2 && x >= y) return `non-increasing order, previous: ${x}, current: ${y}`;
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    last = y;
  }
  return undefined;
}

function indexErrors(s: JsonObject, c: Changes, spec: JsonObject): RuledError[] {
  const indexes = stringAt(s, 'completedIndexes');
  if (!c.completedIndexes || !indexes) return [];
  if (spec['completionMode'] !== 'Indexed') {
    return [
      {
        rule: 'JS-20',
        type: 'Invalid',
        field: 'status.completedIndexes',
        value: indexes,
        detail: 'cannot set non-empty completedIndexes when non-indexed completion mode',
      },
    ];
  }
  const problem = typeof spec['completions'] === 'number' ? indexesProblem(indexes, spec['completions']) : undefined;
  return problem
    ? [{ rule: 'JS-21', type: 'Invalid', field: 'status.completedIndexes', value: indexes, detail: `error parsing completedIndexes: ${problem}` }]
    : [];
}

function transitionErrors(s: JsonObject, o: JsonObject, spec: JsonObject): RuledError[] {
  const errors: RuledError[] = [];
  for (const type of ['Failed', 'Complete', 'FailureTarget']) {
    if (isTrue(o, type) && !isTrue(s, type)) errors.push(conditionsError('JS-13', `cannot disable the terminal ${type}=True condition`));
  }
  if (met(o) && !met(s)) errors.push(conditionsError('JS-13', 'cannot disable the SuccessCriteriaMet=True condition'));
  if (counter(s, 'failed') < counter(o, 'failed')) {
    errors.push({ rule: 'JS-14', type: 'Invalid', field: 'status.failed', value: counter(s, 'failed'), detail: 'cannot decrease the failed counter' });
  }
  const indexed = spec['completionMode'] === 'Indexed';
  if ((!indexed || !deepEqual(spec['completions'], spec['parallelism'])) && counter(s, 'succeeded') < counter(o, 'succeeded')) {
    errors.push({ rule: 'JS-15', type: 'Invalid', field: 'status.succeeded', value: counter(s, 'succeeded'), detail: 'cannot decrease the succeeded counter' });
  }
  if (s['completionTime'] !== undefined && o['completionTime'] !== undefined && s['completionTime'] !== o['completionTime']) {
    errors.push({
      rule: 'JS-11',
      type: 'Invalid',
      field: 'status.completionTime',
      value: time(s['completionTime']),
      detail: 'completionTime cannot be mutated',
    });
  }
  if (o['startTime'] !== undefined && s['startTime'] !== o['startTime'] && spec['suspend'] !== true) {
    errors.push({ rule: 'JS-18', type: 'Required', field: 'status.startTime', detail: 'startTime cannot be removed for unsuspended job' });
  }
  return errors;
}

/** Field errors for a job status write, given the new and the stored job, each with the rule it breaks. */
export function jobStatusErrors(job: JsonObject, old: JsonObject): RuledError[] {
  const s = objectAt(job, 'status') ?? {};
  const o = objectAt(old, 'status') ?? {};
  const spec = objectAt(job, 'spec') ?? {};
  const c = changes(s, o);
  return [
    ...counterErrors(s),
    ...conditionErrors(s, c),
    ...timeErrors(s, c),
    ...finishedErrors(s, c),
    ...indexErrors(s, c, spec),
    ...transitionErrors(s, o, spec),
  ];
}
