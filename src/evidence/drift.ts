// How one stored exchange and its fresh recording differ, judged by the variation model: drift where the
// documentation's promise changed (status, media type, a value the request or the step's expectations decide, a
// required field, a JSON type); a note, carrying its rule, where a faithful server may choose differently.
import { formatFieldPath, getField, missing, parseFieldPath, type Missing, type Segment } from '../util/field-path.js';
import { jsonDifferences } from '../util/json-differences.js';
import { environmentOf, inClass, isClassField, isGenerated, traitsFor, type ApiTraits } from '../variation/apis.js';
import { requestLookup, type RequestLookup } from '../variation/request-values.js';
import type { RuleName } from '../variation/rules.js';
import { deepEqual, family, isZeroValue, sameInstant } from '../variation/values.js';
import type { CassetteExchange } from '../transport/cassette.js';

export interface Drift {
  /** `#3 PUT /api/v1/namespaces/${ns}/pods/p/status as owner` (generated names shown as their variable). */
  exchange: string;
  /** `status`, `header content-type`, `body.status.phase`, or `exchange` when one side lacks the exchange. */
  field: string;
  change: 'changed' | 'added' | 'removed';
  stored?: unknown;
  fresh?: unknown;
  /** Why this difference counts (the value was decided by the request, an expectation, the documentation). */
  because?: string;
}

export interface DriftNote {
  exchange: string;
  field: string;
  rule: RuleName;
}

export interface DriftContext {
  api: string;
  /** The step's expectations (`expect:`), when the scenario is known: the values they decide are compared. */
  expect?: Record<string, unknown>;
}

interface Walk {
  label: string;
  traits: ApiTraits;
  sent: RequestLookup;
  /** Paths whose values the step's expectations decide, already compared. */
  expected: Set<string>;
  drifts: Drift[];
  notes: DriftNote[];
}

const mediaType = (v: string | undefined): string => (v ?? '').split(';')[0]!.trim().toLowerCase();
const field = (segs: readonly Segment[]): string => formatFieldPath(['body', ...segs]);

function drift(w: Walk, segs: Segment[], stored: unknown | Missing, fresh: unknown | Missing, because: string): void {
  const change = stored === missing ? 'added' : fresh === missing ? 'removed' : 'changed';
  w.drifts.push({ exchange: w.label, field: field(segs), change, ...(stored === missing ? {} : { stored }), ...(fresh === missing ? {} : { fresh }), because });
}

function note(w: Walk, segs: Segment[], rule: RuleName): void {
  w.notes.push({ exchange: w.label, field: field(segs), rule });
}

/** Why the value at a path is part of the documented behaviour, or undefined when any value of its type will do. */
function decided(w: Walk, segs: Segment[]): string | undefined {
  if (isGenerated(w.traits, segs) || inClass(w.traits.messages, segs)) return undefined;
  if (isClassField(w.traits.identity, segs)) return 'it identifies the object';
  const sent = w.sent(segs);
  if (sent !== missing && (sent === null || typeof sent !== 'object')) return 'the request sent it';
  return undefined;
}

/** One side lacks the field: drift where the field is decided, a note under the rule that allows it otherwise. */
function absent(w: Walk, segs: Segment[], stored: unknown | Missing, fresh: unknown | Missing): void {
  const present = stored === missing ? fresh : stored;
  if (isClassField(w.traits.identity, segs)) return drift(w, segs, stored, fresh, 'it identifies the object');
  if (w.traits.goZeroValues && isZeroValue(present)) return note(w, segs, 'zero-value');
  if (present === null) return note(w, segs, 'null');
  const why = decided(w, segs) ?? (w.sent(segs) !== missing && !isGenerated(w.traits, segs) ? 'the request sent it' : undefined);
  if (why) return drift(w, segs, stored, fresh, why);
  note(w, segs, environmentOf(w.traits, segs) ? 'environment' : isGenerated(w.traits, segs) ? 'generated' : 'presence');
}

function leaf(w: Walk, segs: Segment[], stored: unknown, fresh: unknown, why = decided(w, segs)): void {
  if (deepEqual(stored, fresh)) return;
  if (sameInstant(stored, fresh)) return note(w, segs, 'timestamp');
  if (family(stored) !== family(fresh)) {
    if (stored === null || fresh === null) return note(w, segs, 'null');
    return drift(w, segs, stored, fresh, why ?? `its JSON type changed from ${family(stored)} to ${family(fresh)}`);
  }
  if (why) return drift(w, segs, stored, fresh, why);
  note(w, segs, isGenerated(w.traits, segs) ? 'generated' : inClass(w.traits.messages, segs) ? 'message' : 'sample-value');
}

function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

/** Each path where the two bodies differ, by the one JSON diff, judged: an absent field by `absent`, a value by `leaf`. */
function judge(w: Walk, stored: unknown, fresh: unknown): void {
  for (const d of jsonDifferences(stored, fresh)) {
    if (w.expected.has(formatFieldPath(d.path))) continue;
    if (d.kind === 'changed') leaf(w, d.path, d.left, d.right);
    else absent(w, d.path, d.left, d.right);
  }
}

