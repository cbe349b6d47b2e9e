// Checks scenario documents against the scenario schema (schema/scenario.schema.json, its `expect` section from the
// table of expectation kinds: schema-expect.ts) with ajv and turns every violation into a located Diagnostic, with
// "did you mean" for near-miss keys.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvErrors from 'ajv-errors';
import { closest, distance } from 'fastest-levenshtein';
import type { SourceMap } from '../model/source-map.js';
import type { Diagnostic, SourceLocation } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { cjsDefault } from '../util/interop.js';
import { escapePointer, pointerToPath } from './yaml-source.js';
import { expectKindsVersion } from '../model/expect-kind.js';
import { scenarioSchema } from './schema-expect.js';

/** Compiled once, and again only after an expectation kind is registered. */
let compiled: { version: number; validate: ValidateFunction } | undefined;

function validator(): ValidateFunction {
  if (compiled?.version !== expectKindsVersion()) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true });
    cjsDefault(ajvErrors)(ajv);
    compiled = { version: expectKindsVersion(), validate: ajv.compile(scenarioSchema()) };
  }
  return compiled.validate;
}

let checks = 0;

/** How many documents this process has checked against the schema (the parse cache spares a run all of them). */
export function schemaChecks(): number {
  return checks;
}

export function checkScenarioSchema(value: unknown, locations: SourceMap, fallback: SourceLocation): Diagnostic[] {
  checks++;
  const validate = validator();
  if (validate(value)) return [];
  const errors = prune(validate.errors ?? []);
  return errors.map((e) => toDiagnostic(e, locations, fallback));
}

/** Keeps the most telling error per place: custom messages win, anyOf/oneOf summaries go. */
function prune(errors: ErrorObject[]): ErrorObject[] {
  const custom = errors.filter((e) => e.keyword === 'errorMessage');
  const covered = new Set(custom.map((e) => e.instancePath));
  const misspelt = misspeltRequired(errors);
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (['anyOf', 'oneOf', 'if', 'not'].includes(e.keyword)) return false;
    // `requst:` makes `request` missing too; "did you mean 'request'?" says it all, once.
    if (e.keyword === 'required' && misspelt.has(`${e.instancePath}|${(e.params as { missingProperty: string }).missingProperty}`)) return false;
    if (e.keyword !== 'errorMessage' && [...covered].some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`))) return false;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `path|key` of each required key that an unknown key next to it is a near miss of. */
function misspeltRequired(errors: ErrorObject[]): Set<string> {
  const out = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const guess = nearMiss(String((e.params as { additionalProperty: string }).additionalProperty), allowedKeys(e));
    if (guess) out.add(`${e.instancePath}|${guess}`);
  }
  return out;
}

function allowedKeys(e: ErrorObject): string[] {
  return Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
}

/** The allowed key a typo most likely meant, when it is close enough to be a typo. */
function nearMiss(key: string, allowed: string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const guess = closest(key, allowed);
  return distance(key, guess) <= Math.max(2, Math.floor(key.length / 3)) ? guess : undefined;
}

function toDiagnostic(e: ErrorObject, locations: SourceMap, fallback: SourceLocation): Diagnostic {
  if (e.keyword === 'additionalProperties') {
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    const pointer = `${e.instancePath}/${escapePointer(key)}`;
    const allowed = allowedKeys(e);
    const guess = nearMiss(key, allowed);
    const near = guess !== undefined;
    const where = pointerToPath(e.instancePath) || 'scenario';
    return diag('unknown-key', `${where}: unknown key '${key}'${near ? `; did you mean '${guess}'?` : ''}`, {
      location: locations.locate(pointer, true) ?? fallback,
      hint: near ? `rename '${key}' to '${guess}'` : `allowed keys here: ${allowed.join(', ')}`,
      path: pointerToPath(pointer),
    });
  }
  const pointer = e.keyword === 'required' ? e.instancePath : e.instancePath;
  const path = pointerToPath(pointer) || 'scenario';
  let message = e.message ?? 'is invalid';
  let hint: string | undefined;
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    message = `missing required key '${missing}'`;
    hint = `add '${missing}:' here`;
  } else if (e.keyword === 'enum') {
    message = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (e.keyword === 'type') {
    hint = `write a value of type ${(e.params as { type: string }).type}`;
  }
  return diag('schema', `${path}: ${message}`, {
    location: locations.locate(pointer, false) ?? fallback,
    hint: hint ?? 'see schema/scenario.schema.json for the scenario format',
    path,
  });
}
