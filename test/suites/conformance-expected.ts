// Where the bundled suites must catch each deviation profile of the reference server (src/reference/profiles*.ts):
// the scenario, the step, and words in the message that name the broken behaviour. conformance.test.ts runs the
// suites against every profile and checks each of these.

/** Where a profile must be caught: the scenario, the step, and words in the message that name the behaviour. */
export interface Catch {
  scenario: string;
  step: string;
  message: RegExp;
}

const PUT_POD_STATUS = 'replace status with the documented request';
const PATCH_IMAGE = 'patch the image with the documented JSON patch';
const PUT_JOB_STATUS = 'replace status with the documented request';
const SC_OWNER_PUT = 'owner updates the status with the documented body';

/** One JobStatus rule broken at a time (src/reference/profiles-jobs.ts): caught by the step that checks that rule. */
const JOB_RULE_EXPECTED: Record<string, Catch[]> = {
  'job-status-negative-active': [
    { scenario: 'k8s-job-status-negative-counters', step: 'replace status with status.active -1', message: /status: expected 422, got 200/ },
  ],
  'job-status-negative-succeeded': [
    { scenario: 'k8s-job-status-negative-counters', step: 'patch status.succeeded to -1', message: /^message: expected a string matching/ },
  ],
  'job-status-negative-failed': [
    { scenario: 'k8s-job-status-counter-rules', step: 'failed -1', message: /message: expected containing "must be greater than or equal to 0"/ },
  ],
  'job-status-negative-ready': [{ scenario: 'k8s-job-status-counter-rules', step: 'ready -1', message: /status: expected 422, got 200/ }],
  'job-status-negative-terminating': [{ scenario: 'k8s-job-status-counter-rules', step: 'terminating -1', message: /status: expected 422, got 200/ }],
  'job-status-empty-uncounted-uid': [
    { scenario: 'k8s-job-status-uncounted-rules', step: 'an empty uncounted pod UID', message: /status: expected 422, got 200/ },
  ],
  'job-status-duplicate-uncounted-uid': [
    { scenario: 'k8s-job-status-uncounted-rules', step: 'an uncounted pod UID twice', message: /status: expected 422, got 200/ },
  ],
  'job-status-complete-without-completion-time': [
    { scenario: 'k8s-job-status-finished-rules', step: 'Complete=True without completionTime', message: /status: expected 422, got 200/ },
  ],
  'job-status-completion-before-start': [
    { scenario: 'k8s-job-status-terminal-rules', step: 'completionTime before startTime', message: /status: expected 422, got 200/ },
  ],
  'job-status-completion-time-mutable': [
    { scenario: 'k8s-job-status-finished-rules', step: 'completionTime changed', message: /status: expected 422, got 200/ },
  ],
  'job-status-complete-and-failed': [
    {
      scenario: 'k8s-job-status-finished-rules',
      step: 'a Failed condition added to the complete job',
      message: /message: expected containing "cannot set Complete=True and Failed=true conditions"/,
    },
  ],
  'job-status-terminal-removable': [
    {
      scenario: 'k8s-job-status-finished-rules',
      step: 'the terminal conditions removed',
      message: /details\.causes: expected containing \{"field":"status\.conditions"\}/,
    },
  ],
  'job-status-failed-decreases': [{ scenario: 'k8s-job-status-counter-rules', step: 'the failed counter decreases', message: /status: expected 422, got 200/ }],
  'job-status-succeeded-decreases': [
    { scenario: 'k8s-job-status-terminal-rules', step: 'a succeeded counter that would decrease', message: /status: expected 422, got 200/ },
  ],
  'job-status-finished-with-active': [
    { scenario: 'k8s-job-status-finished-rules', step: 'active pods on the finished job', message: /status: expected 422, got 200/ },
  ],
  'job-status-finished-without-start': [
    { scenario: 'k8s-job-status-terminal-rules', step: 'a finished job without startTime', message: /status: expected 422, got 200/ },
  ],
  'job-status-start-time-mutable': [
    { scenario: 'k8s-job-status-unsuspended-start-time', step: 'change the startTime', message: /status: expected 422, got 200/ },
  ],
  'job-status-finished-with-uncounted': [
    { scenario: 'k8s-job-status-uncounted-rules', step: 'a finished job with uncounted pods', message: /status: expected 422, got 200/ },
  ],
  'job-status-indexes-non-indexed': [
    { scenario: 'k8s-job-status-index-rules', step: 'completedIndexes on a non-indexed job', message: /status: expected 422, got 200/ },
  ],
  'job-status-indexes-unparsed': [
    { scenario: 'k8s-job-status-index-rules', step: 'completedIndexes naming an index beyond completions', message: /status: expected 422, got 200/ },
  ],
  'job-status-complete-without-success-criteria': [
    { scenario: 'k8s-job-status-terminal-rules', step: 'Complete=True without SuccessCriteriaMet=True', message: /status: expected 422, got 200/ },
  ],
  'job-status-failed-without-target': [
    { scenario: 'k8s-job-status-terminal-rules', step: 'Failed=True without FailureTarget=True', message: /status: expected 422, got 200/ },
  ],
  'job-status-success-criteria-and-failure': [
    {
      scenario: 'k8s-job-status-finished-rules',
      step: 'SuccessCriteriaMet with FailureTarget',
      message: /message: expected containing "cannot set SuccessCriteriaMet=True and FailureTarget=true conditions"/,
    },
  ],
  'job-status-more-ready-than-active': [
    { scenario: 'k8s-job-status-counter-rules', step: 'more ready pods than active', message: /status: expected 422, got 200/ },
  ],
  'job-status-finished-with-terminating': [
    { scenario: 'k8s-job-status-finished-rules', step: 'terminating pods on the finished job', message: /status: expected 422, got 200/ },
  ],
};

