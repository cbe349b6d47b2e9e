// How a ScenarioResult travels from worker to reporter (one JSON attachment per scenario) and how its
// failures read as text: each failed check is a Diagnostic, rendered by the one renderer.
import type { BrokenCause, CheckResult, Diagnostic, ScenarioResult, StepResult, TransportError } from '../model/types.js';
import { renderDiagnostic } from '../model/diagnostic.js';
import { causeLine, causeTag } from './causes.js';

export const RESULT_ATTACHMENT = 'vouch-result.json';

/**
 * A scenario's result as its attachment carries it from the worker to the reporters: a body's text is left out
 * where it is exactly the compact JSON of its parsed body (the usual case), which halves the bytes that cross the
 * process boundary and are parsed there; decodeResult puts it back.
 */
export function encodeResult(r: ScenarioResult): string {
  const slim = <T extends { bodyText?: string; body?: unknown }>(m: T | undefined): T | undefined => {
    if (!m || m.body === undefined || m.bodyText === undefined || m.bodyText !== JSON.stringify(m.body)) return m;
    const { bodyText: _dropped, ...rest } = m;
    return { ...rest, bodyTextIsBody: true } as unknown as T;
  };
  const steps = r.steps.map((st) =>
    st.exchange ? { ...st, exchange: { ...st.exchange, request: slim(st.exchange.request)!, response: slim(st.exchange.response) } } : st,
  );
  return JSON.stringify({ ...r, steps });
}

const decoded = new WeakMap<object, ScenarioResult>();

/** The result in an attachment's body (parsed once however many reporters ask), or undefined if it is not one. */
export function decodeResult(body: Buffer): ScenarioResult | undefined {
  const hit = decoded.get(body);
  if (hit) return hit;
  const r = decodeResultText(body.toString('utf8'));
  if (r) decoded.set(body, r);
  return r;
}

/** The result in the text encodeResult wrote, or undefined if it is not one. */
export function decodeResultText(text: string): ScenarioResult | undefined {
  let r: ScenarioResult;
  try {
    r = JSON.parse(text) as ScenarioResult;
  } catch {
    return undefined;
  }
  if (!r || typeof r !== 'object' || !Array.isArray(r.steps)) return undefined;
  if (typeof r.error === 'string') r.error = oldCause(r.error);
  for (const st of r.steps) {
    if (typeof st.error === 'string') st.error = oldCause(st.error);
    for (const m of [st.exchange?.request, st.exchange?.response] as ({ bodyTextIsBody?: boolean; bodyText?: string; body?: unknown } | undefined)[]) {
      if (!m?.bodyTextIsBody) continue;
      delete m.bodyTextIsBody;
      m.bodyText = JSON.stringify(m.body);
    }
  }
  return r;
}

/** A cause as a log written before causes were data holds it: a "message (hint: ...)" string, of no known kind. */
function oldCause(message: string): TransportError {
  return { kind: 'other', message };
}

export function checkDiagnostic(c: CheckResult): Diagnostic {
  return { code: c.kind, severity: c.severity, message: c.message, location: c.source };
}

export function failedChecks(step: StepResult): CheckResult[] {
  return step.checks.filter((c) => !c.passed && c.severity === 'error');
}

export function stepLabel(step: StepResult): string {
  const req = step.exchange?.request;
  const phase = step.phase === 'steps' ? '' : `${step.phase} `;
  return `${phase}step "${step.name}"${req ? ` (${req.method} ${req.path})` : ''}`;
}

/**
 * The text of a scenario that did not pass: each failing step with its failed checks, located. `kinds`: each broken
 * cause reads `broken[KIND]` instead of `broken` (the reports' text, which Allure's categories match).
 */
export function failureMessage(r: ScenarioResult, cwd?: string, opts: { kinds?: boolean } = {}): string {
  const lines: string[] = [];
  const head = (c: BrokenCause | undefined, plain: string) => (opts.kinds && c ? causeTag(c.kind) : plain);
  if (r.error) lines.push(`${head(r.error, r.verdict)}: ${causeLine(r.error)}`);
  for (const step of r.steps) {
    if (step.verdict === 'broken') lines.push(`${stepLabel(step)}: ${head(step.error, 'broken')}: ${step.error ? causeLine(step.error) : 'transport error'}`);
    if (step.verdict !== 'failed') continue;
    lines.push(`${stepLabel(step)} failed:`);
    // An example diff's summary already lists each of its field differences.
    for (const c of failedChecks(step).filter((x) => x.check !== 'example.field')) lines.push(indent(renderDiagnostic(checkDiagnostic(c), cwd), '  '));
  }
  return lines.join('\n');
}

/** The first failed check, in one line, for summaries. */
export function firstFailure(r: ScenarioResult): string {
  if (r.error) return causeLine(r.error);
  for (const step of r.steps) {
    if (step.verdict === 'broken') return `${stepLabel(step)}: ${step.error ? causeLine(step.error) : 'transport error'}`;
    const c = failedChecks(step)[0];
    if (c) return `${stepLabel(step)}: ${c.message.split('\n')[0]}`;
  }
  return '';
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}
