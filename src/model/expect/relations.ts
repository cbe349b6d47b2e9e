// `expect.patched` and `expect.unchanged`: the response body against an earlier step's, named by one required key.
import type { ExpectKind } from '../expect-kind.js';
import { FIELD_MISMATCHES } from './fields.js';

function relation(key: string, step: string, description: string): ExpectKind {
  return {
    key,
    schema: {
      type: 'object',
      required: [step],
      additionalProperties: false,
      description,
      properties: { [step]: { type: 'string' }, ignore: { type: 'array', items: { type: 'string' } } },
    },
    categories: [{ name: FIELD_MISMATCHES, kinds: ['relation'] }],
  };
}

export const patchedKind = relation(
  'patched',
  'before',
  "The response equals the body of step `before` with this step's patch applied, ignoring server-managed fields.",
);

export const unchangedKind = relation('unchanged', 'from', 'The response body equals the one of step `from`, except the ignored paths.');
