// JUnit XML for CI: a testsuite per API, a testcase per scenario (classname API.operation), `failure` with Vouch's
// failure text when failed, `error` when broken, each typed by its kind (the check's, or the broken cause's). Not
// Playwright's junit: it names generated specs, and all `error`.
import { relative } from 'node:path';
import type { ScenarioResult } from '../model/types.js';
import { failedChecks, failureMessage } from '../results/record.js';
import { brokenKinds } from '../results/causes.js';
import type { RunSummary, ScenarioSummary } from './summary.js';
import { waivedLine } from './waived.js';

export function junitXml(summary: RunSummary, results: Map<string, ScenarioResult | undefined>, cwd: string): string {
  const byApi = new Map<string, ScenarioSummary[]>();
  for (const s of summary.scenarios) byApi.set(s.api || 'unknown', [...(byApi.get(s.api || 'unknown') ?? []), s]);
  const suites = [...byApi].map(([api, list]) => testsuite(api, list, summary, results, cwd));
  const c = summary.counts;
  // JUnit has no `waived`: a waived scenario is skipped (never passed, never a CI failure), counted apart in vouch.waived.
  const attrs = {
    name: 'vouch',
    tests: c.total,
    failures: c.failed,
    errors: c.broken,
    skipped: c['not run'] + (c.waived ?? 0),
    time: seconds(summary.durationMs),
    timestamp: summary.startedAt,
  };
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attributes(attrs)}>`, ...suites, '</testsuites>', ''].join('\n');
}

function testsuite(api: string, list: ScenarioSummary[], summary: RunSummary, results: Map<string, ScenarioResult | undefined>, cwd: string): string {
  const count = (v: ScenarioSummary['verdict']) => list.filter((s) => s.verdict === v).length;
  const time = list.reduce((t, s) => t + s.durationMs, 0);
  const attrs = {
    name: api,
    tests: list.length,
    failures: count('failed'),
    errors: count('broken'),
    skipped: count('not run') + count('waived'),
    time: seconds(time),
    timestamp: summary.startedAt,
  };
  const props = {
    'vouch.run.id': summary.runId,
    'vouch.version': summary.vouchVersion,
    'vouch.mode': summary.mode,
    'vouch.target': summary.targets[api] ?? 'cassettes',
    'vouch.waived': String(count('waived')),
    'vouch.not-run': String(count('not run')),
  };
  const properties = Object.entries(props).map(([k, v]) => `      <property${attributes({ name: k, value: v })}/>`);
  const cases = list.map((s) => testcase(s, results.get(s.id), cwd));
  return [`  <testsuite${attributes(attrs)}>`, '    <properties>', ...properties, '    </properties>', ...cases, '  </testsuite>'].join('\n');
}

function testcase(s: ScenarioSummary, r: ScenarioResult | undefined, cwd: string): string {
  const file = relative(cwd, s.file) || s.file;
  const attrs = { name: `${s.id}: ${s.title}`, classname: `${s.api}.${s.operation ?? s.id}`, file, time: seconds(s.durationMs) };
  const body = caseBody(s, r, cwd);
  return body.length
    ? [`    <testcase${attributes(attrs)}>`, ...body.map((l) => `      ${l}`), '    </testcase>'].join('\n')
    : `    <testcase${attributes(attrs)}/>`;
}

function caseBody(s: ScenarioSummary, r: ScenarioResult | undefined, cwd: string): string[] {
  const text = r ? failureMessage(r, cwd, { kinds: true }) : (s.reason ?? '');
  const message = s.firstFailure ?? s.reason ?? s.verdict;
  switch (s.verdict) {
    case 'failed':
      return [`<failure${attributes({ message, type: firstKind(r) })}>${cdata(text)}</failure>`];
    case 'broken':
      // `broken` where the attempt left no record to say why (a time limit, a stopped worker).
      return [`<error${attributes({ message, type: (r && brokenKinds(r)[0]) ?? 'broken' })}>${cdata(text)}</error>`];
    case 'not run':
      return [`<skipped${attributes({ message: `not run: ${s.reason ?? 'filtered out'}` })}/>`];
    case 'waived':
      return [
        `<skipped${attributes({ message: s.waiver ? waivedLine(s.waiver) : 'waived', type: 'waived' })}/>`,
        `<system-out>${cdata(`waived, never passed: ${text}`)}</system-out>`,
      ];
    case 'flaky':
      return [`<system-out>${cdata(`flaky: passed only on attempt ${s.attempts}`)}</system-out>`];
    default:
      return s.notes.length ? [`<system-out>${cdata(s.notes.map((n) => `note${n.rule ? ` [${n.rule}]` : ''}: ${n.message}`).join('\n'))}</system-out>`] : [];
  }
}

/** The kind of the first failed check (status, schema, example, ...), so CI can group failures without parsing. */
function firstKind(r: ScenarioResult | undefined): string {
  for (const step of r?.steps ?? []) {
    const c = failedChecks(step)[0];
    if (c) return c.kind;
  }
  return 'failed';
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

// XML 1.0 forbids most control characters even when escaped.
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(s: string): string {
  return s.replace(ILLEGAL, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function attributes(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

function cdata(s: string): string {
  return `<![CDATA[${s.replace(ILLEGAL, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
