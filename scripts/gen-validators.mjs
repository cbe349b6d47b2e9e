#!/usr/bin/env node
// Regenerates src/transport/cassette-validate.generated.ts, the cassette schema compiled by ajv into standalone
// code (src/transport/cassette-validator-source.ts), after `npm run build`. `--check`: change nothing, exit 1 when
// the file is stale (a changed schema, or another ajv).
import { readFileSync, writeFileSync } from 'node:fs';
import { cassetteValidatorPath, renderCassetteValidator } from '../dist/transport/cassette-validator-source.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const file = args.find((a) => !a.startsWith('--')) ?? cassetteValidatorPath;
let text = '';
try {
  text = readFileSync(file, 'utf8');
} catch {
  // not written yet
}
const fresh = renderCassetteValidator();
if (fresh === text) {
  console.log(`${file}: up to date`);
} else if (check) {
  console.error(`${file}: stale (the cassette schema or ajv changed); run \`npm run build && node scripts/gen-validators.mjs\``);
  process.exit(1);
} else {
  writeFileSync(file, fresh);
  console.log(`${file}: regenerated`);
}