/** The expectation accepts either value (a list of status codes, a `oneOf` matcher): which one is the server's choice. */
function acceptsBoth(expectation: unknown, stored: unknown, fresh: unknown): boolean {
  const values = Array.isArray(expectation) ? expectation : isOneOf(expectation) ? expectation.oneOf : undefined;
  if (values === undefined) return false;
  return values.some((v) => deepEqual(v, stored)) && values.some((v) => deepEqual(v, fresh));
}

function isOneOf(m: unknown): m is { oneOf: unknown[] } {
  return m !== null && typeof m === 'object' && Object.keys(m).length === 1 && Array.isArray((m as { oneOf?: unknown }).oneOf);
}

/** An expectation that takes its value from an answer (`${steps.ID.response...}`): the server decides it, not the scenario. */
function fromAnswer(expectation: unknown): boolean {
  return typeof expectation === 'string' && /\$\{\s*steps\.[^}]*\.response\b/.test(expectation);
}

/** The body fields a step's expectations name: their values are part of the documented behaviour. */
function expectedFields(w: Walk, expect: Record<string, unknown> | undefined, stored: unknown, fresh: unknown): void {
  const body = expect?.['body'];
  if (body === null || typeof body !== 'object') return;
  for (const [path, expectation] of Object.entries(body)) {
    if (fromAnswer(expectation)) continue;
    let segs: Segment[];
    try {
      segs = parseFieldPath(path);
    } catch {
      continue;
    }
    const [s, f] = [getField(stored, segs), getField(fresh, segs)];
    // A list or an object an expectation names (a `contains` matcher, say) is compared field by field by the walk.
    if (isContainer(s) || isContainer(f)) continue;
    w.expected.add(formatFieldPath(segs));
    if (s === missing && f === missing) continue;
    if (s === missing || f === missing) {
      const present = s === missing ? f : s;
      if (w.traits.goZeroValues && isZeroValue(present)) note(w, segs, 'zero-value');
      else drift(w, segs, s, f, 'the scenario expects it');
      continue;
    }
    // A value among several the scenario accepts (401 or 403, BadRequest or Invalid) is the server's configuration.
    if (!deepEqual(s, f) && acceptsBoth(expectation, s, f)) {
      note(w, segs, 'environment');
      continue;
    }
    // A generated value or a message the scenario names must be there; its value is the server's to choose.
    const chosen = isGenerated(w.traits, segs) || inClass(w.traits.messages, segs);
    leaf(w, segs, s, f, chosen ? undefined : 'the scenario expects it');
  }
}

function bodyOf(e: CassetteExchange): unknown | Missing {
  return 'body' in e.response ? e.response.body : missing;
}

export function exchangeDrift(label: string, s: CassetteExchange, f: CassetteExchange, ctx: DriftContext): { drifts: Drift[]; notes: DriftNote[] } {
  // An error answer is the server's account of a refusal, not the object the request wrote: a field named like one
  // the request sent (DRF keys its field errors by the field) is the server's wording, not an echo of the request.
  const refused = s.response.status >= 400 || f.response.status >= 400;
  const w: Walk = {
    label,
    traits: traitsFor(ctx.api),
    sent: refused ? () => missing : requestLookup({ body: f.request.body, contentType: f.request.headers['content-type'] }),
    expected: new Set(),
    drifts: [],
    notes: [],
  };
  if (s.response.status !== f.response.status) {
    // A status among several the step accepts (401 or 403 without credentials) is the server's configuration.
    if (acceptsBoth(ctx.expect?.['status'], s.response.status, f.response.status)) w.notes.push({ exchange: label, field: 'status', rule: 'environment' });
    else w.drifts.push({ exchange: label, field: 'status', change: 'changed', stored: s.response.status, fresh: f.response.status });
  }
  const [sc, fc] = [s.response.headers['content-type'], f.response.headers['content-type']];
  if (mediaType(sc) !== mediaType(fc)) w.drifts.push({ exchange: label, field: 'header content-type', change: 'changed', stored: sc, fresh: fc });
  const [sb, fb] = [bodyOf(s), bodyOf(f)];
  if (sb !== missing && fb !== missing) {
    expectedFields(w, ctx.expect, sb, fb);
    judge(w, sb, fb);
  } else if (sb !== missing || fb !== missing || (s.response.bodyText ?? '') !== (f.response.bodyText ?? '')) {
    const side = (e: CassetteExchange, b: unknown | Missing) => (b !== missing ? b : (e.response.bodyText ?? ''));
    w.drifts.push({
      exchange: label,
      field: 'body',
      change: 'changed',
      stored: side(s, sb),
      fresh: side(f, fb),
      because: 'a JSON body and a text body, or two different texts',
    });
  }
  return { drifts: w.drifts, notes: w.notes };
}
