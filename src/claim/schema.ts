// Checks a conformance claim against its shipped JSON Schema (schema/conformance.schema.json): `vouch verify` reads a
// bundled claim as hostile input, and Vouch's own tests hold every claim it writes to the schema it documents.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { cjsDefault } from '../util/interop.js';
import type { Claim } from './types.js';

export const claimSchemaPath = fileURLToPath(new URL('../../schema/conformance.schema.json', import.meta.url));

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    cjsDefault(addFormats)(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(claimSchemaPath, 'utf8')));
  }
  return compiled;
}

/** The claim, or what makes it not one (one line). */
export function parseClaim(text: string): Claim | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return `the claim is not JSON: ${(e as Error).message}`;
  }
  const validate = validator();
  if (validate(v)) return v as Claim;
  const e = validate.errors?.[0];
  return `the claim does not follow schema/conformance.schema.json: ${e ? `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}` : 'invalid'}`;
}
