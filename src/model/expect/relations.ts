// `expect.patched` and `expect.unchanged`: the response body against an earlier step's.
import type { ExpectKind } from '../expect-kind.js';
import { FIELD_MISMATCHES } from './fields.js';

const ignore = { type: 'array', items: { type: 'string' } };

export const patchedKind: ExpectKind = {
  key: 'patched',
  schema: {
    type: 'object',
    required: ['before'],
    additionalProperties: false,
    description: 'The response equals the body of step `before` with this step\'s patch applied, ignoring server-managed fields.',
    properties: { before: { type: 'string' }, ignore },
  },
  categories: [{ name: FIELD_MISMATCHES, kinds: ['relation'] }],
};

export const unchangedKind: ExpectKind = {
  key: 'unchanged',
  schema: {
    type: 'object',
    required: ['from'],
    additionalProperties: false,
    description: 'The response body equals the one of step `from`, except the ignored paths.',
    properties: { from: { type: 'string' }, ignore },
  },
  categories: [{ name: FIELD_MISMATCHES, kinds: ['relation'] }],
};
