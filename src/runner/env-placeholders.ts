// Which `${env.NAME}` a replay may read as a placeholder: those whose every use sits where the value is redacted
// before anything is written (a credential, API-key or configured secret header; a JSON body field at a configured
// redact path), directly or through a scenario variable used only there. No cassette holds such a value and replay
// never matches on it, so replaying (and `vouch verify`) needs no secret.
import type { Scenario } from '../model/types.js';
import { findRefs, type TemplateRef } from '../scenario/template.js';
import { isSecretHeader, parsePointers } from '../transport/secrets.js';
import { parsePointer, type Segment } from '../util/field-path.js';
import { allSteps } from '../model/steps.js';

export interface RedactPlaces {
  headers: readonly string[];
  paths: readonly string[];
}

const ENV_REF = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/;
const REQUEST_PART = /^\/(?:setup|steps|teardown)\/\d+\/request\/(headers|json)(\/.*)?$/;

/** Whether the scenario node at `pointer` holds a value redacted before it is written. */
function redactedPlace(pointer: string, redact: RedactPlaces, paths: Segment[][]): boolean {
  const m = REQUEST_PART.exec(pointer);
  if (!m) return false;
  const rest = parsePointer(m[2] ?? '');
  if (m[1] === 'headers') return rest.length === 1 && isSecretHeader(String(rest[0]), redact.headers);
  return paths.some((p) => p.length <= rest.length && p.every((seg, i) => seg === '*' || String(seg) === String(rest[i])));
}

/** The variable an expression starts with (`key` in `${key}`, `${key.part}`). */
const rootOf = (expr: string): string => expr.split(/[.[]/, 1)[0]!.trim();

function refsOf(s: Scenario): TemplateRef[] {
  const steps = allSteps(s);
  return [
    ...findRefs(s.vars, '/vars'),
    ...steps.flatMap((st) => [...findRefs(st.request, `${st.pointer}/request`), ...findRefs(st.expect, `${st.pointer}/expect`)]),
  ];
}

/** The environment variables whose every use in these scenarios is redacted, sorted. */
export function redactedOnlyEnv(scenarios: Scenario[], redact: RedactPlaces): string[] {
  const paths = parsePointers(redact.paths);
  const allRedacted = new Map<string, boolean>();
  for (const s of scenarios) {
    const refs = refsOf(s);
    for (const r of refs) {
      const env = ENV_REF.exec(r.expr);
      if (!env) continue;
      const inVar = /^\/vars\/([^/]+)(?:\/|$)/.exec(r.pointer)?.[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
      const uses = inVar === undefined ? [r] : refs.filter((u) => rootOf(u.expr) === inVar);
      const ok = uses.length > 0 && uses.every((u) => redactedPlace(u.pointer, redact, paths));
      allRedacted.set(env[1]!, (allRedacted.get(env[1]!) ?? true) && ok);
    }
  }
  return [...allRedacted]
    .filter(([, ok]) => ok)
    .map(([name]) => name)
    .sort();
}
