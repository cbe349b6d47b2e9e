// Gathers what a conformance claim is derived from, the same way for `vouch certify` (the project's files) and
// `vouch verify` (an unpacked bundle): the run's summary, the scenarios, their cassettes' exchanges, the catalogue.
import { existsSync } from 'node:fs';
import type { Diagnostic, Scenario } from '../model/types.js';
import type { ClaimInputs, Product, SuitesClaim } from '../claim/types.js';
import type { Declarations } from '../config/declarations.js';
import { readCatalogue } from '../coverage/catalogue.js';
import { cassettePath, readCassette } from '../transport/cassette.js';
import type { RunSummary } from '../report/summary.js';

export interface InputSources {
  summary: RunSummary;
  scenarios: readonly Scenario[];
  cassetteDir: string;
  /** The catalogue's absolute path, and its path as the claim names it. */
  catalogue?: { abs: string; shown: string };
  declared: Declarations;
  product: Product;
  suites: SuitesClaim;
  vouchVersion: string;
  createdAt: string;
}

const JUDGED = new Set(['passed', 'failed', 'waived']);

export function claimInputs(src: InputSources): { inputs?: ClaimInputs; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let catalogue: ClaimInputs['catalogue'];
  if (src.catalogue) {
    const read = readCatalogue(src.catalogue.abs);
    diagnostics.push(...read.diagnostics);
    if (read.catalogue) catalogue = { ...read.catalogue, file: src.catalogue.shown };
  }
  const verdicts = new Map(src.summary.scenarios.map((s) => [s.id, s.verdict]));
  const exchanges: ClaimInputs['exchanges'] = new Map();
  for (const s of src.scenarios) {
    if (!JUDGED.has(verdicts.get(s.id) ?? '')) continue;
    const file = cassettePath(src.cassetteDir, s.api, s.id);
    if (!existsSync(file)) continue;
    const c = readCassette(file, { scenarioId: s.id });
    exchanges.set(
      s.id,
      c.exchanges.map((e) => ({ method: e.request.method, path: e.request.path, status: e.response.status, identity: e.identity })),
    );
  }
  const identities: Record<string, string[]> = {};
  for (const s of src.scenarios) {
    const set = new Set([...(identities[s.api] ?? []), 'anonymous', ...[...s.setup, ...s.steps, ...s.teardown].map((st) => st.as)]);
    identities[s.api] = [...set].sort();
  }
  if (diagnostics.length) return { diagnostics };
  return {
    inputs: {
      summary: src.summary,
      scenarios: src.scenarios.map((s) => ({
        id: s.id,
        title: s.title,
        api: s.api,
        operation: s.operation,
        doc: s.doc ? { source: s.doc.source, section: s.doc.section } : undefined,
        covers: s.covers,
        requires: s.requires,
        extended: s.extended,
      })),
      exchanges,
      identities,
      catalogue,
      declared: src.declared,
      product: src.product,
      suites: src.suites,
      vouchVersion: src.vouchVersion,
      createdAt: src.createdAt,
    },
    diagnostics,
  };
}
