// Each JobStatus rule profile (src/reference/profiles-jobs.ts) stops enforcing exactly its own rule: a write that
// breaks one rule answers 422 with that rule's cause on the conformant server, and only the profile of that rule
// lets the cause go (other rules the same write breaks still answer).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReferenceServer } from '../../src/reference/server.ts';
import { JOB_RULE_PROFILES } from '../../src/reference/profiles-jobs.ts';
import { client, get, jobBody, JOBS, metaOf, start, type Client } from './helpers.ts';

const MERGE = 'application/merge-patch+json';
const MET = { type: 'SuccessCriteriaMet', status: 'True' };
const COMPLETE = { type: 'Complete', status: 'True' };
const TARGET = { type: 'FailureTarget', status: 'True' };
const FAILED = { type: 'Failed', status: 'True' };
const START = '2017-12-13T03:15:55Z';
const END = '2017-12-13T03:16:55Z';

type Status = Record<string, unknown>;
type Job = { call: Client; name: string; patch(status: Status): Promise<{ status: number; causes: string[] }> };

async function job(
  call: Client,
  body = jobBody(`job-${Math.random().toString(36).slice(2, 8)}`),
  first: Status = { startTime: START, active: 1 },
): Promise<Job> {
  const created = await call('POST', JOBS, { body });
  assert.equal(created.status, 201);
  const name = metaOf(created.json as Record<string, unknown>).name;
  const patch = async (status: Status) => {
    const res = await call('PATCH', `${JOBS}/${name}/status`, { body: { status }, type: MERGE });
    const causes = ((get(res.json, 'details.causes') as { message: string }[] | undefined) ?? []).map((c) => c.message.replace(/^[^:]+: (?=[a-z])/, ''));
    return { status: res.status, causes };
  };
  if (Object.keys(first).length) assert.equal((await patch(first)).status, 200);
  return { call, name, patch };
}

/** The offending write of each rule, after the set-up the rule needs. */
const WRITES: Record<string, (call: Client) => Promise<{ status: number; causes: string[] }>> = {
  'JS-01': async (c) => (await job(c)).patch({ active: -1 }),
  'JS-02': async (c) => (await job(c)).patch({ succeeded: -1 }),
  'JS-03': async (c) => (await job(c)).patch({ failed: -1 }),
  'JS-04': async (c) => (await job(c)).patch({ ready: -1 }),
  'JS-05': async (c) => (await job(c)).patch({ terminating: -1 }),
  'JS-06': async (c) => (await job(c)).patch({ uncountedTerminatedPods: { succeeded: [''] } }),
  'JS-07': async (c) => (await job(c)).patch({ uncountedTerminatedPods: { succeeded: ['a'], failed: ['a'] } }),
  'JS-09': async (c) => (await job(c, undefined, { startTime: START, succeeded: 1 })).patch({ conditions: [MET, COMPLETE] }),
  'JS-10': async (c) =>
    (await job(c, undefined, { startTime: START, succeeded: 1 })).patch({ completionTime: '2017-12-13T03:15:00Z', conditions: [MET, COMPLETE] }),
  'JS-11': async (c) => (await completed(c)).patch({ completionTime: '2017-12-13T03:17:55Z' }),
  'JS-12': async (c) => (await completed(c)).patch({ conditions: [MET, COMPLETE, TARGET, FAILED] }),
  'JS-13': async (c) => (await completed(c)).patch({ conditions: [MET] }),
  'JS-14': async (c) => (await job(c, undefined, { startTime: START, failed: 1 })).patch({ failed: 0 }),
  'JS-15': async (c) => (await job(c, undefined, { startTime: START, succeeded: 1 })).patch({ succeeded: 0 }),
  'JS-16': async (c) => (await completed(c)).patch({ active: 1 }),
  'JS-17': async (c) => (await job(c, undefined, {})).patch({ completionTime: END, conditions: [MET, COMPLETE] }),
  'JS-18': async (c) => {
    const body = jobBody(`run-${Math.random().toString(36).slice(2, 8)}`);
    (body['spec'] as Record<string, unknown>)['suspend'] = false;
    return (await job(c, body)).patch({ startTime: '2017-12-13T03:20:00Z' });
  },
  'JS-19': async (c) =>
    (await job(c, undefined, { startTime: START, succeeded: 1 })).patch({
      completionTime: END,
      conditions: [MET, COMPLETE],
      uncountedTerminatedPods: { succeeded: ['a'] },
    }),
  'JS-20': async (c) => (await job(c)).patch({ completedIndexes: '0' }),
  'JS-21': async (c) => {
    const body = jobBody(`idx-${Math.random().toString(36).slice(2, 8)}`);
    Object.assign(body['spec'] as Record<string, unknown>, { completionMode: 'Indexed', completions: 3, parallelism: 3 });
    return (await job(c, body)).patch({ completedIndexes: '0-5' });
  },
  'JS-22': async (c) => (await job(c, undefined, { startTime: START, succeeded: 1 })).patch({ completionTime: END, conditions: [COMPLETE] }),
  'JS-23': async (c) => (await job(c)).patch({ active: 0, conditions: [FAILED] }),
  'JS-24': async (c) => (await completed(c)).patch({ conditions: [MET, COMPLETE, TARGET] }),
  'JS-25': async (c) => (await job(c)).patch({ ready: 2 }),
  'JS-26': async (c) => (await completed(c)).patch({ terminating: 1 }),
};

async function completed(call: Client): Promise<Job> {
  const j = await job(call, undefined, { startTime: START, succeeded: 1 });
  assert.equal((await j.patch({ active: 0, completionTime: END, conditions: [MET, COMPLETE] })).status, 200);
  return j;
}

async function observe(profile?: string): Promise<Record<string, { status: number; causes: string[] }>> {
  const server = await start({ profile });
  servers.push(server);
  const call = client(server);
  return Object.fromEntries(await Promise.all(Object.entries(WRITES).map(async ([rule, write]) => [rule, await write(call)] as const)));
}

const servers: ReferenceServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
let baseline: Awaited<ReturnType<typeof observe>>;
before(async () => {
  baseline = await observe();
});

describe('JobStatus rule profiles', () => {
  it('on the conformant server every offending write is refused with 422', () => {
    for (const [rule, r] of Object.entries(baseline)) assert.equal(r.status, 422, `${rule}: ${JSON.stringify(r)}`);
  });

  it('there is one profile per rule the suites check, and a write for each here', () => {
    const rules = JOB_RULE_PROFILES.map((p) => /\(rule (JS-\d+)\)$/.exec(p.description)![1]!);
    assert.deepEqual(rules.sort(), Object.keys(WRITES).sort());
  });

  for (const profile of JOB_RULE_PROFILES) {
    const rule = /\(rule (JS-\d+)\)$/.exec(profile.description)![1]!;
    it(`${profile.name} lets only ${rule}'s cause go`, async () => {
      const seen = await observe(profile.name);
      for (const [r, result] of Object.entries(seen)) {
        const before = baseline[r]!;
        const changed = JSON.stringify(result) !== JSON.stringify(before);
        if (r === rule)
          assert.ok((changed && result.causes.length < before.causes.length) || result.status === 200, `${r} not let go: ${JSON.stringify(result)}`);
        else if (changed)
          assert.ok(
            before.causes.length > result.causes.length && result.status === 422,
            `${profile.name} changed ${r}: ${JSON.stringify(before)} -> ${JSON.stringify(result)}`,
          );
      }
    });
  }
});
