// Checks, before anything is sent, that every `${...}` names something that exists where it is used:
// scenario vars (earlier ones only), captures of earlier steps, earlier steps by id, env.*, run.id, scenario.id.
import type { Diagnostic, Scenario, Step } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { findRefs, exprSegments } from './template.js';
import { closest, distance } from 'fastest-levenshtein';
import { allSteps } from '../model/steps.js';

const BUILTIN = new Set(['env', 'run', 'scenario', 'steps']);

export function checkReferences(s: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = new Set<string>();
  const stepIds = new Set<string>();
  const seenStepIds = new Map<string, Step>();
  const capturedBy = new Map<string, Step>();
  for (const step of allSteps(s)) for (const name of Object.keys(step.capture)) if (!capturedBy.has(name)) capturedBy.set(name, step);
  for (const [name, value] of Object.entries(s.vars)) {
    out.push(...checkRefs(s, findRefs(value, `/vars/${name}`), known, stepIds, capturedBy));
    known.add(name);
  }
  for (const step of allSteps(s)) {
    if (seenStepIds.has(step.id)) {
      out.push(
        diag('duplicate-step-id', `step id '${step.id}' is used twice in scenario '${s.id}'`, {
          location: s.locations.locate(`${step.pointer}/id`),
          hint: 'give each step its own id',
        }),
      );
    }
    seenStepIds.set(step.id, step);
    const refs = [
      ...findRefs(step.request, `${step.pointer}/request`),
      ...findRefs(step.expect, `${step.pointer}/expect`),
      ...findRefs(step.poll?.until ?? {}, `${step.pointer}/until`),
    ];
    // A step's expectations may refer to the step itself (its own request).
    out.push(...checkRefs(s, refs, known, new Set([...stepIds, step.id]), capturedBy));
    for (const name of Object.keys(step.capture)) known.add(name);
    stepIds.add(step.id);
  }
  return out;
}

function checkRefs(s: Scenario, refs: ReturnType<typeof findRefs>, known: Set<string>, stepIds: Set<string>, capturedBy: Map<string, Step>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ref of refs) {
    let segs: ReturnType<typeof exprSegments>;
    try {
      segs = exprSegments(ref.expr);
      if (segs.length === 0) throw new Error('empty');
    } catch {
      out.push(
        diag('bad-template', `\${${ref.expr}} is not a variable reference`, {
          location: s.locations.locate(ref.pointer),
          hint: 'write ${name}, ${env.NAME}, ${run.id} or ${steps.ID.response.body.path}',
        }),
      );
      continue;
    }
    const root = String(segs[0] ?? '');
    let problem: string | undefined;
    if (root === 'steps') {
      const id = String(segs[1] ?? '');
      if (!stepIds.has(id)) problem = `no earlier step has id '${id}'`;
    } else if (root === 'run' && segs[1] !== 'id') problem = `run has only 'id'`;
    else if (root === 'scenario' && segs[1] !== 'id') problem = `scenario has only 'id'`;
    else if (root === 'env' && segs.length !== 2) problem = 'write ${env.NAME}';
    else if (!BUILTIN.has(root) && !known.has(root)) problem = `'${root}' is not defined before this point`;
    if (problem) {
      const later = !BUILTIN.has(root) ? capturedBy.get(root) : undefined;
      if (later) problem = `'${root}' is captured only later, by ${later.phase === 'steps' ? '' : `${later.phase} `}step '${later.name}'`;
      const candidates = [...known, ...BUILTIN];
      const guess = candidates.length ? closest(root, candidates) : undefined;
      // A suggestion only when it is a near miss: "did you mean ${steps}?" for any unknown name helps nobody.
      const near = guess !== undefined && root !== 'steps' && !BUILTIN.has(root) && distance(root, guess) <= Math.max(2, Math.floor(root.length / 3));
      out.push(
        diag('undefined-variable', `undefined variable \${${ref.expr}}: ${problem}`, {
          location: s.locations.locate(ref.pointer),
          hint: later
            ? `a captured value exists only once its step has run: move step '${later.name}' before this one, or give the value in vars:`
            : near
              ? `did you mean \${${guess}}? Variables come from vars:, an earlier step's capture:, env., run.id or steps.ID`
              : 'define it in vars: or capture it in an earlier step',
        }),
      );
    }
  }
  return out;
}
