// `expect.example`: the response against a documented example (a JSON file copied from the docs).
import type { ExpectFileRef, ExpectKind } from '../expect-kind.js';

const paths = (description: string) => ({ type: 'array', items: { type: 'string' }, description });

export const exampleKind: ExpectKind = {
  key: 'example',
  schema: {
    anyOf: [
      { type: 'string', minLength: 1, description: 'A documented example (JSON file relative to the scenario).' },
      {
        type: 'object',
        required: ['file'],
        additionalProperties: false,
        properties: {
          file: { type: 'string', minLength: 1 },
          pointer: {
            type: 'string',
            pattern: '^(/.*)?$',
            description: 'A JSON pointer into the example (inside `example` for an imported file), where it holds more than one.',
          },
          mode: {
            enum: ['subset', 'exact'],
            description:
              "subset (default): the example's fields are compared where present, and required where the variation model says so; exact: nothing else may be there either.",
          },
          ignore: paths('Paths (wildcards: status.conditions[*].lastTransitionTime) not compared at all.'),
          drift: paths(
            "Paths the docs show that modern servers no longer send: notes, never failures (on top of the API's known drift, for Kubernetes metadata.selfLink, metadata.clusterName, metadata.enable).",
          ),
          values: paths('Paths whose documented values (not only types) must match.'),
          nullable: paths('Paths the docs type as type¦null: null is valid there, without a note (elsewhere a null the docs do not rule out is a note).'),
          required: paths(
            'Paths the docs mark required: their absence fails (identity fields and what the request sent are always required; other documented fields that are absent are notes).',
          ),
          fromRequest: {
            type: 'boolean',
            description:
              "Default true: where this step's request sent a value, the response must say the same. false: types only (e.g. a spec sent to a status subresource).",
          },
          match: {
            type: 'object',
            additionalProperties: { $ref: '#/definitions/matcher' },
            description: 'Matchers by path (wildcards allowed), instead of the type check.',
          },
        },
      },
    ],
    errorMessage: 'must be an example file or { file, pointer?, mode?, ignore?, drift?, values?, nullable?, required?, fromRequest?, match? }',
  },
  categories: [{ name: 'Example differences', kinds: ['example'] }],
  fileRefs(value): ExpectFileRef[] {
    if (typeof value === 'string') return [{ pointer: '', file: value, format: 'json' }];
    const file = value !== null && typeof value === 'object' ? (value as { file?: unknown }).file : undefined;
    return typeof file === 'string' ? [{ pointer: '/file', file, format: 'json' }] : [];
  },
};
