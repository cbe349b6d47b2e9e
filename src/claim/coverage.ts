// The claim's coverage, from the behaviour catalogue and the run's recorded exchanges: which documented operations,
// response codes and identities the judged scenarios exercised, and which they did not (and why). The documented
// codes of an operation are the codes its document's behaviours name ("answers 404 ..."); the exercised ones are the
// codes of the recorded requests whose method and path match the operation's (`PUT /api/v2/status/{id}/`).
import type { ClaimCoverage, ClaimInputs, CoverageItem, IdentityCoverage, OperationCoverage } from './types.js';

type Exchange = { method: string; path: string; status: number; identity: string };

const OPERATION = /^(GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS) (\/\S*)/;

/** `/api/v2/status/{id}/` as a pattern over concrete paths: each `{name}` is one path segment. */
export function pathPattern(template: string): RegExp {
  const parts = template.split(/(\{[^}/]+\})/).map((p) => (/^\{[^}/]+\}$/.test(p) ? '[^/]+' : p.replace(/[.*+?^$()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('')}$`);
}

/** The HTTP status codes a behaviour's text names (three digits from 100 to 599, as words). */
export function codesIn(text: string): number[] {
  return [...text.matchAll(/(?<![\w.-])([1-5]\d\d)(?!\w|\.\d)/g)].map((m) => Number(m[1]));
}

const sortedUnique = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

export function deriveCoverage(inputs: ClaimInputs, judged: ReadonlySet<string>, notApplicable: ReadonlyMap<string, string>): ClaimCoverage {
  const cat = inputs.catalogue;
  const behaviours: CoverageItem[] = (cat?.behaviours ?? []).map((b) => {
    const covering = inputs.scenarios.filter((s) => s.covers.includes(b.id)).map((s) => s.id);
    const exercisedBy = covering.filter((id) => judged.has(id));
    let why: string | undefined;
    if (exercisedBy.length === 0) {
      if (covering.length === 0) why = `no scenario covers it${b.notCovered ? `: ${b.notCovered}` : ''}`;
      else {
        const na = covering.map((id) => notApplicable.get(id)).filter((x): x is string => !!x);
        why = na.length === covering.length ? `not applicable: ${[...new Set(na)].join('; ')}` : `its scenarios (${covering.join(', ')}) were not run`;
      }
    }
    return { id: b.id, kind: b.kind, doc: b.doc, section: b.section, text: b.text, exercisedBy, ...(why ? { why } : {}) };
  });
  const exchanges = [...inputs.exchanges].filter(([id]) => judged.has(id)).flatMap(([, list]) => list);
  const operations = behaviours.filter((b) => b.kind === 'operation').map((b) => operationCoverage(b, behaviours, exchanges));
  const identities = identityCoverage(inputs, exchanges);
  const exercised = behaviours.filter((b) => b.exercisedBy.length > 0).length;
  return {
    ...(cat ? { catalogue: { file: cat.file, title: cat.title } } : {}),
    counts: {
      behaviours: behaviours.length,
      exercised,
      notExercised: behaviours.length - exercised,
      operations: operations.length,
      operationsExercised: operations.filter((o) => o.exercised).length,
    },
    operations,
    identities,
    behaviours,
  };
}

function operationCoverage(b: CoverageItem, all: CoverageItem[], exchanges: Exchange[]): OperationCoverage {
  const m = OPERATION.exec(b.text);
  const documented = sortedUnique(all.filter((x) => x.doc === b.doc).flatMap((x) => codesIn(x.text)));
  if (!m)
    return {
      id: b.id,
      text: b.text,
      exercised: b.exercisedBy.length > 0,
      responseCodes: { documented, exercised: [], notExercised: documented },
      identities: [],
    };
  const [, method, path] = m as unknown as [string, string, string];
  const pattern = pathPattern(path);
  const hits = exchanges.filter((e) => e.method === method && pattern.test(e.path));
  const exercised = sortedUnique(hits.map((e) => e.status));
  return {
    id: b.id,
    text: b.text,
    method,
    path,
    exercised: b.exercisedBy.length > 0 || hits.length > 0,
    responseCodes: { documented, exercised, notExercised: documented.filter((c) => !exercised.includes(c)) },
    identities: [...new Set(hits.map((e) => e.identity))].sort(),
  };
}

function identityCoverage(inputs: ClaimInputs, exchanges: Exchange[]): IdentityCoverage[] {
  const apiOf = new Map(inputs.scenarios.map((s) => [s.id, s.api]));
  const byApi = new Map<string, Exchange[]>();
  for (const [id, list] of inputs.exchanges) {
    const api = apiOf.get(id);
    if (!api) continue;
    byApi.set(api, [...(byApi.get(api) ?? []), ...list.filter((e) => exchanges.includes(e))]);
  }
  const out: IdentityCoverage[] = [];
  const apis = [...new Set([...Object.keys(inputs.identities), ...byApi.keys()])].sort();
  for (const api of apis) {
    const sent = byApi.get(api) ?? [];
    const names = [...new Set([...(inputs.identities[api] ?? []), ...sent.map((e) => e.identity)])].sort();
    for (const identity of names) {
      const mine = sent.filter((e) => e.identity === identity);
      out.push({ api, identity, exercised: mine.length > 0, requests: mine.length, responseCodes: sortedUnique(mine.map((e) => e.status)) });
    }
  }
  return out;
}
