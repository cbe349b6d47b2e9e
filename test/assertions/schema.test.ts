// The schema assertion: Kubernetes kinds from kubernetes-models (versions, unknown fields, strict), JSON Schema
// files with fragments, inline schemas, and what cannot be checked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { schemaAssertion } from '../../src/assertions/schema.js';
import { compileFile } from '../../src/assertions/schema-ajv.js';
import { availableSchemaSets } from '../../src/assertions/schema-kubernetes.js';
import type { CheckResult } from '../../src/model/types.js';
import type { AssertionOptions } from '../../src/assertions/types.js';
import { context, documented, edit, exchange, FIXTURES, fixture, locate } from './helpers.js';

const STATUS_SCHEMA = '../../../suites/selfcommunity/schemas/status.schema.json';

function check(expectation: unknown, body: unknown, options: AssertionOptions = {}): CheckResult[] {
  const api = typeof expectation === 'string' && expectation.includes('selfcommunity') ? 'selfcommunity' : 'kubernetes';
  return schemaAssertion.check(expectation, exchange({ body }), context({ options, api }));
}

const failures = (rs: CheckResult[]): string[] => rs.filter((r) => !r.passed).map((r) => `${r.severity} ${r.message}`);

describe('schema: Kubernetes kinds (kubernetes-models)', () => {
  it('passes a modern server Pod, says which Kubernetes version it was checked against, and ignores free-form fieldsV1', () => {
    const rs = check('kubernetes:Pod', fixture('pod-status-put-response.json'));
    assert.deepEqual(failures(rs), []);
    assert.equal(rs.length, 1);
    assert.equal(rs[0]!.kind, 'schema');
    assert.equal(
      rs[0]!.message,
      'body is a valid Pod (core/v1), checked against the Kubernetes v1.33.0 schema from kubernetes-models 4.5.1, the only version available',
    );
    assert.deepEqual(rs[0]!.source, locate('/schema'));
  });

  it('reports every violation at its JSON path with the rule broken', () => {
    const rs = check('kubernetes:Pod', fixture('pod-wrong-types.json'));
    assert.deepEqual(failures(rs).sort(), [
      'error spec.containers[0].image: must be string (type)',
      'error spec.containers[0].name: is required (required)',
      'error spec.terminationGracePeriodSeconds: must be integer (type)',
    ]);
    const image = rs.find((r) => r.path === 'spec.containers[0].image')!;
    assert.deepEqual([image.expected, image.actual, image.passed, image.severity], ['must be string (type)', 5, false, 'error']);
    assert.ok(!rs.some((r) => r.passed), 'no "valid" result next to violations');
  });

  it('warns about the fields the docs show that the schema does not know (metadata.enable), and fails on them under strict', () => {
    const job = documented('kubernetes', '002-job-status-response.json');
    const warn = check({ kubernetes: 'Job' }, job);
    assert.deepEqual(failures(warn), [
      'warning metadata.enable: unknown field, not in the Kubernetes v1.33.0 Job schema',
      'warning spec.template.metadata.enable: unknown field, not in the Kubernetes v1.33.0 Job schema',
    ]);
    assert.ok(warn.some((r) => r.passed && r.message.startsWith('body is a valid Job (batch/v1)')));
    const strict = check({ kubernetes: 'Job', strict: true }, job);
    assert.deepEqual(failures(strict), [
      'error metadata.enable: unknown field, not in the Kubernetes v1.33.0 Job schema (strict)',
      'error spec.template.metadata.enable: unknown field, not in the Kubernetes v1.33.0 Job schema (strict)',
    ]);
    assert.deepEqual(failures(check('kubernetes:Job', job, { strictSchema: true })), failures(strict));
    assert.deepEqual(failures(check({ kubernetes: 'Job', strict: false }, job, { strictSchema: true })), failures(warn), 'the scenario overrides the config');
  });

  it('checks meta/v1 Status error bodies', () => {
    assert.deepEqual(failures(check('kubernetes:Status', fixture('kubernetes-status-404.json'))), []);
    const bad = edit(fixture('kubernetes-status-404.json'), { code: '404', 'details.causes': {} });
    assert.deepEqual(failures(check('kubernetes:Status', bad)), ['error code: must be integer (type)', 'error details.causes: must be array (type)']);
  });

  it('reads GROUP/VERSION/Kind names beyond the three built in', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } }, replicas: 'two' },
    };
    assert.deepEqual(failures(check('kubernetes:apps/v1/Deployment', deployment)), ['error spec.replicas: must be integer (type)']);
    assert.deepEqual(failures(check('kubernetes:batch/v1/Job', documented('kubernetes', '002-job-status-response.json'))).length, 2);
    assert.deepEqual(failures(check('kubernetes:Podd', {})), [
      'error schema kubernetes:Podd: not a Kubernetes kind; write Pod, Job, Status or GROUP/VERSION/Kind (apps/v1/Deployment)',
    ]);
    assert.deepEqual(failures(check('kubernetes:apps/v1/Nothing', {})), [
      'error schema kubernetes:apps/v1/Nothing: no Kubernetes schema for apps/v1 Nothing in kubernetes-models',
    ]);
  });

  it('selects the schema version from the scenario or the config, and fails clearly on one that is not available', () => {
    assert.deepEqual(availableSchemaSets(), [{ kubernetes: '1.33.0', source: 'kubernetes-models 4.5.1' }]);
    const pod = fixture('pod-status-put-response.json');
    assert.deepEqual(failures(check({ kubernetes: 'Pod', version: 'v1.33.4' }, pod)), [], 'a patch release shares its minor version schema');
    const wrong = check({ kubernetes: 'Pod', version: '1.30' }, pod);
    assert.deepEqual(failures(wrong), [
      'error schema kubernetes:Pod: Kubernetes schema version 1.30 is not available; the only version available is v1.33.0 (kubernetes-models 4.5.1)',
    ]);
    assert.equal(wrong.length, 1, 'nothing is checked against a version that was not asked for');
    assert.deepEqual(failures(check('kubernetes:Pod', pod, { kubernetesVersion: '1.29' })), [
      'error schema kubernetes:Pod: Kubernetes schema version 1.29 is not available; the only version available is v1.33.0 (kubernetes-models 4.5.1)',
    ]);
    assert.deepEqual(failures(check({ kubernetes: 'Pod', version: '1.33' }, pod, { kubernetesVersion: '1.29' })), [], 'the scenario overrides the config');
  });
});

