// Regular expressions written in suites (`regex:` matchers) run on RE2 (the `re2` package), whose matching time is
// linear in the input: JavaScript's backtracking engine took 165 s for `^(a+)+$` on 41 characters, blocking the
// worker beyond any timeout. RE2 has no backreferences and no lookaround; such a pattern is refused when loaded.
import { createRequire } from 'node:module';

export interface SafeRegex {
  test(text: string): boolean;
}

type RE2Constructor = new (pattern: string, flags?: string) => SafeRegex;

let engine: RE2Constructor | undefined;

function re2(): RE2Constructor {
  if (engine) return engine;
  try {
    engine = createRequire(import.meta.url)('re2') as RE2Constructor;
  } catch (e) {
    throw new Error(`the RE2 engine (npm package re2) is not built here: ${(e as Error).message.split('\n')[0]}; run \`npm rebuild re2\``);
  }
  return engine;
}

const compiled = new Map<string, SafeRegex | SyntaxError>();
/** Patterns built from variables differ per run; past this many, the cache starts over. */
const MAX_CACHED = 1000;

/** The pattern compiled with RE2; throws a SyntaxError (RE2's words) when RE2 cannot run it. */
export function safeRegex(pattern: string): SafeRegex {
  const hit = compiled.get(pattern);
  if (hit instanceof SyntaxError) throw hit;
  if (hit) return hit;
  const Engine = re2();
  let out: SafeRegex | SyntaxError;
  try {
    out = new Engine(pattern, 'u');
  } catch (e) {
    out = new SyntaxError(unsupported(pattern) ?? (e as Error).message);
  }
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(pattern, out);
  if (out instanceof SyntaxError) throw out;
  return out;
}

/** What JavaScript allows and RE2 does not, said plainly (RE2's own words are terse: "invalid perl operator: (?="). */
function unsupported(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern)) return 'lookaround ((?=, (?!, (?<=, (?<!) is not supported: matching must take linear time';
  if (/\\[1-9]|\\k</.test(pattern)) return 'backreferences (\\1, \\k<name>) are not supported: matching must take linear time';
  return undefined;
}

/** `s` as a regular expression that matches exactly it. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
