// `expect.schema`: a JSON Schema the response body must satisfy (a file, a Kubernetes kind, or inline).
import type { ExpectFileRef, ExpectKind } from '../expect-kind.js';

export const schemaKind: ExpectKind = {
  key: 'schema',
  schema: {
    description: 'A JSON Schema the response body must satisfy: a file (path#/json/pointer, relative to the scenario), a Kubernetes kind, or inline.',
    anyOf: [
      {
        type: 'string',
        minLength: 1,
        description:
          'A file relative to the scenario, optionally with #/json/pointer (status.schema.json#/definitions/Status); or kubernetes:KIND (Pod, Job, Status, GROUP/VERSION/Kind such as apps/v1/Deployment).',
      },
      {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          file: { type: 'string', minLength: 1 },
          kubernetes: { type: 'string', pattern: '^([A-Z][A-Za-z0-9]*|([a-z0-9.-]+/)?v[0-9][a-z0-9]*/[A-Z][A-Za-z0-9]*)$' },
          version: {
            type: 'string',
            pattern: '^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?$',
            description: "Kubernetes schema version (1.33); default: the config's, else the one available.",
          },
          inline: { type: 'object' },
          strict: { type: 'boolean', description: 'Unknown Kubernetes fields fail instead of warning.' },
        },
        oneOf: [{ required: ['file'] }, { required: ['kubernetes'] }, { required: ['inline'] }],
      },
    ],
    errorMessage:
      'must be a schema file (path#/pointer), kubernetes:KIND, or an object with exactly one of file, kubernetes and inline (and version?, strict?)',
  },
  categories: [{ name: 'Schema violations', kinds: ['schema'] }],
  fileRefs(value): ExpectFileRef[] {
    if (typeof value === 'string') return value.startsWith('kubernetes:') ? [] : [{ pointer: '', file: value, format: 'schema' }];
    const file = value !== null && typeof value === 'object' ? (value as { file?: unknown }).file : undefined;
    return typeof file === 'string' ? [{ pointer: '/file', file, format: 'schema' }] : [];
  },
};
