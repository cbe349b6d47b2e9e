// `expect.schema`: the response body against a JSON Schema (a file, `file#/pointer`, inline) or a Kubernetes kind.
// Every violation is its own result with the field path and the rule broken; unknown Kubernetes fields are warnings.
import { dirname, resolve } from 'node:path';
import type { CheckResult, Severity } from '../model/types.js';
import { formatFieldPath, getField, missing, parsePointer, type Segment } from '../util/field-path.js';
import { compileFile, compileInline, type Compiled, type ErrorObject } from './schema-ajv.js';
import { kindInfo, selectSchemaSet, validateKubernetes, type KindInfo, type SchemaSet } from './schema-kubernetes.js';
import type { Assertion, AssertionContext } from './types.js';
import { schemaKind } from '../model/expect/schema.js';
import { isClassField, traitsFor } from '../variation/apis.js';

export interface SchemaSpec {
  file?: string;
  kubernetes?: string;
  inline?: object;
  version?: string;
  strict?: boolean;
}

function readSpec(exp: unknown): SchemaSpec | string {
  if (typeof exp === 'string') return exp.startsWith('kubernetes:') ? { kubernetes: exp.slice('kubernetes:'.length) } : { file: exp };
  if (exp === null || typeof exp !== 'object' || Array.isArray(exp))
    return 'schema: expected a file, kubernetes:KIND or { file | kubernetes | inline, version?, strict? }';
  const spec = exp as SchemaSpec;
  const given = [spec.file, spec.kubernetes, spec.inline].filter((x) => x !== undefined).length;
  return given === 1 ? spec : 'schema: give exactly one of file, kubernetes and inline';
}

/** `must be string (type)`: the rule broken, in words, then the JSON Schema keyword. */
export function ruleOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'is required (required)';
    case 'additionalProperties':
      return 'is not allowed here (additionalProperties)';
    case 'type':
      return `must be ${String(p['type'])} (type)`;
    case 'enum':
      return `must be one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (enum)`;
    case 'format':
      return `must match format "${String(p['format'])}" (format)`;
    case 'errorMessage':
      return e.message ?? 'is invalid (errorMessage)';
    default:
      return `${e.message ?? 'is invalid'} (${e.keyword})`;
  }
}

/** Where the violation is: the instance path, plus the property a `required` or `additionalProperties` names. */
export function violationPath(e: ErrorObject): Segment[] {
  const segs = parsePointer(e.instancePath);
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required' && typeof p['missingProperty'] === 'string') return [...segs, p['missingProperty']];
  if (e.keyword === 'additionalProperties' && typeof p['additionalProperty'] === 'string') return [...segs, p['additionalProperty']];
  return segs;
}

const label = (segs: Segment[]): string => (segs.length === 0 ? '(body)' : formatFieldPath(segs));

function result(ctx: AssertionContext, r: Partial<CheckResult> & Pick<CheckResult, 'path' | 'passed' | 'message'>, severity: Severity = 'error'): CheckResult {
  return { check: 'schema', kind: 'schema', expected: undefined, actual: undefined, severity, source: ctx.locate('/schema'), ...r };
}

function violations(errors: ErrorObject[], body: unknown, ctx: AssertionContext, schema: string): CheckResult[] {
  const traits = traitsFor(ctx.scenario.api);
  return errors.map((e) => {
    const segs = violationPath(e);
    const rule = ruleOf(e);
    const value = getField(body, segs);
    const path = label(segs);
    const detail = { schema, keyword: e.keyword, schemaPath: e.schemaPath };
    // The null rule: a schema that does not say type¦null has not ruled null out, except for what identifies the object.
    if (e.keyword === 'type' && value === null && !isClassField(traits.identity, segs) && !forbidsNull(e)) {
      return result(
        ctx,
        {
          path,
          expected: rule,
          actual: null,
          passed: false,
          rule: 'null',
          message: `${path}: null where the schema says ${String((e.params as Record<string, unknown>)['type'])} (the documentation does not rule null out)`,
          detail,
        },
        'note',
      );
    }
    return result(ctx, { path, expected: rule, actual: value === missing ? undefined : value, passed: false, message: `${path}: ${rule}`, detail });
  });
}

/** A schema rules null out explicitly with OpenAPI's `nullable: false` next to the type. */
function forbidsNull(e: ErrorObject): boolean {
  return (e.parentSchema as { nullable?: unknown } | undefined)?.nullable === false;
}

