// Replay's matching: a request takes the first unused recorded exchange with the same method, path, query,
// identity and body; when none fits, the closest recorded exchange and what differs, field by field.
import type { CassetteExchange, CassetteRequest } from './cassette.js';
import { describeRequest } from './cassette-entry.js';
import { diffJson, renderDifference, renderValue, type DiffOptions } from './json-compare.js';
import { REDACTED } from './redact.js';

export interface SentRequest {
  identity: string;
  /** The request as the cassette would store it (same header pick, same redaction). */
  request: CassetteRequest;
}

export type MatchOutcome =
  | { matched: true; index: number }
  | { matched: false; message: string; closest?: number; differences: string[] };

const hasBody = (r: CassetteRequest): boolean => 'body' in r;

/** A recorded `<redacted>` stands for whatever was there (a replay may run without the secrets), so it matches anything. */
function redactedMatch(recorded: string, sent: string): boolean {
  if (!recorded.includes(REDACTED)) return false;
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${recorded.split(REDACTED).map(escape).join('[\\s\\S]*')}$`).test(sent);
}

const COMPARE: DiffOptions = { ignore: (_path, a, b) => typeof a === 'string' && typeof b === 'string' && redactedMatch(a, b) };

function same(a: unknown, b: unknown): boolean {
  return diffJson(a, b, { ...COMPARE, limit: 1 }).length === 0;
}

function sameBody(a: CassetteRequest, b: CassetteRequest): boolean {
  if (hasBody(a) || hasBody(b)) return hasBody(a) && hasBody(b) && same(a.body, b.body);
  return same(a.bodyText ?? '', b.bodyText ?? '');
}

function isMatch(rec: CassetteExchange, sent: SentRequest): boolean {
  const a = rec.request;
  const b = sent.request;
  return a.method === b.method && same(a.path, b.path) && rec.identity === sent.identity && same(a.query, b.query) && sameBody(a, b);
}

function bodyDifferences(a: CassetteRequest, b: CassetteRequest): string[] {
  if (hasBody(a) && hasBody(b)) return diffJson(a.body, b.body, { ...COMPARE, limit: 8 }).map((d) => renderDifference('body', d));
  if (hasBody(a) || hasBody(b)) {
    const side = (r: CassetteRequest) => (hasBody(r) ? renderValue(r.body) : r.bodyText ? `text ${renderValue(r.bodyText)}` : '(no body)');
    return [`body: recorded ${side(a)}, sent ${side(b)}`];
  }
  const [ta, tb] = [a.bodyText ?? '', b.bodyText ?? ''];
  return same(ta, tb) ? [] : [`body text: recorded ${renderValue(ta)}, sent ${renderValue(tb)}`];
}

/** What differs between a recorded exchange and a sent request, each with a weight (method counts most). */
function differences(rec: CassetteExchange, sent: SentRequest): { score: number; lines: string[] } {
  const a = rec.request;
  const b = sent.request;
  const lines: string[] = [];
  let score = 0;
  const field = (name: string, weight: number, x: string, y: string) => {
    if (x === y) return;
    lines.push(`${name}: recorded ${JSON.stringify(x)}, sent ${JSON.stringify(y)}`);
    score += weight;
  };
  field('method', 8, a.method, b.method);
  if (!same(a.path, b.path)) field('path', 4, a.path, b.path);
  field('identity', 2, rec.identity, sent.identity);
  const query = diffJson(a.query, b.query, COMPARE).map((d) => renderDifference('query', d));
  const body = bodyDifferences(a, b);
  lines.push(...query, ...body);
  return { score: score + query.length + body.length, lines };
}

export function findMatch(recorded: readonly CassetteExchange[], used: readonly boolean[], sent: SentRequest): MatchOutcome {
  const index = recorded.findIndex((rec, i) => !used[i] && isMatch(rec, sent));
  if (index >= 0) return { matched: true, index };
  const what = describeRequest(sent.identity, sent.request);
  const twins = recorded.filter((rec) => isMatch(rec, sent)).length;
  if (twins > 0) {
    return {
      matched: false,
      differences: [],
      message: `no unused recorded exchange for ${what}: the cassette has ${twins} such exchange${twins > 1 ? 's' : ''}, all already used (the scenario now sends this request more often than when it was recorded)`,
    };
  }
  if (recorded.length === 0) return { matched: false, differences: [], message: `no recorded exchange matches ${what}: the cassette has no exchanges` };
  const closest = closestExchange(recorded, used, sent);
  const rec = recorded[closest.index]!;
  return {
    matched: false,
    closest: closest.index,
    differences: closest.lines,
    message: `no recorded exchange matches ${what}; closest is #${closest.index + 1} (${describeRequest(rec.identity, rec.request)}${used[closest.index] ? ', already used' : ''}): ${closest.lines.join('; ')}`,
  };
}

/** The recorded exchange with the fewest (weighted) differences, unused ones first. */
function closestExchange(recorded: readonly CassetteExchange[], used: readonly boolean[], sent: SentRequest): { index: number; lines: string[] } {
  let best = { index: 0, lines: [] as string[], rank: Infinity };
  for (const [i, rec] of recorded.entries()) {
    const d = differences(rec, sent);
    const rank = d.score * 2 + (used[i] ? 1 : 0);
    if (rank < best.rank) best = { index: i, lines: d.lines, rank };
  }
  return best;
}
