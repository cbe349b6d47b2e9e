// Jobs on the reference server: create defaults (selector and labels from the uid), restartPolicy validation,
// GET/PUT/PATCH of /status with the job status rules (422), conflicts, 404 and deletion.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReferenceServer } from '../../src/reference/server.ts';
import { client, createJob, get, jobBody, JOBS, metaOf, start, unique, withStatus, type Client } from './helpers.ts';

let server: ReferenceServer;
let call: Client;

before(async () => {
  server = await start();
  call = client(server);
});
after(() => server.close());

describe('job create', () => {
  it('answers 201 with the job defaults and the generated selector and template labels', async () => {
    const name = unique('job');
    const res = await call('POST', JOBS, { body: jobBody(name) });
    assert.equal(res.status, 201);
    const uid = String(get(res.json, 'metadata.uid'));
    const spec = (path: string): unknown => get(res.json, `spec.${path}`);
    assert.equal(get(res.json, 'apiVersion'), 'batch/v1');
    assert.equal(spec('parallelism'), 1);
    assert.equal(spec('completions'), 1);
    assert.equal(spec('backoffLimit'), 6);
    assert.equal(spec('completionMode'), 'NonIndexed');
    assert.equal(spec('suspend'), true);
    assert.equal(spec('podReplacementPolicy'), 'TerminatingOrFailed');
    assert.equal(spec('manualSelector'), undefined);
    assert.deepEqual(spec('selector'), { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    assert.deepEqual(spec('template.metadata.labels'), {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    });
    assert.equal(spec('template.spec.containers[0].imagePullPolicy'), 'Always');
    assert.equal(spec('template.spec.dnsPolicy'), 'ClusterFirst');
    assert.deepEqual(get(res.json, 'status'), {});
  });

  it('refuses restartPolicy Always (also when defaulted) with 422 Unsupported value', async () => {
    const body = jobBody(unique('always'));
    delete (get(body, 'spec.template.spec') as Record<string, unknown>)['restartPolicy'];
    const res = await call('POST', JOBS, { body });
    assert.equal(res.status, 422);
    assert.equal(
      get(res.json, 'message'),
      `Job.batch "${get(body, 'metadata.name')}" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"`,
    );
    assert.deepEqual(get(res.json, 'details.group'), 'batch');
    assert.deepEqual(get(res.json, 'details.kind'), 'Job');
    assert.equal(get(res.json, 'details.causes[0].reason'), 'FieldValueNotSupported');
  });

  it('warns about unknown fields in the template metadata', async () => {
    const body = jobBody(unique('enable'));
    (get(body, 'metadata') as Record<string, unknown>)['enable'] = true;
    (get(body, 'spec.template') as Record<string, unknown>)['metadata'] = { enable: true };
    const res = await call('POST', JOBS, { body });
    assert.equal(res.status, 201);
    assert.deepEqual((res.headers.get('warning') ?? '').split(', ').sort(), [
      '299 - "unknown field \\"metadata.enable\\""',
      '299 - "unknown field \\"spec.template.metadata.enable\\""',
    ]);
    const strict = await call('POST', `${JOBS}?fieldValidation=Strict`, { body: { ...body, metadata: { name: unique('strict'), enable: true } } });
    assert.equal(strict.status, 400);
    assert.match(
      String(get(strict.json, 'message')),
      /^Job in version "v1" cannot be handled as a Job: strict decoding error: unknown field "metadata.enable"/,
    );
  });
});

describe('job status', () => {
  it('GET /status returns the whole job', async () => {
    const job = await createJob(call);
    const res = await call('GET', `${JOBS}/${metaOf(job).name}/status`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, job);
  });

  it('PUT /status stores the status, ignores spec, honours labels', async () => {
    const job = await createJob(call);
    const { name, resourceVersion } = metaOf(job);
    const sent = withStatus(structuredClone(job), { startTime: '2017-12-13T03:15:55Z', active: 1 });
    (sent['spec'] as Record<string, unknown>)['parallelism'] = 5;
    (sent['metadata'] as Record<string, unknown>)['labels'] = { app: 'new-jobs', name: 'job-test' };
    const res = await call('PUT', `${JOBS}/${name}/status`, { body: sent });
    assert.equal(res.status, 200);
    assert.deepEqual(get(res.json, 'status'), { startTime: '2017-12-13T03:15:55Z', active: 1 });
    assert.equal(get(res.json, 'spec.parallelism'), 1);
    assert.equal(get(res.json, 'metadata.labels.name'), 'job-test');
    assert.notEqual(get(res.json, 'metadata.resourceVersion'), resourceVersion);
    const read = await call('GET', `${JOBS}/${name}/status`);
    assert.deepEqual(get(read.json, 'status'), { startTime: '2017-12-13T03:15:55Z', active: 1 });
  });

  it('PATCH /status merges into the status', async () => {
    const { name } = metaOf(await createJob(call));
    const res = await call('PATCH', `${JOBS}/${name}/status`, { body: { status: { active: 2, ready: 1 } }, type: 'application/merge-patch+json' });
    assert.equal(res.status, 200);
    assert.equal(get(res.json, 'status.active'), 2);
    assert.equal(get(res.json, 'status.ready'), 1);
  });

  it('refuses negative counters with 422 and one cause each', async () => {
    const job = await createJob(call);
    const { name } = metaOf(job);
    const res = await call('PUT', `${JOBS}/${name}/status`, { body: withStatus(job, { active: -1, terminating: -2 }) });
    assert.equal(res.status, 422);
    assert.equal(
      get(res.json, 'message'),
      `Job.batch "${name}" is invalid: [status.active: Invalid value: -1: must be greater than or equal to 0, status.terminating: Invalid value: -2: must be greater than or equal to 0]`,
    );
    assert.deepEqual(get(res.json, 'details.causes'), [
      { reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'status.active' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: -2: must be greater than or equal to 0', field: 'status.terminating' },
    ]);
  });

  it('applies the completionTime and terminal-condition rules', async () => {
    const job = await createJob(call);
    const { name } = metaOf(job);
    const put = (status: Record<string, unknown>) => call('PUT', `${JOBS}/${name}/status`, { body: withStatus(job, status) });
    const noComplete = await put({ startTime: '2017-12-13T03:15:55Z', completionTime: '2017-12-13T03:20:00Z' });
    assert.equal(noComplete.status, 422);
    assert.equal(
      get(noComplete.json, 'details.causes[0].message'),
      'Invalid value: "2017-12-13 03:20:00 +0000 UTC": cannot set completionTime when there is no Complete=True condition',
    );
    const met = { type: 'SuccessCriteriaMet', status: 'True' };
    const complete = { type: 'Complete', status: 'True' };
    const before = await put({ startTime: '2017-12-13T03:15:55Z', completionTime: '2017-12-13T03:00:00Z', conditions: [met, complete] });
    assert.equal(
      get(before.json, 'details.causes[0].message'),
      'Invalid value: "2017-12-13 03:00:00 +0000 UTC": completionTime cannot be set before startTime',
    );
    const both = await put({
      startTime: '2017-12-13T03:15:55Z',
      completionTime: '2017-12-13T03:20:00Z',
      conditions: [complete, { type: 'Failed', status: 'True' }],
    });
    assert.equal(get(both.json, 'details.causes[0].message'), 'Invalid value: cannot set Complete=True and Failed=true conditions');
    const noTime = await put({ startTime: '2017-12-13T03:15:55Z', conditions: [met, complete] });
    assert.equal(get(noTime.json, 'details.causes[0].message'), 'Required value: completionTime is required for Complete jobs');
    const noStart = await put({ completionTime: '2017-12-13T03:20:00Z', conditions: [met, complete] });
    assert.deepEqual(get(noStart.json, 'details.causes'), [
      { reason: 'FieldValueRequired', message: 'Required value: startTime is required for finished job', field: 'status.startTime' },
    ]);
    // 1.32+: Complete=True needs SuccessCriteriaMet=True, Failed=True needs FailureTarget=True (in the same write or before).
    const noMet = await put({ startTime: '2017-12-13T03:15:55Z', completionTime: '2017-12-13T03:20:00Z', conditions: [complete] });
    assert.equal(noMet.status, 422);
    assert.deepEqual(get(noMet.json, 'details.causes'), [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: cannot set Complete=True condition without the SuccessCriteriaMet=true condition',
        field: 'status.conditions',
      },
    ]);
    const noTarget = await put({ startTime: '2017-12-13T03:15:55Z', conditions: [{ type: 'Failed', status: 'True' }] });
    assert.equal(get(noTarget.json, 'details.causes[0].message'), 'Invalid value: cannot set Failed=True condition without the FailureTarget=true condition');
    const metAndFailed = await put({
      startTime: '2017-12-13T03:15:55Z',
      conditions: [met, { type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }],
    });
    assert.deepEqual(
      (get(metAndFailed.json, 'details.causes') as { message: string }[]).map((c) => c.message),
      [
        'Invalid value: cannot set SuccessCriteriaMet=True and Failed=true conditions',
        'Invalid value: cannot set SuccessCriteriaMet=True and FailureTarget=true conditions',
      ],
    );
    const good = await put({ startTime: '2017-12-13T03:15:55Z', completionTime: '2017-12-13T03:20:00Z', succeeded: 1, conditions: [met, complete] });
    assert.equal(good.status, 200);
    const undo = await call('PUT', `${JOBS}/${name}/status`, { body: withStatus(good.json as Record<string, unknown>, { startTime: '2017-12-13T03:15:55Z' }) });
    assert.equal(undo.status, 422);
    assert.match(String(get(undo.json, 'message')), /cannot disable the terminal Complete=True condition/);
  });

  it('answers 409 for a stale resourceVersion and 404 for a missing job', async () => {
    const job = await createJob(call);
    const { name } = metaOf(job);
    await call('PUT', `${JOBS}/${name}/status`, { body: withStatus(job, { active: 1 }) });
    const stale = await call('PUT', `${JOBS}/${name}/status`, { body: withStatus(job, { active: 2 }) });
    assert.equal(stale.status, 409);
    assert.equal(
      get(stale.json, 'message'),
      `Operation cannot be fulfilled on jobs.batch "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    );
    assert.deepEqual(get(stale.json, 'details'), { name, group: 'batch', kind: 'jobs' });
    const missing = await call('GET', `${JOBS}/${unique('none')}/status`);
    assert.equal(missing.status, 404);
    assert.match(String(get(missing.json, 'message')), /^jobs\.batch "none-\d+-\d+" not found$/);
    assert.equal(get(missing.json, 'details.group'), 'batch');
    assert.equal(get(missing.json, 'details.kind'), 'jobs');
  });
});

describe('job get, list, update and delete', () => {
  it('lists, refuses a template change (immutable), deletes with the orphan warning', async () => {
    const job = await createJob(call);
    const { name } = metaOf(job);
    const list = await call('GET', JOBS);
    assert.equal(get(list.json, 'kind'), 'JobList');
    const all = await call('GET', '/apis/batch/v1/jobs');
    assert.ok((get(all.json, 'items') as unknown[]).some((j) => get(j, 'metadata.name') === name));
    const labelled = await call('PATCH', `${JOBS}/${name}`, { body: { metadata: { labels: { tier: 'batch' } } }, type: 'application/merge-patch+json' });
    assert.equal(labelled.status, 200);
    assert.equal(get(labelled.json, 'metadata.labels.tier'), 'batch');
    assert.equal(get(labelled.json, 'metadata.generation'), 1, 'a metadata change keeps the generation');
    const resumed = await call('PATCH', `${JOBS}/${name}`, { body: { spec: { suspend: false } }, type: 'application/merge-patch+json' });
    assert.equal(get(resumed.json, 'metadata.generation'), 2, 'a spec change bumps the generation');
    const changed = structuredClone(resumed.json) as Record<string, unknown>;
    (get(changed, 'spec.template.spec.containers[0]') as Record<string, unknown>)['image'] = 'redis:7';
    const refused = await call('PUT', `${JOBS}/${name}`, { body: changed });
    assert.equal(refused.status, 422);
    assert.equal(get(refused.json, 'details.causes[0].field'), 'spec.template');
    const deleted = await call('DELETE', `${JOBS}/${name}`);
    assert.equal(deleted.status, 200);
    assert.match(deleted.headers.get('warning') ?? '', /child pods are preserved by default when jobs are deleted/);
    const quiet = await createJob(call);
    const background = await call('DELETE', `${JOBS}/${metaOf(quiet).name}?propagationPolicy=Background`);
    assert.equal(background.headers.get('warning'), null);
    assert.equal((await call('GET', `${JOBS}/${name}`)).status, 404);
  });
});
