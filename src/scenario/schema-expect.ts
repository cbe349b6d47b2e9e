// The scenario schema as checked: the shipped file (schema/scenario.schema.json, which editors read) with its
// `expect` section taken from the table of expectation kinds, and the file's text with that section regenerated
// (scripts/gen-schema.mjs writes it; a test keeps the checked-in file equal to it).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expectSchema } from '../model/expect-kind.js';

export const scenarioSchemaPath = fileURLToPath(new URL('../../schema/scenario.schema.json', import.meta.url));

type Schema = { definitions: Record<string, unknown> } & Record<string, unknown>;

/** The schema a scenario is checked against: the shipped file's, with the expectation kinds registered now. */
export function scenarioSchema(text = readFileSync(scenarioSchemaPath, 'utf8')): Schema {
  const file = JSON.parse(text) as Schema;
  return { ...file, definitions: { ...file.definitions, expect: expectSchema() } };
}

/** Where `definitions.expect` sits in the file's text: from its key's line to its closing brace at the same indent. */
const EXPECT_BLOCK = /^( {4})"expect": \{\n[\s\S]*?\n\1\}(,?)$/m;

/** The schema file's text with its `expect` section generated from the table; everything else stays as written. */
export function renderScenarioSchema(text: string): string {
  if (!EXPECT_BLOCK.test(text)) throw new Error('the scenario schema has no "expect" definition (a 4-space-indented "expect": { ... } under definitions)');
  return text.replace(EXPECT_BLOCK, (_all, indent: string, comma: string) => layout(expectSchema(), indent, '"expect": ', comma));
}

/** The widest line the layout writes on one line; a value that does not fit is written one member a line. */
const WIDTH = 160;

function inline(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const members = Object.entries(v);
    return members.length === 0 ? '{}' : `{ ${members.map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')} }`;
  }
  return JSON.stringify(v);
}

function layout(v: unknown, indent: string, prefix: string, tail: string): string {
  const one = inline(v);
  if (v === null || typeof v !== 'object' || indent.length + prefix.length + one.length + tail.length <= WIDTH) return `${indent}${prefix}${one}${tail}`;
  const inner = `${indent}  `;
  const lines = Array.isArray(v)
    ? v.map((x, i) => layout(x, inner, '', i < v.length - 1 ? ',' : ''))
    : Object.entries(v).map(([k, x], i, all) => layout(x, inner, `${JSON.stringify(k)}: `, i < all.length - 1 ? ',' : ''));
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
  return `${indent}${prefix}${open}\n${lines.join('\n')}\n${indent}${close}${tail}`;
}
