// OpenAPI documents as schema files: the dialect each one is checked in, and OpenAPI 3.0's schema dialect in
// JSON Schema terms (nullable, boolean exclusive bounds).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeSchemaDoc, fromOpenApi30, parseSchemaDoc, schemaAjv } from '../../src/scenario/schema-doc.js';

describe('schema documents', () => {
  it('reads OpenAPI 3.0 as draft-07, 3.1 and $schema 2020-12 as 2020-12, a plain schema as draft-07', () => {
    assert.deepEqual(
      [describeSchemaDoc({ openapi: '3.0.3' }), describeSchemaDoc({ openapi: '3.1.0' })].map((d) => [d.dialect, d.openapi]),
      [
        ['draft-07', '3.0'],
        ['2020-12', '3.1'],
      ],
    );
    assert.equal(describeSchemaDoc({ $schema: 'https://json-schema.org/draft/2020-12/schema' }).dialect, '2020-12');
    assert.equal(describeSchemaDoc({ type: 'object' }).dialect, 'draft-07');
  });

  it('rewrites nullable: true into a null type, into an enum, and beside no type into anyOf', () => {
    assert.deepEqual(fromOpenApi30({ type: 'string', nullable: true, enum: ['a'] }), { type: ['string', 'null'], enum: ['a', null] });
    assert.deepEqual(fromOpenApi30({ allOf: [{ $ref: '#/x' }], nullable: true }), { anyOf: [{ allOf: [{ $ref: '#/x' }] }, { type: 'null' }] });
    assert.deepEqual(fromOpenApi30({ type: 'string', nullable: false }), { type: 'string', nullable: false }, 'nullable: false rules null out and stays');
  });

  it('rewrites boolean exclusive bounds into numbers', () => {
    assert.deepEqual(fromOpenApi30({ type: 'number', minimum: 1, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false }), {
      type: 'number',
      exclusiveMinimum: 1,
      maximum: 9,
    });
  });

  it('checks int32 and accepts the other OpenAPI formats without a warning', () => {
    const warnings: unknown[] = [];
    const logger = { log: () => undefined, warn: (m: unknown) => warnings.push(m), error: () => undefined };
    const v = schemaAjv('draft-07', { strict: false, logger }).compile({
      type: 'object',
      properties: { n: { type: 'integer', format: 'int32' }, f: { type: 'number', format: 'double' }, p: { type: 'string', format: 'password' } },
    });
    assert.equal(v({ n: 1, f: 1.5, p: 'x' }), true);
    assert.equal(v({ n: 2 ** 31 }), false);
    assert.deepEqual(warnings, []);
  });

  it('names the line of a YAML syntax error', () => {
    const r = parseSchemaDoc('x.yaml', 'openapi: 3.0.3\ncomponents: [unclosed\n', 1000);
    assert.ok('error' in r && r.yaml && /line \d+/.test(r.error), JSON.stringify(r));
  });
});
