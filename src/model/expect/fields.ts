// `expect.headers` and `expect.body` (a value or a matcher by header name or field path) and `expect.json`.
import type { ExpectCategory, ExpectKind } from '../expect-kind.js';

/** Shared with the relations and the runner's captures: one category for what a field or header holds. */
export const FIELD_MISMATCHES = 'Field, header and relation mismatches';

const bodyCategory: ExpectCategory = { name: FIELD_MISMATCHES, kinds: ['body'] };

export const headersKind: ExpectKind = {
  key: 'headers',
  schema: { type: 'object', additionalProperties: { $ref: '#/definitions/matcher' } },
  categories: [{ name: FIELD_MISMATCHES, kinds: ['header'] }],
};

export const jsonKind: ExpectKind = {
  key: 'json',
  schema: { type: 'boolean', description: 'The body must be JSON (true) or need not be.' },
  categories: [bodyCategory],
};

export const bodyKind: ExpectKind = {
  key: 'body',
  schema: {
    type: 'object',
    description: 'Field expectations by path (spec.containers[0].image), each a value or a matcher.',
    additionalProperties: { $ref: '#/definitions/matcher' },
  },
  categories: [bodyCategory],
};
