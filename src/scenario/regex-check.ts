// Checks, before anything is sent, that every `regex:` matcher in a step's expectations is a regular expression
// that RE2 runs (linear time, util/regex.ts): a typo in a pattern, or a construct that needs backtracking, is a
// mistake in the suite (exit 2), not a check that fails against the target or hangs the run.
import type { Diagnostic, Scenario } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import { escapePointer } from './yaml-source.js';
import { safeRegex } from '../util/regex.js';
import { allSteps } from '../model/steps.js';

function* regexMatchers(value: unknown, pointer: string): Generator<{ pattern: string; pointer: string }> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* regexMatchers(v, `${pointer}/${i}`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]![0] === 'regex' && typeof entries[0]![1] === 'string') {
    yield { pattern: entries[0]![1], pointer: `${pointer}/regex` };
    return;
  }
  for (const [k, v] of entries) yield* regexMatchers(v, `${pointer}/${escapePointer(k)}`);
}

/** `body:` and `headers:` map field paths to matchers: a field named `regex` there is a path, not a matcher. */
function* stepMatchers(expect: Record<string, unknown>, pointer: string): Generator<{ pattern: string; pointer: string }> {
  for (const [key, value] of Object.entries(expect)) {
    const at = `${pointer}/${escapePointer(key)}`;
    if ((key === 'body' || key === 'headers') && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [path, v] of Object.entries(value)) yield* regexMatchers(v, `${at}/${escapePointer(path)}`);
    } else yield* regexMatchers(value, at);
  }
}

export function checkRegexMatchers(s: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const step of allSteps(s)) {
    for (const m of [...stepMatchers(step.expect, `${step.pointer}/expect`), ...stepMatchers(step.poll?.until ?? {}, `${step.pointer}/until`)]) {
      // A pattern built from variables is only known at run time.
      if (m.pattern.includes('${')) continue;
      const problem = regexProblem(m.pattern);
      if (problem) out.push(diag('bad-regex', `regex '${m.pattern}' ${problem.message}`, { location: s.locations.locate(m.pointer), hint: problem.hint }));
    }
  }
  return out;
}

function regexProblem(pattern: string): { message: string; hint: string } | undefined {
  try {
    new RegExp(pattern);
  } catch (e) {
    return {
      message: `is not a regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
      hint: 'write a JavaScript regular expression (escape a literal ( [ { . * + ? with a backslash; in YAML double quotes, write \\\\ for one backslash)',
    };
  }
  try {
    safeRegex(pattern);
  } catch (e) {
    return {
      message: `cannot run on RE2, the linear-time engine Vouch matches with: ${(e as Error).message}`,
      hint: 'rewrite the pattern without lookaround or backreferences (RE2 syntax: https://github.com/google/re2/wiki/Syntax); an answer can then never make the match run away',
    };
  }
  return undefined;
}
