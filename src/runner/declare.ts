// What a run is told about the deployment besides its targets: the declared options and extended features (which
// scenarios apply), and the waivers of known deviations. Read before anything is sent; every problem is exit 2.
import { relative, resolve } from 'node:path';
import type { Diagnostic, Scenario } from '../model/types.js';
import type { SourceMap } from '../model/source-map.js';
import type { ConfigFile } from '../config/file.js';
import { declarationsOf, notApplicable, parseOptionFlags, unusedDeclarations, type Declarations, type NotApplicable } from '../config/declarations.js';
import { readWaivers, WAIVERS_FILE, type WaiverFile } from '../waivers/file.js';

export interface DeclarationOptions {
  cwd: string;
  /** `--option NAME=true|false` values. */
  options?: string[];
  /** `--extended NAME` values. */
  extended?: string[];
  /** `--waivers FILE`; default ./waivers.yaml when it exists. */
  waivers?: string;
  /** The day waivers are judged on (YYYY-MM-DD); default today (UTC). */
  waiversAsOf?: string;
  /** `vouch verify`: the bundle's declarations, used as they are (no config file, no flags). */
  declared?: Declarations;
  sealed?: boolean;
}

export interface RunDeclarations {
  declared: Declarations;
  waivers?: WaiverFile & { asOf: string };
  diagnostics: Diagnostic[];
}

export function readDeclarations(
  o: DeclarationOptions,
  file: { config: ConfigFile; locations?: SourceMap },
  configFile: string,
  scenarios: readonly Scenario[],
): RunDeclarations {
  const flags = parseOptionFlags(o.options ?? []);
  const diagnostics = [...flags.diagnostics];
  const fileName = relative(o.cwd, configFile) || configFile;
  const declared = o.declared ?? declarationsOf({ file: file.config, fileName, locations: file.locations, flags: flags.options, extendedFlags: o.extended });
  if (!o.declared) diagnostics.push(...unusedDeclarations(declared, scenarios, { fileName, locations: file.locations }));
  const asOf = o.waiversAsOf ?? new Date().toISOString().slice(0, 10);
  if (o.sealed && o.waivers === undefined) return { declared, diagnostics };
  const waiverPath = resolve(o.cwd, o.waivers ?? WAIVERS_FILE);
  const read = readWaivers(waiverPath, relative(o.cwd, waiverPath) || waiverPath, o.waivers !== undefined);
  diagnostics.push(...read.diagnostics);
  return { declared, waivers: read.waivers ? { ...read.waivers, asOf } : undefined, diagnostics };
}

/** The selected scenarios that do not apply to the declared deployment, each with the declaration behind it. */
export function inapplicable(selected: readonly Scenario[], declared: Declarations): Record<string, NotApplicable> {
  const out: Record<string, NotApplicable> = {};
  for (const s of selected) {
    const na = notApplicable(s, declared);
    if (na) out[s.id] = na;
  }
  return out;
}
