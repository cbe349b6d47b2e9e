// The causes of a broken verdict (model/types.ts BrokenCause): one title per kind, which every report groups by
// (Allure's categories, JUnit's error type), and the two ways a cause is written: for people, and tagged with its kind.
import type { BrokenCause, BrokenKind, ScenarioResult } from '../model/types.js';

/** Every kind and its group's title; a kind added to the union without a title here does not compile. */
export const BROKEN_KINDS: Record<BrokenKind, string> = {
  refused: 'Connection refused',
  dns: 'Host name not resolved (DNS)',
  tls: 'TLS failures (untrusted certificate, handshake)',
  timeout: 'Timeouts',
  reset: 'Connection reset or response cut short',
  'unreadable-body': 'Unreadable response bodies (over a limit, too deep, undecodable)',
  redirect: 'Redirect loops and redirects to other schemes',
  'no-cassette': 'Missing cassettes',
  'bad-cassette': 'Unreadable or invalid cassettes',
  'stale-cassette': 'Stale cassettes (--strict-cassettes)',
  'no-match': 'Requests no recorded exchange matches',
  'network-refused': 'Requests that replay kept off the network',
  other: 'Other transport errors',
  variable: 'Undefined variables in vars',
  interrupted: 'Interrupted (Ctrl-C)',
};

/** The cause for people: `message (hint: ...)`, as the terminal and summary.json show it. */
export function causeLine(c: Pick<BrokenCause, 'message' | 'hint'>): string {
  return `${c.message}${c.hint ? ` (hint: ${c.hint})` : ''}`;
}

/** The marker a report's text carries for a cause of this kind, which Allure's categories match. */
export function causeTag(kind: BrokenKind): string {
  return `broken[${kind}]`;
}

/** The kinds of a result's broken causes, the scenario's own first, then its steps' in order, each once. */
export function brokenKinds(r: ScenarioResult): BrokenKind[] {
  const kinds = [r.error?.kind, ...r.steps.map((s) => (s.verdict === 'broken' ? s.error?.kind : undefined))];
  return [...new Set(kinds.filter((k): k is BrokenKind => k !== undefined))];
}
