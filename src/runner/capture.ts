// Captures values from a response into variables: a JSON pointer or JSONPath into the body, or a header.
// A capture that matches nothing is a failed check, never a silent undefined.
import { createRequire } from 'node:module';
import type { CaptureSpec, CheckResult, Exchange, SourceLocation } from '../model/types.js';
import { getField, missing, parsePointer } from '../util/field-path.js';

// jsonpath-plus loads with the first JSONPath capture (a JSON pointer needs none).
const require = createRequire(import.meta.url);
const jsonPath = (): typeof import('jsonpath-plus').JSONPath => (require('jsonpath-plus') as typeof import('jsonpath-plus')).JSONPath;

export function capture(
  specs: Record<string, CaptureSpec>,
  exchange: Exchange,
  locate: (name: string) => SourceLocation | undefined,
): { values: Record<string, unknown>; failures: CheckResult[] } {
  const values: Record<string, unknown> = {};
  const failures: CheckResult[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const v = captureOne(spec, exchange);
    if (v === missing) {
      const what = spec.header !== undefined ? `header ${spec.header}` : `body ${spec.body}`;
      failures.push({
        check: 'capture',
        kind: 'capture',
        path: name,
        expected: what,
        actual: undefined,
        passed: false,
        severity: 'error',
        message: `capture ${name}: ${what} matches nothing in the response`,
        source: locate(name),
      });
    } else values[name] = v;
  }
  return { values, failures };
}

function captureOne(spec: CaptureSpec, exchange: Exchange): unknown {
  const res = exchange.response;
  if (!res) return missing;
  if (spec.header !== undefined) {
    const h = res.headers[spec.header.toLowerCase()];
    return h === undefined ? missing : h;
  }
  const expr = spec.body ?? '';
  if (res.body === undefined) return missing;
  if (expr.startsWith('$')) {
    const found = jsonPath()({ path: expr, json: res.body as object, wrap: true }) as unknown[];
    return found.length === 0 ? missing : found.length === 1 ? found[0] : found;
  }
  return getField(res.body, parsePointer(expr));
}
