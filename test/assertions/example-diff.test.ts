// The example diff: documented examples against realistic responses of modern servers (zero false alarms), and
// every kind of real deviation, with the rendered text a user reads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffAgainstExample, exampleAssertion } from '../../src/assertions/example-diff.js';
import type { CheckResult } from '../../src/model/types.js';
import { context, edit, exchange, fixture, locate, type ExchangeSpec } from './helpers.js';

const POD_EXAMPLE = '../../../suites/kubernetes/examples/000-pod-status-response.json';
const STATUS_EXAMPLE = '../../../suites/selfcommunity/examples/004-status-update-response.json';

function run(expectation: unknown, ex: ExchangeSpec, api = 'kubernetes'): { errors: CheckResult[]; notes: CheckResult[]; summary: CheckResult } {
  const results = exampleAssertion.check(expectation, exchange(ex), context({ api }));
  const summary = results[results.length - 1]!;
  const rest = results.slice(0, -1);
  return { errors: rest.filter((r) => r.severity === 'error'), notes: rest.filter((r) => r.severity === 'note'), summary };
}

function podPut(response: unknown): ExchangeSpec {
  return {
    method: 'PUT',
    path: '/api/v1/namespaces/vouch-r7k2p/pods/hello-world-r7k2p/status',
    requestBody: fixture('pod-status-put-request.json'),
    contentType: 'application/json',
    body: response,
  };
}

