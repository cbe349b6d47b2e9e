// Targets against the APIs of the suites a run was given: a target for an API no scenario has is a usage error (with
// "did you mean" for a near miss), so that a typo in an API name can never turn a run into one that judges nothing.
import type { Diagnostic, Scenario } from '../model/types.js';
import type { SourceMap } from '../model/source-map.js';
import { diag } from '../model/diagnostic.js';
import { nearMiss } from './file.js';
import type { RunConfig, TargetConfig } from './types.js';
import { urlEnvName } from './resolve.js';

/** Where a target was named, for the message and its hint. */
function naming(t: TargetConfig): { what: string; rename: (api: string) => string } {
  if (t.from === '--target') return { what: `--target ${t.api}`, rename: (api) => `write --target ${api}=URL` };
  if (t.from === 'vouch.config.yaml') return { what: `targets.${t.api}`, rename: (api) => `rename targets.${t.api} to targets.${api} in vouch.config.yaml` };
  return { what: t.from, rename: (api) => `rename ${t.from} to ${urlEnvName(api)}` };
}

/**
 * A `--target` must name an API of the given suites. A config or environment target may name another API (one
 * config serves several suites), unless its name is a near miss of an API here that has no target: then it is a typo.
 */
export function checkTargetApis(config: RunConfig, scenarios: Scenario[], paths: string[], configLocations?: SourceMap): Diagnostic[] {
  const apis = [...new Set(scenarios.map((s) => s.api))].sort();
  const untargeted = apis.filter((a) => !config.targets[a]);
  const out: Diagnostic[] = [];
  for (const t of Object.values(config.targets)) {
    if (apis.includes(t.api)) continue;
    const flag = t.from === '--target';
    const guess = nearMiss(t.api, flag ? apis : untargeted);
    if (!flag && !guess) continue;
    const { what, rename } = naming(t);
    const location = t.from === 'vouch.config.yaml' && configLocations ? configLocations.locate(`/targets/${t.api}`, true) : undefined;
    const theirs = apis.length ? `the suites' APIs: ${apis.join(', ')}` : 'the suites name no API';
    out.push(
      diag('unknown-api', `${what}: no scenario in ${paths.join(', ')} is for API '${t.api}'; ${guess ? `did you mean '${guess}'?` : theirs}`, {
        location,
        hint: guess ? `${rename(guess)} (${theirs})` : `name one of them: ${apis.map((a) => `--target ${a}=URL`).join(', ')}`,
      }),
    );
  }
  return out;
}

/** A run whose every selected scenario is `not run` judges nothing: exit 2 unless the user accepts it. */
export function nothingJudged(selected: Scenario[], notRun: Record<string, string>, config: RunConfig): Diagnostic | undefined {
  if (selected.length === 0 || selected.some((s) => !notRun[s.id])) return undefined;
  const missing = [...new Set(selected.map((s) => s.api))].sort();
  const given = Object.values(config.targets).map((t) => `${t.api} (${t.from})`);
  return diag(
    'nothing-judged',
    `none of the ${selected.length} selected scenario(s) would be judged: no target for API ${missing.join(', ')}${given.length ? `; the targets given are for ${given.join(', ')}` : ''}`,
    {
      hint: `add ${missing.map((a) => `--target ${a}=URL`).join(' ')} to run them live, give no target at all to replay them from cassettes, or pass --allow-empty to accept a run that judges nothing`,
    },
  );
}
