// Discovery documents: /version, /api, /api/v1, /apis, /apis/batch, /apis/batch/v1. Only what is served is
// listed (kubectl fails discovery on a group it cannot then read).

import type { Json, JsonObject } from '../json.js';

const VERSION: JsonObject = {
  major: '1',
  minor: '33',
  emulationMajor: '1',
  emulationMinor: '33',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '32',
  gitVersion: 'v1.33.0+vouch',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-04-23T00:00:00Z',
  goVersion: 'go1.24.2',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function resource(name: string, singular: string, namespaced: boolean, kind: string, verbs: string[], extra: JsonObject = {}): Json {
  return { name, singularName: singular, namespaced, kind, verbs, ...extra };
}

const ITEM_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update'];
const STATUS_VERBS = ['get', 'patch', 'update'];

const CORE_V1: JsonObject = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    resource('namespaces', 'namespace', false, 'Namespace', ['create', 'delete', 'get', 'list'], { shortNames: ['ns'] }),
    resource('pods', 'pod', true, 'Pod', ITEM_VERBS, { shortNames: ['po'], categories: ['all'] }),
    resource('pods/status', '', true, 'Pod', STATUS_VERBS),
    resource('serviceaccounts', 'serviceaccount', true, 'ServiceAccount', ['create', 'delete', 'get', 'list'], { shortNames: ['sa'] }),
  ],
};

const BATCH_VERSION: JsonObject = { groupVersion: 'batch/v1', version: 'v1' };
const BATCH_GROUP: JsonObject = { name: 'batch', versions: [BATCH_VERSION], preferredVersion: BATCH_VERSION };

const BATCH_V1: JsonObject = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'batch/v1',
  resources: [resource('jobs', 'job', true, 'Job', ITEM_VERBS, { categories: ['all'] }), resource('jobs/status', '', true, 'Job', STATUS_VERBS)],
};

/** The discovery document for a path, or undefined when the path is not a discovery path. */
export function discovery(path: string, host: string): JsonObject | undefined {
  switch (path) {
    case '/version':
      return VERSION;
    case '/api':
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }] };
    case '/api/v1':
      return CORE_V1;
    case '/apis':
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: [BATCH_GROUP] };
    case '/apis/batch':
      return { kind: 'APIGroup', apiVersion: 'v1', ...BATCH_GROUP };
    case '/apis/batch/v1':
      return BATCH_V1;
    default:
      return undefined;
  }
}
