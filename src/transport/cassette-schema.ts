// The JSON Schema of a cassette (format 1), checked with ajv when a cassette is read.
const headers = { type: 'object', additionalProperties: { type: 'string' } } as const;

const request = {
  type: 'object',
  required: ['method', 'path', 'query', 'headers'],
  properties: {
    method: { type: 'string', minLength: 1 },
    path: { type: 'string', pattern: '^/' },
    query: headers,
    headers,
    bodyText: { type: 'string' },
  },
} as const;

const response = {
  type: 'object',
  required: ['status', 'headers'],
  properties: {
    status: { type: 'integer', minimum: 100, maximum: 599 },
    headers,
    bodyText: { type: 'string' },
    indent: { type: 'string', pattern: '^[ \\t]{1,10}$' },
  },
} as const;

export const cassetteSchema = {
  type: 'object',
  required: ['format', 'scenario', 'vouch', 'target', 'recordedAt', 'vars', 'exchanges'],
  properties: {
    format: { const: 1 },
    scenario: {
      type: 'object',
      required: ['id', 'file', 'hash'],
      properties: { id: { type: 'string', minLength: 1 }, file: { type: 'string' }, hash: { type: 'string' } },
    },
    vouch: { type: 'object', required: ['version'], properties: { version: { type: 'string' } } },
    target: {
      type: 'object',
      required: ['api', 'name', 'baseUrl'],
      properties: { api: { type: 'string' }, name: { type: 'string' }, baseUrl: { type: 'string' }, serverVersion: { type: 'string' } },
    },
    recordedAt: { type: 'string', format: 'date-time' },
    vars: { type: 'object' },
    exchanges: {
      type: 'array',
      items: {
        type: 'object',
        required: ['identity', 'request', 'response', 'durationMs'],
        properties: { step: { type: 'string' }, identity: { type: 'string', minLength: 1 }, request, response, durationMs: { type: 'number', minimum: 0 } },
      },
    },
  },
} as const;