/** The profiles of src/reference/profiles-k8s.ts (query parameters, headers, identity, not-found). */
const COMPACT = /^body: expected indented JSON, got compact JSON/;
const K8S_EXPECTED: Record<string, Catch[]> = {
  'pretty-ignored': [
    { scenario: 'k8s-pod-status-pretty', step: 'replace status with ?pretty=true', message: COMPACT },
    { scenario: 'k8s-pod-patch-pretty', step: 'patch the image with ?pretty=true', message: COMPACT },
    { scenario: 'k8s-job-status-pretty', step: 'replace job status with ?pretty=true', message: COMPACT },
  ],
  'dry-run-stored': [
    { scenario: 'k8s-pod-status-dry-run', step: 'read the pod back (nothing was stored)', message: /^status\.phase: expected "Pending", got "Running"/ },
    {
      scenario: 'k8s-pod-patch-dry-run',
      step: 'read the pod back (nothing was stored)',
      message: /^spec\.containers\[0\]\.image: expected "beego:v1", got "busybox:latest"/,
    },
    { scenario: 'k8s-job-status-dry-run', step: 'read job status back (nothing was stored)', message: /^status\.active: expected absent, got 1/ },
  ],
  'dry-run-any-value': [
    { scenario: 'k8s-pod-status-dry-run', step: 'replace status with ?dryRun=Yes (not a dryRun value)', message: /status: expected 422, got 200/ },
    { scenario: 'k8s-pod-patch-dry-run', step: 'patch the image with ?dryRun=Yes (not a dryRun value)', message: /status: expected 422, got 200/ },
    { scenario: 'k8s-job-status-dry-run', step: 'replace job status with ?dryRun=Yes (not a dryRun value)', message: /status: expected 422, got 200/ },
  ],
  'field-validation-strict-ignored': [
    {
      scenario: 'k8s-pod-patch-field-validation',
      step: 'patch with an unknown field and ?fieldValidation=Strict (refused)',
      message: /status: expected one of 400, 422, got 200/,
    },
  ],
  'unknown-field-no-warning': [
    { scenario: 'k8s-pod-patch-field-validation', step: 'patch with an unknown field (default Warn)', message: /^headers\.warning: missing/ },
  ],
  'field-manager-ignored': [
    {
      scenario: 'k8s-pod-patch-field-manager',
      step: 'patch a label with ?fieldManager=vouch-conformance',
      message: /^metadata\.managedFields: expected containing \{"manager":"vouch-conformance"/,
    },
  ],
  'apply-without-field-manager': [
    { scenario: 'k8s-pod-patch-field-manager', step: 'apply patch without ?fieldManager (required for apply)', message: /status: expected 422, got 200/ },
  ],
  'force-outside-apply': [
    {
      scenario: 'k8s-pod-patch-field-manager',
      step: 'merge patch with ?force=true (force is for apply patches only)',
      message: /status: expected 422, got 200/,
    },
  ],
  'job-status-applies-spec': [
    {
      scenario: 'k8s-job-status-spec-ignored',
      step: 'replace job status with a body that also changes the spec',
      message: /^spec\.parallelism: expected 1, got 3/,
    },
  ],
  'job-status-no-conflict': [
    {
      scenario: 'k8s-job-status-stale-conflict',
      step: 'replace job status again with the now stale resourceVersion',
      message: /status: expected 409, got 200/,
    },
  ],
  'pod-immutability-restart-policy-only': [
    { scenario: 'k8s-pod-patch-immutable-container', step: 'patch spec.containers[0].name', message: /status: expected 422, got 200/ },
    { scenario: 'k8s-pod-patch-immutable-volumes', step: 'patch spec.volumes (add an emptyDir volume)', message: /status: expected 422, got 200/ },
    { scenario: 'k8s-pod-patch-toleration-removed', step: "remove the pod's toleration", message: /status: expected 422, got 200/ },
  ],
  'pod-patch-identity-changed': [{ scenario: 'k8s-pod-patch-immutable-identity', step: 'patch metadata.name', message: /status: expected 400, got 200/ }],
  'name-mismatch-accepted': [
    { scenario: 'k8s-pod-status-name-mismatch', step: 'replace status with a body naming another pod', message: /status: expected 400, got 200/ },
  ],
  'malformed-patch-500': [
    { scenario: 'k8s-pod-patch-malformed-json-patch', step: 'patch with a JSON patch that is cut off', message: /status: expected 400, got 500/ },
  ],
  'missing-object-empty': [
    {
      scenario: 'k8s-pod-status-missing-namespace',
      step: 'replace the status of a pod in a namespace that does not exist',
      message: /status: expected 404, got 200/,
    },
    { scenario: 'k8s-pod-patch-missing-pod', step: 'patch a pod that does not exist', message: /status: expected 404, got 200/ },
    { scenario: 'k8s-job-status-missing-job', step: 'read the status of a job that does not exist', message: /status: expected 404, got 200/ },
  ],
  'content-type-not-json': [
    {
      scenario: 'k8s-pod-status-replace',
      step: PUT_POD_STATUS,
      message: /^headers\.content-type: expected media type application\/json .*got "text\/plain; charset=utf-8"/,
    },
    { scenario: 'k8s-pod-patch-image-json-patch', step: PATCH_IMAGE, message: /^headers\.content-type: expected media type application\/json/ },
  ],
  'unauthorized-not-status': [
    { scenario: 'k8s-pod-status-anonymous', step: 'replace status without credentials', message: /expected JSON, got a text\/plain/ },
    { scenario: 'k8s-pod-status-anonymous', step: 'replace status without credentials', message: /schema kubernetes:Status/ },
  ],
};

export const EXPECTED: Record<string, Catch[]> = {
  'pod-status-wrong-code': [{ scenario: 'k8s-pod-status-replace', step: PUT_POD_STATUS, message: /status: expected 200, got 201/ }],
  'pod-status-not-stored': [
    { scenario: 'k8s-pod-status-replace', step: 'read the pod back (the new status is stored)', message: /status\.phase: expected "Running", got "Pending"/ },
  ],
  'pod-status-drops-labels': [
    {
      scenario: 'k8s-pod-status-spec-ignored',
      step: 'replace status with a body that also changes the spec',
      message: /^metadata\.labels\["vouch\.dev\/status-written"\]: missing \(expected "true"\)/,
    },
  ],
  'pod-status-applies-spec': [
    {
      scenario: 'k8s-pod-status-spec-ignored',
      step: 'replace status with a body that also changes the spec',
      message: /spec\.containers\[0\]\.image: expected "beego:v1", got "busybox:latest"/,
    },
  ],
  'pod-status-no-conflict': [
    { scenario: 'k8s-pod-status-stale-conflict', step: 'replace status again with the now stale resourceVersion', message: /status: expected 409, got 200/ },
  ],
  'pod-patch-ignored': [
    { scenario: 'k8s-pod-patch-image-json-patch', step: PATCH_IMAGE, message: /spec\.containers\[0\]\.image: expected "busybox:latest".*got "beego:v1"/ },
    {
      scenario: 'k8s-pod-patch-image-merge-patch',
      step: 'patch the image with a merge patch',
      message: /spec\.containers\[0\]\.image: expected "busybox:latest"/,
    },
    { scenario: 'k8s-pod-patch-updatable-metadata', step: 'patch metadata.labels', message: /metadata\.labels\.patched: missing/ },
  ],
  'pod-patch-no-immutability': [
    { scenario: 'k8s-pod-patch-forbidden-field', step: 'patch spec.restartPolicy (not in the updatable list)', message: /status: expected 422, got 200/ },
  ],
  'pod-patch-wrong-415': [
    { scenario: 'k8s-pod-patch-unsupported-media-type', step: 'patch with Content-Type application/json', message: /status: expected 415, got 400/ },
  ],
  'job-status-stale-get': [
    { scenario: 'k8s-job-status-replace-read', step: 'read the status back (GET returns what was PUT)', message: /status\.active: missing \(expected 1\)/ },
    { scenario: 'k8s-job-status-patch-round-trip', step: 'read the counters back', message: /status\.succeeded: missing \(expected 1\)/ },
  ],
  'job-status-no-validation': [
    { scenario: 'k8s-job-status-negative-counters', step: 'patch status.succeeded to -1', message: /status: expected 422, got 200/ },
    {
      scenario: 'k8s-job-status-completion-time-without-complete',
      step: 'patch status.completionTime without a Complete condition',
      message: /status: expected 422, got 200/,
    },
    { scenario: 'k8s-job-status-terminal-rules', step: 'Complete=True without SuccessCriteriaMet=True', message: /status: expected 422, got 200/ },
  ],
  'job-status-wrong-type': [
    { scenario: 'k8s-job-status-replace-read', step: PUT_JOB_STATUS, message: /status\.active: must be integer/ },
    { scenario: 'k8s-job-status-replace-read', step: PUT_JOB_STATUS, message: /status\.active: expected (1|integer), got ("1"|string)/ },
  ],
  'pod-missing-kind': [
    { scenario: 'k8s-pod-status-replace', step: PUT_POD_STATUS, message: /^kind: is required/ },
    { scenario: 'k8s-pod-patch-image-json-patch', step: PATCH_IMAGE, message: /^kind: missing \(expected "Pod"\)/ },
  ],
  'error-not-status': [
    { scenario: 'k8s-pod-status-missing-pod', step: 'replace the status of a missing pod', message: /expected JSON, got a text\/plain/ },
    { scenario: 'k8s-pod-status-missing-pod', step: 'replace the status of a missing pod', message: /schema kubernetes:Status/ },
  ],
  'status-non-owner-allowed': [{ scenario: 'sc-status-update-other-user', step: 'another user updates the status', message: /status: expected 403, got 200/ }],
  'status-no-auth': [{ scenario: 'sc-status-update-anonymous', step: 'update the status without credentials', message: /status: expected 401, got 200/ }],
  'status-html-not-updated': [{ scenario: 'sc-status-update-owner', step: SC_OWNER_PUT, message: /^html: expected containing "edited-/ }],
  'status-missing-field': [{ scenario: 'sc-status-update-owner', step: SC_OWNER_PUT, message: /^author\.id: missing \(expected \d+\)/ }],
  'status-bad-types': [
    { scenario: 'sc-status-update-owner', step: SC_OWNER_PUT, message: /^id: must be integer/ },
    { scenario: 'sc-status-update-owner', step: SC_OWNER_PUT, message: /^id: expected integer, got (string|"\d+")/ },
  ],
  ...K8S_EXPECTED,
  // The status request body (suites/selfcommunity/status-body.yaml; profiles in src/reference/profiles-sc.ts).
  'status-null-action-refused': [
    { scenario: 'sc-status-body-action-null', step: 'owner updates the status with action null', message: /^status: expected 200, got 400/ },
  ],
  'status-action-optional': [
    { scenario: 'sc-status-body-no-action', step: 'owner updates the status without action', message: /^status: expected 400, got 200/ },
  ],
  'status-text-required': [{ scenario: 'sc-status-body-no-text', step: 'owner updates the status without text', message: /^status: expected 200, got 400/ }],
  'status-empty-categories-accepted': [
    { scenario: 'sc-status-body-categories-empty', step: 'owner updates the status with an empty category list', message: /^status: expected 400, got 200/ },
  ],
  'status-unknown-category-accepted': [
    {
      scenario: 'sc-status-body-categories-invalid',
      step: 'owner updates the status with a category that does not exist',
      message: /^status: expected 400, got 200/,
    },
  ],
  'status-categories-ignored': [
    {
      scenario: 'sc-status-body-category-change',
      step: 'owner moves the status to the second category',
      message: /^categories: expected containing \{"id":\d+\}/,
    },
  ],
  'status-location-not-stored': [
    {
      scenario: 'sc-status-body-location',
      step: 'owner reads the status back (the location is stored)',
      message: /^location\.location: missing \(expected "Milan, Italy"\)/,
    },
  ],
  'status-null-location-refused': [
    { scenario: 'sc-status-body-location', step: 'owner updates the status with location null', message: /^status: expected 200, got 400/ },
  ],
  'status-edited-at-frozen': [
    {
      scenario: 'sc-status-body-edited-at',
      step: 'owner edits the status again (last_edited_at moves)',
      message: /^until: not reached .*last_edited_at: expected not "/,
    },
  ],
  'status-medias-as-ids': [
    { scenario: 'sc-status-body-medias', step: 'owner updates the status with the media', message: /^medias\[0\]\.id: missing \(expected \d+\)/ },
    { scenario: 'sc-status-body-medias', step: 'owner updates the status with the media', message: /^medias\[0\]: must be object/ },
  ],
  'status-addressing-ignored': [
    {
      scenario: 'sc-status-body-addressing',
      step: 'owner addresses the status to the tag',
      message: /^addressing\[0\]: missing \(expected one of: \d+, or containing \{"id":\d+\}\)/,
    },
  ],
  'tag-booleans-as-strings': [{ scenario: 'sc-status-body-addressing', step: 'find a tag the owner may address', message: /^\[0\]\.visible: must be boolean/ }],
  'sc-json-as-html': [
    {
      scenario: 'sc-status-body-action-null',
      step: 'find a category',
      message: /^headers\.content-type: expected a string matching .*, got "text\/html; charset=utf-8"/,
    },
  ],
};

Object.assign(EXPECTED, JOB_RULE_EXPECTED);
