// `expect.status`: a code or a list of codes. A 401 or 403 on either side is an authorization failure.
import type { ExpectKind } from '../expect-kind.js';

export const statusKind: ExpectKind = {
  key: 'status',
  schema: {
    anyOf: [
      { type: 'integer', minimum: 100, maximum: 599 },
      { type: 'array', minItems: 1, items: { type: 'integer', minimum: 100, maximum: 599 } },
    ],
    errorMessage: 'must be an integer or a list of integers (HTTP status codes 100-599)',
  },
  categories: [
    { name: 'Status code mismatches', kinds: ['status'] },
    { name: 'Authorization failures', kinds: ['authorization'] },
  ],
};
