// Deviation profiles that each stop enforcing ONE JobStatus validation rule (k8s/job-status.ts, JS-01..JS-26):
// the suites must catch every one in the step that checks that rule.

import type { Profile } from './hooks.js';

const JOB_STATUS = 'GET/PUT/PATCH /apis/batch/v1/namespaces/{namespace}/jobs/{name}/status';

const RULES: [rule: string, name: string, accepts: string][] = [
  ['JS-01', 'job-status-negative-active', 'a negative status.active'],
  ['JS-02', 'job-status-negative-succeeded', 'a negative status.succeeded'],
  ['JS-03', 'job-status-negative-failed', 'a negative status.failed'],
  ['JS-04', 'job-status-negative-ready', 'a negative status.ready'],
  ['JS-05', 'job-status-negative-terminating', 'a negative status.terminating'],
  ['JS-06', 'job-status-empty-uncounted-uid', 'an empty UID in status.uncountedTerminatedPods'],
  ['JS-07', 'job-status-duplicate-uncounted-uid', 'the same UID twice in status.uncountedTerminatedPods'],
  ['JS-09', 'job-status-complete-without-completion-time', 'Complete=True without completionTime'],
  ['JS-10', 'job-status-completion-before-start', 'a completionTime before startTime'],
  ['JS-11', 'job-status-completion-time-mutable', 'a change of completionTime once set'],
  ['JS-12', 'job-status-complete-and-failed', 'Complete=True together with Failed=True or FailureTarget=True'],
  ['JS-13', 'job-status-terminal-removable', 'removing a terminal condition (Complete, Failed, FailureTarget)'],
  ['JS-14', 'job-status-failed-decreases', 'a decreasing failed counter'],
  ['JS-15', 'job-status-succeeded-decreases', 'a decreasing succeeded counter'],
  ['JS-16', 'job-status-finished-with-active', 'active pods on a finished job'],
  ['JS-17', 'job-status-finished-without-start', 'a finished job without startTime'],
  ['JS-18', 'job-status-start-time-mutable', 'a changed startTime on an unsuspended job'],
  ['JS-19', 'job-status-finished-with-uncounted', 'uncounted terminated pods on a finished job'],
  ['JS-20', 'job-status-indexes-non-indexed', 'completedIndexes on a non-indexed job'],
  ['JS-21', 'job-status-indexes-unparsed', 'completedIndexes that do not parse'],
  ['JS-22', 'job-status-complete-without-success-criteria', 'Complete=True without SuccessCriteriaMet=True'],
  ['JS-23', 'job-status-failed-without-target', 'Failed=True without FailureTarget=True'],
  ['JS-24', 'job-status-success-criteria-and-failure', 'SuccessCriteriaMet=True together with Failed=True or FailureTarget=True'],
  ['JS-25', 'job-status-more-ready-than-active', 'more ready pods than active ones'],
  ['JS-26', 'job-status-finished-with-terminating', 'terminating pods on a finished job'],
];

export const JOB_RULE_PROFILES: Profile[] = RULES.map(([rule, name, accepts]) => ({
  name,
  operation: JOB_STATUS,
  description: `accepts ${accepts} instead of 422 Invalid (rule ${rule})`,
  hooks: { enforcesJobStatusRule: (_route, r) => r !== rule },
}));