describe('schema: JSON Schema files and inline schemas (ajv)', () => {
  it('passes a realistic SelfCommunity Status against the documented Status schema', () => {
    const body = edit(fixture('status-put-response.json'), { reaction: {} });
    const rs = check(STATUS_SCHEMA, body);
    assert.deepEqual(
      rs.map((r) => [r.passed, r.message]),
      [[true, `body matches ${STATUS_SCHEMA}`]],
    );
  });

  it('notes a null where the schema page does not say type¦null, accepts one where it does, and fails a null identity', () => {
    const body = edit(fixture('status-put-response.json'), { reaction: null, 'author.cover': null, 'author.ext_id': null, 'categories[0].slogan': null });
    const rs = check(STATUS_SCHEMA, body);
    assert.deepEqual(failures(rs), ['note reaction: null where the schema says object (the documentation does not rule null out)']);
    assert.equal(rs.find((r) => !r.passed)!.rule, 'null');
    assert.deepEqual(
      failures(check(STATUS_SCHEMA, edit(body, { id: null }))).filter((f) => f.startsWith('error')),
      ['error id: must be integer (type)'],
    );
  });

  it('requires only what the schema pages mark required and what identifies the object', () => {
    const body = edit(fixture('status-put-response.json'), { reaction: {}, author: undefined, comment_count: undefined, 'author.polls_counter': undefined });
    assert.deepEqual(failures(check(STATUS_SCHEMA, body)), []);
    assert.deepEqual(failures(check(STATUS_SCHEMA, edit(body, { categories: undefined, id: undefined }))).sort(), [
      'error categories: is required (required)',
      'error id: is required (required)',
    ]);
  });

  it('reports every violation, each at its path', () => {
    const body = edit(fixture('status-put-response.json'), { html: 42, id: '4211', 'medias[0].added_at': 'yesterday', type: 'post' });
    assert.deepEqual(
      failures(check(STATUS_SCHEMA, body))
        .filter((f) => f.startsWith('error'))
        .sort(),
      [
        'error html: must be string (type)',
        'error id: must be integer (type)',
        'error medias[0].added_at: must match format "date-time" (format)',
        'error type: must be one of "status" (enum)',
      ],
    );
  });

  it('narrows a file to a definition with #/pointer, as a string or { file }', () => {
    const author = (fixture('status-put-response.json') as { author: unknown }).author;
    assert.deepEqual(failures(check(`${STATUS_SCHEMA}#/definitions/User`, author)), []);
    assert.deepEqual(failures(check({ file: `${STATUS_SCHEMA}#/definitions/User` }, edit(author, { reputation: 'high' }))), [
      'error reputation: must be integer (type)',
    ]);
    assert.deepEqual(failures(check(`${STATUS_SCHEMA}#/definitions/Nope`, author)).length, 1);
    assert.match(failures(check(`${STATUS_SCHEMA}#/definitions/Nope`, author))[0]!, /is not a valid JSON Schema: can't resolve reference/);
  });

  it('compiles each schema once per process', () => {
    const abs = join(FIXTURES, STATUS_SCHEMA);
    assert.equal(compileFile(abs, undefined), compileFile(abs, undefined));
    assert.notEqual(compileFile(abs, '/definitions/User'), compileFile(abs, undefined));
  });

  it('checks inline schemas with all errors', () => {
    const inline = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } };
    assert.deepEqual(failures(check({ inline }, { id: 'x' })).sort(), ['error id: must be integer (type)', 'error name: is required (required)']);
    assert.deepEqual(failures(check({ inline }, { id: 1, name: 'n' })), []);
  });

  it('fails (does not throw) on a file that is not a valid JSON Schema, not JSON, or not there', () => {
    const [invalid] = check('not-a-schema.json', {});
    assert.equal(invalid!.passed, false);
    assert.match(
      invalid!.message,
      /^schema not-a-schema\.json: .*not-a-schema\.json is not a valid JSON Schema: schema is invalid: data\/required must be array, data\/type must be equal to one of the allowed values/,
    );
    assert.match(check('broken.schema.json', {})[0]!.message, /^schema broken\.schema\.json: schema file .*broken\.schema\.json is not JSON: /);
    assert.match(check('missing.schema.json', {})[0]!.message, /^schema missing\.schema\.json: no such schema file .*missing\.schema\.json$/);
  });
});

describe('schema: what cannot be checked fails', () => {
  it('fails without a JSON body, and on an expectation of the wrong shape', () => {
    const [noBody] = schemaAssertion.check('kubernetes:Pod', exchange({ bodyText: 'upstream timeout' }), context());
    assert.deepEqual(
      [noBody!.passed, noBody!.message, noBody!.actual],
      [false, 'schema kubernetes:Pod: the response has no JSON body to check', 'upstream timeout'],
    );
    assert.deepEqual(failures(check({ file: STATUS_SCHEMA, kubernetes: 'Pod' }, {})), ['error schema: give exactly one of file, kubernetes and inline']);
    assert.deepEqual(failures(check(42, {})), ['error schema: expected a file, kubernetes:KIND or { file | kubernetes | inline, version?, strict? }']);
  });
});
