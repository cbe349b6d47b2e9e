// Allure steps built from a scenario's record after the run: each HTTP step with its (redacted) request and
// response as attachments, each check as a sub-step, and failed checks as readable text and as JSON.
import type { CheckResult, Exchange, ScenarioResult, StepResult, Verdict } from '../model/types.js';
import { renderDiagnostic } from '../model/diagnostic.js';
import { checkDiagnostic } from '../results/record.js';
import { causeLine, causeTag } from '../results/causes.js';
import type { AllureAttachment, AllureParameter, AllureStatus, AllureStep } from './allure-model.js';

/** Writes one attachment beside the results and returns its reference. */
export type AttachmentSink = (name: string, body: string, type: 'application/json' | 'text/plain') => AllureAttachment;

const STATUS: Record<Verdict, AllureStatus> = { passed: 'passed', failed: 'failed', broken: 'broken', skipped: 'skipped' };

/** The title runner/execute.ts gives the step's `test.step`. */
export function stepTitle(s: StepResult): string {
  return `${s.phase === 'steps' ? '' : `${s.phase}: `}${s.name}`;
}

/** The scenario's steps, in order, each timed by its own duration from the attempt's start. */
export function scenarioSteps(r: ScenarioResult, start: number, cwd: string, sink: AttachmentSink): AllureStep[] {
  let clock = start;
  return r.steps.map((s) => {
    const begin = clock;
    const stop = begin + s.durationMs;
    clock = stop;
    return {
      name: stepTitle(s),
      status: STATUS[s.verdict],
      statusDetails: s.verdict === 'passed' || s.verdict === 'skipped' ? {} : { message: stepMessage(s, cwd) },
      stage: 'finished',
      start: begin,
      stop,
      parameters: stepParameters(s),
      attachments: stepAttachments(s, cwd, sink),
      steps: s.checks.map((c) => checkStep(c, stop)),
    };
  });
}

function stepMessage(s: StepResult, cwd: string): string {
  if (s.verdict === 'broken') return s.error ? `${causeTag(s.error.kind)}: ${causeLine(s.error)}` : 'broken: transport error';
  return failed(s)
    .map((c) => renderDiagnostic(checkDiagnostic(c), cwd))
    .join('\n\n');
}

function failed(s: StepResult): CheckResult[] {
  return s.checks.filter((c) => !c.passed && c.severity === 'error');
}

function stepParameters(s: StepResult): AllureParameter[] {
  const x = s.exchange;
  if (!x) return [];
  const out: AllureParameter[] = [
    { name: 'request', value: `${x.request.method} ${x.request.path}` },
    { name: 'as', value: x.request.identity },
  ];
  if (x.response)
    out.push({ name: 'status', value: String(x.response.status) }, { name: 'answered by', value: x.source === 'replay' ? 'cassette' : 'live server' });
  return out;
}

function stepAttachments(s: StepResult, cwd: string, sink: AttachmentSink): AllureAttachment[] {
  const out: AllureAttachment[] = [];
  if (s.attempts?.length) out.push(sink(`attempts before the last (${s.attempts.length})`, attemptsText(s), 'text/plain'));
  if (s.exchange) out.push(sink('request', requestText(s.exchange), 'text/plain'), sink('response', responseText(s.exchange), 'text/plain'));
  const bad = s.checks.filter((c) => !c.passed);
  if (bad.length) {
    const text = bad.map((c) => renderDiagnostic(checkDiagnostic(c), cwd) + expectedActual(c)).join('\n\n');
    out.push(sink('failed checks', text, 'text/plain'));
    out.push(sink('failed checks.json', JSON.stringify(bad.map(checkJson), null, 2), 'application/json'));
  }
  return out;
}

/** Expected and actual under a one-line message that does not already say them (multi-line ones explain themselves). */
function expectedActual(c: CheckResult): string {
  const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
  const e = show(c.expected);
  const a = show(c.actual);
  if (c.message.includes('\n') || e.length > 200 || a.length > 200 || (c.message.includes(e) && c.message.includes(a))) return '';
  return `\n  expected: ${e}\n  actual:   ${a}`;
}

function checkJson(c: CheckResult): Record<string, unknown> {
  const source = c.source ? `${c.source.file}:${c.source.line}:${c.source.col}` : undefined;
  return {
    check: c.check,
    kind: c.kind,
    severity: c.severity,
    path: c.path,
    expected: c.expected,
    actual: c.actual,
    message: c.message,
    source,
    detail: c.detail,
  };
}

function checkStep(c: CheckResult, at: number): AllureStep {
  const first = c.message.split('\n')[0] ?? c.check;
  const name = c.passed ? first : c.severity === 'error' ? first : `${c.severity}${c.rule ? ` [${c.rule}]` : ''}: ${first}`;
  const status: AllureStatus = c.passed || c.severity !== 'error' ? 'passed' : 'failed';
  return {
    name,
    status,
    statusDetails: status === 'failed' ? { message: c.message } : {},
    stage: 'finished',
    start: at,
    stop: at,
    parameters: [],
    attachments: [],
    steps: [],
  };
}

/** A polling step's earlier attempts: each answer and why `until` did not hold yet. */
function attemptsText(s: StepResult): string {
  return (s.attempts ?? [])
    .map((a, i) => {
      const why = a.checks.filter((c) => !c.passed && c.severity === 'error').map((c) => `  not yet: ${c.message.split('\n')[0]}`);
      return [
        `attempt ${i + 1}:`,
        ...responseText(a.exchange)
          .split('\n')
          .slice(0, 12)
          .map((l) => `  ${l}`),
        ...why,
      ].join('\n');
    })
    .join('\n\n');
}

function bodyText(body: unknown, text: string | undefined): string {
  if (body !== undefined) return JSON.stringify(body, null, 2);
  return text ?? '';
}

function headerLines(h: Record<string, string>): string[] {
  return Object.entries(h).map(([k, v]) => `${k}: ${v}`);
}

export function requestText(x: Exchange): string {
  const r = x.request;
  const body = bodyText(r.body, r.bodyText);
  return `${[`${r.method} ${r.url}`, ...headerLines(r.headers), `# as identity: ${r.identity}`, '', body].join('\n').trimEnd()}\n`;
}

export function responseText(x: Exchange): string {
  if (!x.response)
    return `no response: ${x.error?.kind ?? 'error'}: ${x.error?.message ?? 'transport error'}${x.error?.hint ? `\nhint: ${x.error.hint}` : ''}\n`;
  const r = x.response;
  const from = x.source === 'replay' ? 'replayed from the cassette' : `live, ${r.durationMs} ms`;
  return `${[`HTTP ${r.status} (${from})`, ...headerLines(r.headers), '', bodyText(r.body, r.bodyText)].join('\n').trimEnd()}\n`;
}
