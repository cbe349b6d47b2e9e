// Renders an example diff the way a reviewer would write it: a headline with the counts, then the differences
// grouped by kind, then the notes: documentation drift and the other variations the model allowed.

export type DiffKind = 'value' | 'type' | 'missing' | 'unexpected' | 'drift' | 'allowed';

export interface DiffEntry {
  kind: DiffKind;
  /** Field path in the response (`spec.containers[0].image`). */
  path: string;
  expected: unknown;
  actual: unknown;
  /** One line, starting with the path. */
  message: string;
  /** Why a value was compared: sent in the request, fixed by the docs, listed in `values`, or a matcher. */
  because?: string;
  /** For notes: the variation rule that allowed the difference (variation/rules.ts). */
  rule?: string;
}

const GROUPS: { kind: DiffKind; title: string }[] = [
  { kind: 'value', title: 'wrong value' },
  { kind: 'type', title: 'wrong type' },
  { kind: 'missing', title: 'missing' },
  { kind: 'unexpected', title: 'unexpected' },
  { kind: 'drift', title: 'documentation drift (notes)' },
  { kind: 'allowed', title: 'allowed variations (notes)' },
];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function headline(label: string, failures: number, compared: number): string {
  const what = failures === 0 ? 'no differences' : plural(failures, 'difference');
  return `example ${label}: ${what} in ${plural(compared, 'field')}`;
}

/** The whole diff as text: headline, then one indented group per kind that has entries. */
export function renderExampleDiff(label: string, compared: number, failures: DiffEntry[], notes: DiffEntry[]): string {
  const lines = [headline(label, failures.length, compared)];
  for (const g of GROUPS) {
    const entries = [...failures, ...notes].filter((e) => e.kind === g.kind);
    if (entries.length === 0) continue;
    lines.push(`  ${g.title}:`);
    for (const e of entries) lines.push(`    ${e.message}${e.kind === 'allowed' && e.rule ? ` [${e.rule}]` : ''}`);
  }
  return lines.join('\n');
}
