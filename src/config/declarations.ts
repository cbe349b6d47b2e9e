// Declared deployment options and extended features: behaviour the documents leave to the deployment is declared by
// the vendor (vouch.config.yaml `options:` / `extended:`, or `--option NAME=true|false`), never guessed from answers.
// A scenario that `requires:` an option declared false, or belongs to an `extended:` feature not declared, is not
// applicable, and says which declaration made it so. A declaration no loaded scenario uses is an error.
import type { Diagnostic, Scenario } from '../model/types.js';
import { diag } from '../model/diagnostic.js';
import type { SourceMap } from '../model/source-map.js';

export interface Declared {
  value: boolean;
  /** Where it was declared, quoted in the claim: `vouch.config.yaml (options.categoriesRequired)` or `--option`. */
  source: string;
}

export interface Declarations {
  options: Record<string, Declared>;
  /** Declared extended features, each with where it was declared. */
  extended: Record<string, { source: string }>;
}

/** Why a scenario does not apply to this deployment: the requirement and the declaration, quotable as is. */
export interface NotApplicable {
  kind: 'option' | 'extended';
  /** The option or extended feature. */
  name: string;
  /** The declaration, as the claim quotes it: `categoriesRequired: false (vouch.config.yaml, options.categoriesRequired)`. */
  declaration: string;
  reason: string;
}

export const EMPTY_DECLARATIONS: Declarations = { options: {}, extended: {} };

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** `--option NAME=true|false` values (repeatable; comma-separated too). */
export function parseOptionFlags(values: readonly string[]): { options: Record<string, boolean>; diagnostics: Diagnostic[] } {
  const options: Record<string, boolean> = {};
  const diagnostics: Diagnostic[] = [];
  for (const v of values
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^([^=]+)=(true|false)$/.exec(v);
    if (!m || !NAME.test(m[1]!)) {
      diagnostics.push(diag('bad-flag', `--option '${v}' is not NAME=true or NAME=false`, { hint: 'for example --option categoriesRequired=false' }));
      continue;
    }
    options[m[1]!] = m[2] === 'true';
  }
  return { options, diagnostics };
}

export interface DeclarationSources {
  file?: { options?: Record<string, boolean>; extended?: string[] };
  /** The config file's name as shown (vouch.config.yaml), and its node positions for messages. */
  fileName: string;
  locations?: SourceMap;
  flags?: Record<string, boolean>;
  extendedFlags?: string[];
}

/** The run's declarations: the config file's, then flags (a flag wins over the file for the same option). */
export function declarationsOf(src: DeclarationSources): Declarations {
  const options: Record<string, Declared> = {};
  for (const [name, value] of Object.entries(src.file?.options ?? {})) options[name] = { value, source: `${src.fileName}, options.${name}` };
  for (const [name, value] of Object.entries(src.flags ?? {})) options[name] = { value, source: `--option ${name}=${value}` };
  const extended: Declarations['extended'] = {};
  for (const name of src.file?.extended ?? []) extended[name] = { source: `${src.fileName}, extended` };
  for (const name of src.extendedFlags ?? []) extended[name] = { source: `--extended ${name}` };
  return { options, extended };
}

/** Undefined where the scenario applies; otherwise the first unmet requirement and the declaration behind it. */
export function notApplicable(s: Pick<Scenario, 'requires' | 'extended'>, d: Declarations): NotApplicable | undefined {
  for (const name of s.requires) {
    const o = d.options[name];
    if (o && !o.value) {
      const declaration = `${name}: false (${o.source})`;
      return { kind: 'option', name, declaration, reason: `not applicable: requires ${name}; declared ${declaration}` };
    }
  }
  if (s.extended && !d.extended[s.extended]) {
    const declaration = `extended feature ${s.extended} not declared`;
    return {
      kind: 'extended',
      name: s.extended,
      declaration,
      reason: `not applicable: ${declaration} (extended: in vouch.config.yaml, or --extended ${s.extended})`,
    };
  }
  return undefined;
}

/** A declaration that no scenario of the suites uses: a typo, or an option of another suite; an error either way. */
export function unusedDeclarations(
  d: Declarations,
  scenarios: readonly Pick<Scenario, 'requires' | 'extended'>[],
  src: Pick<DeclarationSources, 'locations' | 'fileName'>,
): Diagnostic[] {
  const required = new Set(scenarios.flatMap((s) => s.requires));
  const features = new Set(scenarios.flatMap((s) => (s.extended ? [s.extended] : [])));
  const out: Diagnostic[] = [];
  const where = (pointer: string) => (src.locations ? src.locations.locate(pointer, true) : undefined);
  for (const [name, o] of Object.entries(d.options)) {
    if (required.has(name)) continue;
    const known = [...required].sort();
    out.push(
      diag('unused-declaration', `option ${name} is declared (${o.source}) but no scenario of these suites requires it`, {
        location: o.source.startsWith('--') ? undefined : where(`/options/${name}`),
        hint: known.length
          ? `the suites' options are ${known.join(', ')}; remove the declaration or fix its name`
          : 'these suites declare no options; remove the declaration',
      }),
    );
  }
  for (const [name, e] of Object.entries(d.extended)) {
    if (features.has(name)) continue;
    const known = [...features].sort();
    const index = Object.keys(d.extended).indexOf(name);
    out.push(
      diag('unused-declaration', `extended feature ${name} is declared (${e.source}) but no scenario of these suites belongs to it`, {
        location: e.source.startsWith('--') ? undefined : where(`/extended/${index}`),
        hint: known.length
          ? `the suites' extended features are ${known.join(', ')}; remove the declaration or fix its name`
          : 'these suites have no extended features; remove the declaration',
      }),
    );
  }
  return out;
}
