// What differs between a recorded and a sent JSON value, field by field (`body.status.phase`), for replay's matching
// and its no-match diagnostics, and how a difference reads.
import { formatFieldPath, missing, type Missing, type Segment } from '../util/field-path.js';
import { jsonDifferences } from '../util/json-differences.js';

export interface FieldDifference {
  path: Segment[];
  /** The recorded (stored) side; `missing` when the field is absent there. */
  recorded: unknown | Missing;
  /** The sent (fresh) side; `missing` when the field is absent there. */
  actual: unknown | Missing;
}

export interface DiffOptions {
  /** Keeps at most this many differences (a diagnostic does not need a thousand lines). */
  limit?: number;
  /** Returns true when two differing values at this path count as equal whatever they are (volatile fields). */
  ignore?: (path: readonly Segment[], recorded: unknown | Missing, actual: unknown | Missing) => boolean;
}

/** What differs between a recorded and a sent value, in document order, by the one JSON diff (util/json-differences.ts). */
export function diffJson(recorded: unknown, actual: unknown, opts: DiffOptions = {}): FieldDifference[] {
  const out: FieldDifference[] = [];
  for (const d of jsonDifferences(recorded, actual)) {
    if (out.length >= (opts.limit ?? Infinity)) break;
    if (!opts.ignore?.(d.path, d.left, d.right)) out.push({ path: d.path, recorded: d.left, actual: d.right });
  }
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
