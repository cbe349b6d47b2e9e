#!/usr/bin/env node
// Regenerates the `expect` section of schema/scenario.schema.json from the table of expectation kinds
// (src/model/expect-kind.ts), after `npm run build`. `--check`: change nothing, exit 1 when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderScenarioSchema, scenarioSchemaPath } from '../dist/scenario/schema-expect.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const file = args.find((a) => !a.startsWith('--')) ?? scenarioSchemaPath;
const text = readFileSync(file, 'utf8');
const fresh = renderScenarioSchema(text);
if (fresh === text) {
  console.log(`${file}: up to date`);
} else if (check) {
  console.error(`${file}: its expect section differs from the expectation kinds; run \`npm run build && node scripts/gen-schema.mjs\``);
  process.exit(1);
} else {
  writeFileSync(file, fresh);
  console.log(`${file}: expect section regenerated`);
}