export const schemaAssertion: Assertion = {
  ...schemaKind,
  check(expectation, exchange, ctx) {
    const spec = readSpec(expectation);
    if (typeof spec === 'string') return [result(ctx, { path: 'body', passed: false, message: spec, expected: expectation })];
    const body = exchange.response?.body;
    const what = spec.kubernetes !== undefined ? `kubernetes:${spec.kubernetes}` : (spec.file ?? 'the inline schema');
    if (body === undefined) {
      return [
        result(ctx, {
          path: 'body',
          passed: false,
          expected: what,
          actual: exchange.response?.bodyText,
          message: `schema ${what}: the response has no JSON body to check`,
        }),
      ];
    }
    if (spec.kubernetes !== undefined) return checkKubernetes(spec, spec.kubernetes, body, ctx);
    const compiled = spec.file !== undefined ? fileSchema(spec.file, ctx) : compileInline(spec.inline);
    return checkCompiled(compiled, what, body, ctx);
  },
};

function fileSchema(ref: string, ctx: AssertionContext): Compiled {
  const [file, fragment] = ref.split('#', 2) as [string, string | undefined];
  return compileFile(resolve(dirname(ctx.scenario.file), file), fragment || undefined);
}

function checkCompiled(compiled: Compiled, what: string, body: unknown, ctx: AssertionContext): CheckResult[] {
  if (!compiled.ok) return [result(ctx, { path: 'body', passed: false, expected: what, message: `schema ${what}: ${compiled.error}` })];
  if (compiled.validate(body)) return [result(ctx, { path: 'body', passed: true, expected: what, message: `body matches ${what}` })];
  return violations(compiled.validate.errors ?? [], body, ctx, what);
}

function checkKubernetes(spec: SchemaSpec, kind: string, body: unknown, ctx: AssertionContext): CheckResult[] {
  const info = kindInfo(kind);
  const what = `kubernetes:${kind}`;
  if (!info)
    return [
      result(ctx, {
        path: 'body',
        passed: false,
        expected: what,
        message: `schema ${what}: not a Kubernetes kind; write Pod, Job, Status or GROUP/VERSION/Kind (apps/v1/Deployment)`,
      }),
    ];
  const picked = selectSchemaSet(spec.version ?? ctx.options.kubernetesVersion);
  if ('error' in picked) {
    return [
      result(ctx, {
        path: 'body',
        passed: false,
        expected: spec.version ?? ctx.options.kubernetesVersion,
        message: `schema ${what}: ${picked.error}`,
        source: ctx.locate('/schema/version') ?? ctx.locate('/schema'),
      }),
    ];
  }
  const outcome = validateKubernetes(info, body);
  if (outcome instanceof Error) return [result(ctx, { path: 'body', passed: false, expected: what, message: `schema ${what}: ${outcome.message}` })];
  const set = picked.set;
  const strict = spec.strict ?? ctx.options.strictSchema ?? false;
  const out = violations(outcome.errors, body, ctx, `${what} v${set.kubernetes}`);
  out.push(...outcome.unknown.map((segs) => unknownField(segs, body, info, set, strict, ctx)));
  if (outcome.errors.length === 0)
    out.push(result(ctx, { path: 'body', passed: true, expected: what, message: `body is a valid ${info.kind} (${info.groupVersion}), ${versionNote(set)}` }));
  return out;
}

function versionNote(set: SchemaSet): string {
  const only = selectSchemaSet(undefined);
  const sole = 'set' in only && only.set === set;
  return `checked against the Kubernetes v${set.kubernetes} schema from ${set.source}${sole ? ', the only version available' : ''}`;
}

function unknownField(segs: Segment[], body: unknown, info: KindInfo, set: SchemaSet, strict: boolean, ctx: AssertionContext): CheckResult {
  const path = label(segs);
  const message = `${path}: unknown field, not in the Kubernetes v${set.kubernetes} ${info.kind} schema${strict ? ' (strict)' : ''}`;
  return result(
    ctx,
    {
      path,
      passed: false,
      expected: 'a field the schema defines',
      actual: getField(body, segs),
      message,
      detail: { keyword: 'unknown-field', strict },
      ...(strict ? {} : { rule: 'unknown-field' }),
    },
    strict ? 'error' : 'warning',
  );
}
