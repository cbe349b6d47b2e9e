// The v1 Namespace kind: the `kubernetes` finalizer, phase Active and the metadata.name label on create.
// Deleting one removes its contents at once (the namespace controller's work, done synchronously here).

import { ensureObject, objectAt, stringAt, type JsonObject } from '../json.js';
import type { FieldError } from './errors.js';
import { defineKind } from './kinds.js';
import { namespace } from './schema.js';
import { validateName } from './validation.js';

export const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export const namespaces = defineKind(
  { resource: 'namespaces', group: '', kind: 'Namespace', version: 'v1', namespaced: false, shape: namespace },
  {
    prepareCreate(object: JsonObject): void {
      const meta = ensureObject(object, 'metadata');
      const name = stringAt(meta, 'name') ?? '';
      meta['labels'] = { ...(objectAt(meta, 'labels') ?? {}), 'kubernetes.io/metadata.name': name };
      object['spec'] = { finalizers: ['kubernetes'] };
      object['status'] = { phase: 'Active' };
    },
    validateCreate(object: JsonObject): FieldError[] {
      return validateName(stringAt(objectAt(object, 'metadata'), 'name') ?? '', 'label');
    },
  },
);

/** The namespaces a fresh cluster has, as kube-apiserver created them. */
export function seededNamespaces(uid: () => string, version: () => string, time: string): JsonObject[] {
  return DEFAULT_NAMESPACES.map((name) => ({
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: {
      name,
      uid: uid(),
      resourceVersion: version(),
      creationTimestamp: time,
      labels: { 'kubernetes.io/metadata.name': name },
      managedFields: [
        {
          manager: 'kube-apiserver',
          operation: 'Update',
          apiVersion: 'v1',
          time,
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:kubernetes.io/metadata.name': {} } } },
        },
      ],
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  }));
}
