// Deep comparison of JSON values that lists what differs field by field (`body.status.phase`), shared by replay's
// no-match diagnostics and `--check`'s drift report.
import { formatFieldPath, missing, type Missing, type Segment } from '../util/field-path.js';

export interface FieldDifference {
  path: Segment[];
  /** The recorded (stored) side; `missing` when the field is absent there. */
  recorded: unknown | Missing;
  /** The sent (fresh) side; `missing` when the field is absent there. */
  actual: unknown | Missing;
}

export interface DiffOptions {
  /** Stops after this many differences (a diagnostic does not need a thousand lines). */
  limit?: number;
  /** Returns true when the two values at this path count as equal whatever they are (volatile fields). */
  ignore?: (path: readonly Segment[], recorded: unknown, actual: unknown) => boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

export function diffJson(recorded: unknown, actual: unknown, opts: DiffOptions = {}, path: Segment[] = [], out: FieldDifference[] = []): FieldDifference[] {
  const limit = opts.limit ?? Infinity;
  if (out.length >= limit) return out;
  if (opts.ignore?.(path, recorded, actual)) return out;
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    const n = Math.max(recorded.length, actual.length);
    for (let i = 0; i < n && out.length < limit; i++) {
      diffJson(i < recorded.length ? recorded[i] : missing, i < actual.length ? actual[i] : missing, opts, [...path, i], out);
    }
    return out;
  }
  if (isObject(recorded) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(actual)])];
    for (const k of keys) {
      if (out.length >= limit) break;
      diffJson(Object.hasOwn(recorded, k) ? recorded[k] : missing, Object.hasOwn(actual, k) ? actual[k] : missing, opts, [...path, k], out);
    }
    return out;
  }
  if (!deepEqual(recorded, actual)) out.push({ path, recorded, actual });
  return out;
}

/** A short, one-line rendering of a value for messages. */
export function renderValue(v: unknown, max = 60): string {
  if (v === missing) return '(absent)';
  if (v === undefined) return '(none)';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** `body.status.phase: recorded "Running", sent "Failed"`. */
export function renderDifference(prefix: string, d: FieldDifference, labels: readonly [string, string] = ['recorded', 'sent']): string {
  const field = formatFieldPath([prefix, ...d.path].filter((s) => s !== ''));
  return `${field}: ${labels[0]} ${renderValue(d.recorded)}, ${labels[1]} ${renderValue(d.actual)}`;
}
