// `expect.status`: a code or a set of codes.
import type { CheckResult } from '../model/types.js';
import type { Assertion } from './types.js';
import { statusKind } from '../model/expect/status.js';

export const statusAssertion: Assertion = {
  ...statusKind,
  check(expectation, exchange, ctx): CheckResult[] {
    const codes = (Array.isArray(expectation) ? expectation : [expectation]) as number[];
    const actual = exchange.response?.status;
    const passed = actual !== undefined && codes.includes(actual);
    const expected = codes.length === 1 ? String(codes[0]) : `one of ${codes.join(', ')}`;
    const authz = actual === 401 || actual === 403 || codes.some((c) => c === 401 || c === 403);
    return [
      {
        check: 'status',
        kind: authz ? 'authorization' : 'status',
        path: 'status',
        expected: codes.length === 1 ? codes[0] : codes,
        actual,
        passed,
        severity: 'error',
        message: passed ? `status ${actual}` : `status: expected ${expected}, got ${actual ?? 'no response'}${reason(exchange.response?.body)}`,
        source: ctx.locate('/status'),
      },
    ];
  },
};

/** The server's own words for an error status (Kubernetes Status message, DRF detail), when it gave any. */
function reason(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const text = typeof b['message'] === 'string' ? b['message'] : typeof b['detail'] === 'string' ? b['detail'] : undefined;
    if (text) return ` (${text.length > 160 ? `${text.slice(0, 157)}...` : text})`;
  }
  return '';
}
