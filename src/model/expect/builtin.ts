// The expectation kinds Vouch ships, in the order their checks run (assertions/registry.ts) and the schema lists them.
import type { ExpectKind } from '../expect-kind.js';
import { statusKind } from './status.js';
import { bodyKind, headersKind, jsonKind } from './fields.js';
import { indentedKind } from './layout.js';
import { schemaKind } from './schema.js';
import { exampleKind } from './example.js';
import { patchedKind, unchangedKind } from './relations.js';

export const BUILTIN_EXPECT_KINDS: readonly ExpectKind[] = [
  statusKind,
  headersKind,
  jsonKind,
  indentedKind,
  bodyKind,
  schemaKind,
  exampleKind,
  patchedKind,
  unchangedKind,
];
