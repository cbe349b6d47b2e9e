// `expect.indented`: the body text is pretty-printed JSON.
import type { ExpectKind } from '../expect-kind.js';
import { FIELD_MISMATCHES } from './fields.js';

export const indentedKind: ExpectKind = {
  key: 'indented',
  schema: {
    const: true,
    description:
      'The body text is indented JSON: an object or array over several lines, its members indented (Kubernetes ?pretty=true). Any width and key order.',
  },
  categories: [{ name: FIELD_MISMATCHES, kinds: ['body'] }],
};
