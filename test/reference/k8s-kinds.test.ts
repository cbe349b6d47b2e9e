// defineKind: the names every kind derives the same way, and the hooks a kind may leave out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineKind } from '../../src/reference/k8s/kinds.ts';
import { jobs } from '../../src/reference/k8s/jobs.ts';
import { namespaces } from '../../src/reference/k8s/namespaces.ts';
import { pods } from '../../src/reference/k8s/pods.ts';
import { serviceaccounts } from '../../src/reference/k8s/serviceaccounts.ts';
import { namespace } from '../../src/reference/k8s/schema.ts';

test('a kind is served at GROUP/VERSION (VERSION for the core group) and listed as <Kind>List', () => {
  assert.deepEqual(
    [pods, namespaces, serviceaccounts, jobs].map((k) => [k.names.resource, k.apiVersion, k.listKind, k.namespaced]),
    [
      ['pods', 'v1', 'PodList', true],
      ['namespaces', 'v1', 'NamespaceList', false],
      ['serviceaccounts', 'v1', 'ServiceAccountList', true],
      ['jobs', 'batch/v1', 'JobList', true],
    ],
  );
});

test('a hook a kind leaves out sets nothing and finds no errors; one it gives is used', () => {
  const kind = defineKind(
    { resource: 'things', group: 'example.com', kind: 'Thing', version: 'v2', namespaced: true, shape: namespace },
    { validateCreate: () => [{ type: 'Required', field: 'spec' }] },
  );
  assert.equal(kind.apiVersion, 'example.com/v2');
  assert.deepEqual(kind.validateCreate({}), [{ type: 'Required', field: 'spec' }]);
  const object = { spec: { a: 1 } };
  const ctx = {} as Parameters<typeof kind.prepareCreate>[1];
  kind.prepareCreate(object, ctx);
  kind.prepareUpdate(object, {}, ctx);
  kind.prepareStatusUpdate(object, {});
  assert.deepEqual(object, { spec: { a: 1 } });
  assert.deepEqual(kind.validateUpdate(object, {}, ctx), []);
  assert.deepEqual(kind.validateStatusUpdate(object, {}, ctx), []);
  assert.equal(kind.deleteWarnings, undefined);
});
