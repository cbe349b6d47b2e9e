// The v1 ServiceAccount kind (get, list, create, delete) and the part of the controller manager that creates a
// namespace's `default` account a moment after the namespace: until then the ServiceAccount admission plugin
// refuses pods there, as a real cluster does (clients wait for the account before creating pods).

import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../json.js';
import type { FieldError } from './errors.js';
import { defineKind } from './kinds.js';
import { serviceAccount } from './schema.js';
import type { Store } from './store.js';
import { validateName } from './validation.js';

export const serviceaccounts = defineKind(
  { resource: 'serviceaccounts', group: '', kind: 'ServiceAccount', version: 'v1', namespaced: true, shape: serviceAccount },
  {
    validateCreate(object: JsonObject): FieldError[] {
      const meta = object['metadata'] as JsonObject | undefined;
      return validateName(typeof meta?.['name'] === 'string' ? meta['name'] : '', 'subdomain');
    },
  },
);

function defaultAccount(namespace: string, version: string, now: string): JsonObject {
  return {
    kind: 'ServiceAccount',
    apiVersion: 'v1',
    metadata: { name: 'default', namespace, uid: randomUUID(), resourceVersion: version, creationTimestamp: now },
  };
}

/** The service account controller: `default` in a namespace, `delayMs` after it was created (at once for 0). */
export function createDefaultAccount(store: Store, namespace: string, delayMs: number): void {
  const create = (): void => {
    if (!store.get('namespaces', '', namespace) || store.get('serviceaccounts', namespace, 'default')) return;
    store.put('serviceaccounts', namespace, 'default', defaultAccount(namespace, store.nextVersion(), `${new Date().toISOString().slice(0, 19)}Z`));
  };
  if (delayMs <= 0) create();
  else setTimeout(create, delayMs).unref();
}
