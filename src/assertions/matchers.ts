// Matchers for field expectations: a plain value means equality; an object names one matcher
// (equals, not, any, present, absent, type, rfc3339, regex, oneOf, contains, mediaType; oneOf's alternatives are
// values or matchers). Pure functions returning a verdict.
import { isDeepStrictEqual } from 'node:util';
import { missing, type Missing } from '../util/field-path.js';
import { safeRegex } from '../util/regex.js';

export interface MatchOutcome {
  pass: boolean;
  /** What was expected, in words (`"busybox:latest"`, `an RFC 3339 timestamp`). */
  expected: string;
  /** Machine form of the expectation for reports. */
  expectedValue: unknown;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function show(v: unknown | Missing): string {
  if (v === missing) return 'missing';
  if (v === undefined) return 'undefined';
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

const MATCHER_KEYS = new Set(['equals', 'not', 'any', 'present', 'absent', 'type', 'rfc3339', 'regex', 'oneOf', 'contains', 'mediaType']);

export function isMatcherObject(m: unknown): m is Record<string, unknown> {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return false;
  const keys = Object.keys(m);
  return keys.length === 1 && MATCHER_KEYS.has(keys[0]!);
}

/** `expected` has already had its templates resolved. */
export function match(expected: unknown, actual: unknown | Missing): MatchOutcome {
  if (!isMatcherObject(expected)) return equals(expected, actual);
  const [name, arg] = Object.entries(expected)[0]!;
  switch (name) {
    case 'equals':
      return equals(arg, actual);
    case 'not':
      return { pass: actual !== missing && !looseEqual(arg, actual), expected: `not ${show(arg)}`, expectedValue: expected };
    case 'any':
    case 'present':
      return { pass: actual !== missing, expected: 'present', expectedValue: expected };
    case 'absent':
      return { pass: actual === missing, expected: 'absent', expectedValue: expected };
    case 'type':
      return {
        pass: actual !== missing && (typeOf(actual) === arg || (arg === 'number' && typeOf(actual) === 'integer')),
        expected: `a value of type ${String(arg)}`,
        expectedValue: expected,
      };
    case 'rfc3339':
      return {
        pass: typeof actual === 'string' && RFC3339.test(actual) && !Number.isNaN(Date.parse(actual)),
        expected: 'an RFC 3339 timestamp',
        expectedValue: expected,
      };
    case 'regex':
      // RE2: linear in the answer's length, whatever the pattern (a backtracking engine can take hours).
      return {
        pass: typeof actual === 'string' && safeRegex(String(arg)).test(actual),
        expected: `a string matching /${String(arg)}/`,
        expectedValue: expected,
      };
    case 'oneOf':
      return oneOf(arg as unknown[], actual, expected);
    case 'contains':
      return { pass: contains(actual, arg), expected: `containing ${show(arg)}`, expectedValue: expected };
    case 'mediaType':
      return {
        pass: typeof actual === 'string' && mediaTypeOf(actual) === String(arg).trim().toLowerCase(),
        expected: `media type ${String(arg)} (parameters such as charset allowed)`,
        expectedValue: expected,
      };
    default:
      return { pass: false, expected: `unknown matcher ${name}`, expectedValue: expected };
  }
}

/** The media type of a Content-Type value: type/subtype, lower case, without parameters (RFC 9110 8.3.1). */
export function mediaTypeOf(value: string): string {
  return (value.split(';', 1)[0] ?? '').trim().toLowerCase();
}

/** One of several values, or of several matchers where one field has more than one documented form. */
function oneOf(alternatives: unknown[], actual: unknown | Missing, expected: unknown): MatchOutcome {
  const pass = actual !== missing && alternatives.some((x) => (isMatcherObject(x) ? match(x, actual).pass : looseEqual(x, actual)));
  const words = alternatives.some(isMatcherObject)
    ? `one of: ${alternatives.map((x) => match(x, missing).expected).join(', or ')}`
    : `one of ${show(alternatives)}`;
  return { pass, expected: words, expectedValue: expected };
}

function equals(exp: unknown, actual: unknown | Missing): MatchOutcome {
  return { pass: actual !== missing && looseEqual(exp, actual), expected: show(exp), expectedValue: exp };
}

/** Deep equality where a number written in YAML equals the same number sent as a string in a header. */
export function looseEqual(a: unknown, b: unknown): boolean {
  if (isDeepStrictEqual(a, b)) return true;
  if ((typeof a === 'number' && typeof b === 'string') || (typeof a === 'string' && typeof b === 'number')) return String(a) === String(b);
  return false;
}

function contains(actual: unknown, arg: unknown): boolean {
  if (typeof actual === 'string') return actual.includes(String(arg));
  if (Array.isArray(actual)) return actual.some((x) => isDeepStrictEqual(x, arg) || (isObj(arg) && isObj(x) && subset(arg, x)));
  if (isObj(actual) && isObj(arg)) return subset(arg, actual);
  return false;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function subset(part: Record<string, unknown>, whole: Record<string, unknown>): boolean {
  return Object.entries(part).every(
    ([k, v]) => k in whole && (isObj(v) && isObj(whole[k]) ? subset(v, whole[k] as Record<string, unknown>) : isDeepStrictEqual(v, whole[k])),
  );
}