describe('example: doc 000 (replace pod status) against a modern server', () => {
  it('finds no difference in a conformant response: other uid/resourceVersion/timestamps, no selfLink, extra defaults', () => {
    const { errors, notes, summary } = run({ file: POD_EXAMPLE }, podPut(fixture('pod-status-put-response.json')));
    assert.deepEqual(errors, []);
    assert.deepEqual(
      notes.map((n) => n.message),
      ['metadata.selfLink: documented, not sent by modern servers'],
    );
    assert.equal(notes[0]!.passed, false, 'a note is a failed check whose severity keeps the step green');
    assert.equal(summary.passed, true);
    assert.equal(
      summary.message,
      [
        'example 000-pod-status-response.json (subset): no differences in 39 fields',
        '  documentation drift (notes):',
        '    metadata.selfLink: documented, not sent by modern servers',
      ].join('\n'),
    );
    assert.deepEqual(summary.source, locate('/example'));
    const detail = summary.detail as { compared: number; failures: unknown[]; notes: unknown[]; text: string };
    assert.equal(detail.compared, 39);
    assert.deepEqual(detail.failures, []);
    assert.equal(detail.notes.length, 1);
    assert.equal(detail.text, summary.message);
  });

  it('reports exactly the phase when the server does not keep the phase that was PUT', () => {
    const body = edit(fixture('pod-status-put-response.json'), { 'status.phase': 'Pending' });
    const { errors, summary } = run({ file: POD_EXAMPLE }, podPut(body));
    assert.equal(errors.length, 1);
    assert.deepEqual([errors[0]!.path, errors[0]!.expected, errors[0]!.actual, errors[0]!.kind], ['status.phase', 'Running', 'Pending', 'example']);
    assert.equal(errors[0]!.message, 'status.phase: expected "Running", got "Pending"');
    assert.deepEqual(errors[0]!.detail, { kind: 'value', because: 'sent in the request', file: POD_EXAMPLE });
    assert.equal(summary.passed, false);
    assert.equal(
      summary.message,
      [
        'example 000-pod-status-response.json (subset): 1 difference in 39 fields',
        '  wrong value:',
        '    status.phase: expected "Running", got "Pending"',
        '  documentation drift (notes):',
        '    metadata.selfLink: documented, not sent by modern servers',
      ].join('\n'),
    );
  });

  it('reports a value of another JSON type as a wrong type, even where the request decided the value', () => {
    const body = edit(fixture('pod-status-put-response.json'), { 'status.phase': 3, 'status.conditions[0].status': true });
    const { errors, summary } = run({ file: POD_EXAMPLE }, podPut(body));
    assert.deepEqual(
      errors.map((e) => [e.message, e.expected, e.actual]),
      [
        ['status.phase: expected string, got integer', 'Running', 3],
        ['status.conditions[0].status: expected string, got boolean', 'True', true],
      ],
    );
    assert.match(
      summary.message,
      /^example 000-pod-status-response\.json \(subset\): 2 differences in 39 fields\n {2}wrong type:\n {4}status\.phase: expected string, got integer\n/,
    );
  });

  it('reads a sample value as a type where the request said nothing: a GET may show another phase', () => {
    const body = edit(fixture('pod-status-put-response.json'), { 'status.phase': 'Pending' });
    const { errors } = run({ file: POD_EXAMPLE }, { method: 'GET', body });
    assert.deepEqual(errors, []);
  });

  it('groups missing fields, wrong types and wrong fixed values like a reviewer', () => {
    const body = edit(fixture('pod-status-put-response.json'), {
      'metadata.name': undefined,
      'status.hostIP': 2130706433,
      kind: 'Job',
      'spec.containers[0].env': {},
    });
    const { errors, summary } = run({ file: POD_EXAMPLE }, { method: 'GET', body });
    assert.deepEqual(
      errors.map((e) => e.message),
      [
        'kind: expected "Pod", got "Job"',
        'metadata.name: missing',
        'spec.containers[0].env: expected array, got object',
        'status.hostIP: expected string, got integer',
      ],
    );
    assert.equal(
      summary.message,
      [
        'example 000-pod-status-response.json (subset): 4 differences in 38 fields',
        '  wrong value:',
        '    kind: expected "Pod", got "Job"',
        '  wrong type:',
        '    spec.containers[0].env: expected array, got object',
        '    status.hostIP: expected string, got integer',
        '  missing:',
        '    metadata.name: missing',
        '  documentation drift (notes):',
        '    metadata.selfLink: documented, not sent by modern servers',
      ].join('\n'),
    );
  });

  it('allows what a faithful server may leave out, as notes naming the rule; requires what the request sent and the identity', () => {
    const full = fixture('pod-status-put-response.json');
    // A cluster without the ServiceAccount admission plugin, a GET (no request): the label and the node are not required.
    const body = edit(full, {
      'metadata.labels.name': undefined,
      'spec.serviceAccountName': undefined,
      'spec.serviceAccount': undefined,
      'spec.nodeName': undefined,
    });
    const { errors, notes } = run({ file: POD_EXAMPLE }, { method: 'GET', body });
    assert.deepEqual(errors, []);
    assert.deepEqual(
      notes.map((n) => [n.path, n.rule]),
      [
        ['metadata.selfLink', 'doc-drift'],
        ['metadata.labels.name', 'environment'],
        ['spec.serviceAccountName', 'environment'],
        ['spec.serviceAccount', 'environment'],
        ['spec.nodeName', 'environment'],
      ],
    );
    assert.match(notes[2]!.message, /^spec\.serviceAccountName: documented, not sent \(set by the ServiceAccount admission plugin/);
    // After the PUT the request decided the status: its absence fails; an absent documented zero value does not.
    const put = edit(full, { 'status.podIP': undefined, 'spec.containers[0].volumeMounts[1].readOnly': undefined });
    const r = run({ file: POD_EXAMPLE }, podPut(put));
    assert.deepEqual(
      r.errors.map((e) => e.message),
      ['status.podIP: missing'],
    );
    assert.deepEqual(
      r.notes.filter((n) => n.rule !== 'doc-drift').map((n) => n.rule),
      ['environment'],
    );
  });

  it('reads an absent zero value as equal to it on a Go-served API (Kubernetes), and nowhere else', () => {
    const example = { status: { active: 1, failed: 0, ready: false } };
    const sent = { body: { status: { active: 0, failed: 0 } }, contentType: 'application/json' };
    const k8s = diffAgainstExample(example, { status: {} }, { api: 'kubernetes', request: sent });
    assert.deepEqual(k8s.failures, []);
    assert.deepEqual(
      k8s.notes.map((n) => [n.path, n.rule]),
      [
        ['status.active', 'zero-value'],
        ['status.failed', 'zero-value'],
        ['status.ready', 'zero-value'],
      ],
    );
    const other = diffAgainstExample(example, { status: {} }, { api: 'todos', request: sent });
    assert.deepEqual(
      other.failures.map((f) => f.message),
      ['status.active: missing', 'status.failed: missing'],
    );
    const wrong = diffAgainstExample(example, { status: { active: 2 } }, { api: 'kubernetes', request: sent });
    assert.deepEqual(
      wrong.failures.map((f) => f.message),
      ['status.active: expected 0, got 2'],
    );
  });

  it('takes a timestamp the request sent back in another rendering of the same instant, as a note', () => {
    const sent = { body: { status: { startTime: '2017-12-13T03:15:55Z' } }, contentType: 'application/json' };
    const same = diffAgainstExample(
      { status: { startTime: '2016-01-01T00:00:00Z' } },
      { status: { startTime: '2017-12-13T03:15:55.000+00:00' } },
      { api: 'kubernetes', request: sent },
    );
    assert.deepEqual(same.failures, []);
    assert.deepEqual(
      same.notes.map((n) => n.rule),
      ['timestamp'],
    );
    const later = diffAgainstExample(
      { status: { startTime: '2016-01-01T00:00:00Z' } },
      { status: { startTime: '2017-12-13T03:15:56Z' } },
      { api: 'kubernetes', request: sent },
    );
    assert.deepEqual(
      later.failures.map((f) => f.message),
      ['status.startTime: expected "2017-12-13T03:15:55Z", got "2017-12-13T03:15:56Z"'],
    );
  });

  it('in exact mode, reports what the response has beyond the example', () => {
    const body = edit(fixture('pod-status-put-response.json'), { 'spec.containers[0].resources': { limits: { cpu: '500m' } } });
    const ignore = [
      'metadata.generation',
      'metadata.managedFields',
      'spec.volumes[*].secret.defaultMode',
      'spec.containers[*].terminationMessagePolicy',
      'status.qosClass',
    ];
    const ignoreDefaults = [
      'spec.automountServiceAccountToken',
      'spec.schedulerName',
      'spec.tolerations',
      'spec.priority',
      'spec.enableServiceLinks',
      'spec.preemptionPolicy',
    ];
    const { errors, summary } = run({ file: POD_EXAMPLE, mode: 'exact', ignore: [...ignore, ...ignoreDefaults] }, podPut(body));
    assert.deepEqual(
      errors.map((e) => e.message),
      ['spec.containers[0].resources.limits: unexpected'],
    );
    assert.deepEqual(errors[0]!.actual, { cpu: '500m' });
    assert.match(
      summary.message,
      /^example 000-pod-status-response\.json \(exact\): 1 difference in 39 fields\n {2}unexpected:\n {4}spec\.containers\[0\]\.resources\.limits: unexpected\n/,
    );
  });

  it('applies matchers (with templates resolved) instead of the type check, on every path a wildcard names', () => {
    const put = exchange(podPut(fixture('pod-status-put-response.json')));
    const body = edit(fixture('pod-status-put-response.json'), { 'status.conditions[0].lastTransitionTime': 'yesterday' });
    const match = {
      'status.conditions[*].lastTransitionTime': { rfc3339: true },
      'metadata.name': { regex: '^hello-world-' },
      'status.phase': { equals: '${steps.put.request.body.status.phase}' },
    };
    const results = exampleAssertion.check({ file: POD_EXAMPLE, match }, exchange({ method: 'GET', body }), context({ exchanges: { put } }));
    const errors = results.filter((r) => r.severity === 'error' && !r.passed && r.path !== 'body');
    assert.deepEqual(
      errors.map((e) => e.message),
      ['status.conditions[0].lastTransitionTime: expected an RFC 3339 timestamp, got "yesterday"'],
    );
    const failed = edit(body, { 'status.phase': 'Failed' });
    const again = exampleAssertion.check({ file: POD_EXAMPLE, match }, exchange({ method: 'GET', body: failed }), context({ exchanges: { put } }));
    assert.ok(again.some((r) => r.message === 'status.phase: expected "Running", got "Failed"'));
  });

  it('compares the image a JSON patch set (doc 001), and nothing else of the documented values', () => {
    const body = fixture('pod-status-put-response.json');
    const patch = [{ op: 'add', path: '/spec/containers/0/image', value: 'busybox:latest' }];
    const spec = { method: 'PATCH', requestBody: patch, contentType: 'application/json-patch+json', body };
    const file = '../../../suites/kubernetes/examples/001-pod-patch-response.json';
    const ignore = ['status.containerStatuses', 'status.conditions[0].reason', 'status.conditions[0].message'];
    const { errors } = run({ file, ignore }, spec);
    assert.deepEqual(
      errors.map((e) => e.message),
      ['spec.containers[0].image: expected "busybox:latest", got "beego:v1"'],
    );
    const patched = edit(body, { 'spec.containers[0].image': 'busybox:latest' });
    assert.deepEqual(run({ file, ignore }, { ...spec, body: patched }).errors, []);
  });
});

describe('example: doc 002 (replace job status), documentation drift', () => {
  const file = '../../../suites/kubernetes/examples/002-job-status-response.json';

  it('notes selfLink and enable (absent or present) and never fails on them; scenario drift paths join the built-ins', () => {
    const body = edit(fixture('job-status-put-response.json'), { 'metadata.enable': true });
    const { errors, notes, summary } = run({ file, drift: ['spec.selector.matchLabels.controller-uid'] }, { method: 'GET', body });
    assert.deepEqual(errors, []);
    assert.deepEqual(
      notes.map((n) => n.message),
      [
        'metadata.selfLink: documented, not sent by modern servers',
        'metadata.enable: documented drift, sent by this server (not compared)',
        'spec.selector.matchLabels.controller-uid: documented, not sent by modern servers',
        'spec.template.metadata.enable: documented, not sent by modern servers',
      ],
    );
    assert.equal(summary.passed, true);
  });

  it('without the drift path, the modern selector label is a documented field this server decides otherwise (a note)', () => {
    const { errors, notes } = run({ file }, { method: 'GET', body: fixture('job-status-put-response.json') });
    assert.deepEqual(errors, []);
    assert.ok(notes.some((n) => n.path === 'spec.selector.matchLabels.controller-uid' && n.rule === 'environment'));
  });
});

describe('example: doc 004 (update a SelfCommunity status)', () => {
  const put = (body: unknown): ExchangeSpec => ({
    method: 'PUT',
    path: '/api/v2/status/4211/',
    requestBody: fixture('status-put-request.json'),
    contentType: 'application/json',
    body,
  });

  it('finds no difference in a realistic Status with real values in place of the placeholders', () => {
    const { errors, notes, summary } = run(STATUS_EXAMPLE, put(fixture('status-put-response.json')), 'selfcommunity');
    assert.deepEqual(errors, []);
    assert.deepEqual(notes, []);
    assert.equal(summary.message, 'example 004-status-update-response.json (subset): no differences in 81 fields');
  });

  it('reports html sent as an integer as a wrong type', () => {
    const body = edit(fixture('status-put-response.json'), { html: 42 });
    const { errors, summary } = run(STATUS_EXAMPLE, put(body), 'selfcommunity');
    assert.deepEqual(
      errors.map((e) => [e.path, e.expected, e.actual, e.message]),
      [['html', 'string', 42, 'html: expected string, got integer']],
    );
    assert.equal(
      summary.message,
      ['example 004-status-update-response.json (subset): 1 difference in 81 fields', '  wrong type:', '    html: expected string, got integer'].join('\n'),
    );
  });

  it('requires what the request sent (location, addressing, action) and nothing else of the sample values', () => {
    const body = edit(fixture('status-put-response.json'), { 'location.lat': 41.9, addressing: [4], action: 'share' });
    const { errors } = run(STATUS_EXAMPLE, put(body), 'selfcommunity');
    assert.deepEqual(
      errors.map((e) => e.message),
      ['action: expected null, got string', 'location.lat: expected 45.4642, got 41.9', 'addressing[0]: expected 3, got 4'],
    );
  });

  it('notes a null the docs do not rule out, accepts a documented type¦null silently, and fails a null in what the request sent or the identity', () => {
    const body = edit(fixture('status-put-response.json'), { last_edited_at: null, 'author.website': null });
    const r = run(STATUS_EXAMPLE, put(body), 'selfcommunity');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.notes.map((n) => [n.path, n.rule]),
      [
        ['last_edited_at', 'null'],
        ['author.website', 'null'],
      ],
    );
    assert.match(r.notes[0]!.message, /^last_edited_at: null \(documented as string\(date-time\); the documentation does not rule null out\)$/);
    assert.deepEqual(run({ file: STATUS_EXAMPLE, nullable: ['last_edited_at', 'author.website'] }, put(body), 'selfcommunity').notes, []);
    const broken = edit(body, { id: null, 'location.location': null });
    assert.deepEqual(
      run(STATUS_EXAMPLE, put(broken), 'selfcommunity').errors.map((e) => e.message),
      ['id: expected integer, got null', 'location.location: expected string, got null'],
    );
    const other = edit(body, { type: 'discussion' });
    assert.ok(
      run({ file: STATUS_EXAMPLE, values: ['type'] }, put(other), 'selfcommunity').errors.some(
        (e) => e.message === 'type: expected "status", got "discussion"',
      ),
    );
  });

  it('notes counters a community preference hides, and fails a field the documentation marks required', () => {
    const body = edit(fixture('status-put-response.json'), { 'author.polls_counter': undefined, comment_count: undefined });
    const r = run(STATUS_EXAMPLE, put(body), 'selfcommunity');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.notes.map((n) => [n.path, n.rule]),
      [
        ['author.polls_counter', 'environment'],
        ['comment_count', 'presence'],
      ],
    );
    assert.deepEqual(
      run({ file: STATUS_EXAMPLE, required: ['comment_count'] }, put(body), 'selfcommunity').errors.map((e) => e.message),
      ['comment_count: missing'],
    );
  });
});
