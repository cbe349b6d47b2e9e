// reports/conformance.html: the claim for a reviewer, one self-contained file (inline CSS, no script, no fetch, no
// Java), read top-down in a minute: who claims what, the result, the suites' digest, a verdict per operation and doc
// section with the scenarios behind it, then coverage, options, extended features, waivers and allowed variations.
import type { Claim, ClaimVerdict, ScenarioClaim, ScenarioClaimVerdict } from './types.js';

const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1c2430;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:24px;margin:0 0 2px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d8dde4;padding-bottom:4px}
.sub{color:#5b6675;margin:0 0 14px}.mono,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.head{display:flex;gap:20px;align-items:flex-start;flex-wrap:wrap;background:#fff;border:1px solid #d8dde4;border-radius:8px;padding:16px 18px}
.head .who{flex:1 1 420px}.result{font-size:22px;font-weight:700;padding:10px 18px;border-radius:8px;color:#fff;text-transform:uppercase;letter-spacing:.03em}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0 0}.kv dt{color:#5b6675}.kv dd{margin:0;word-break:break-all}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin:14px 0 0}.card{background:#fff;border:1px solid #d8dde4;border-radius:8px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:22px}.card span{color:#5b6675;font-size:13px}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d8dde4;border-radius:8px;overflow:hidden}
th,td{text-align:left;vertical-align:top;padding:6px 10px;border-bottom:1px solid #eceff3}th{background:#eef1f5;font-weight:600;font-size:13px}
.pill{display:inline-block;padding:1px 9px;border-radius:10px;font-size:12.5px;font-weight:600;white-space:nowrap;color:#fff}
.conformant,.passed{background:#1f8a4c}.partial,.waived{background:#b7791f}.not-conformant,.failed{background:#c53030}.not-applicable,.not-declared{background:#718096}
.ok{color:#1f8a4c}.bad{color:#c53030}.muted{color:#5b6675}.fail{color:#9b2c2c;font-size:13px;margin-top:2px}
ul.sc{margin:0;padding:0;list-style:none}ul.sc li{margin:1px 0}details{background:#fff;border:1px solid #d8dde4;border-radius:8px;padding:6px 12px;margin:6px 0}
summary{cursor:pointer;font-weight:600}details.plain{border:0;padding:0;margin:0;background:none}details.plain summary{font-weight:400}
ul.sc .muted,ul.sc .fail{font-size:13px}.note{background:#fffbea;border:1px solid #ecd98b;border-radius:8px;padding:8px 12px;margin:10px 0}
`;

const cls = (v: string): string => v.replace(/ /g, '-');
const pill = (v: ClaimVerdict | ScenarioClaimVerdict | string): string => `<span class="pill ${cls(v)}">${esc(v)}</span>`;
const RESULT_COLOUR: Record<Claim['result'], string> = { conformant: '#1f8a4c', partial: '#b7791f', 'not conformant': '#c53030' };

/** The scenarios behind a verdict: each one that did not pass with its first failed check or its reason, the passed ones folded. */
function scenarioList(ids: { id: string; verdict: ScenarioClaimVerdict }[], all: Map<string, ScenarioClaim>): string {
  const passed = ids.filter((x) => x.verdict === 'passed');
  const folded = passed.length
    ? `<li><details class="plain"><summary>${pill('passed')} ${passed.length} scenario${passed.length === 1 ? '' : 's'}</summary>${passed.map((x) => `<code>${esc(x.id)}</code>`).join('<br>')}</details></li>`
    : '';
  const items = ids
    .filter((x) => x.verdict !== 'passed')
    .map(({ id, verdict }) => {
      const s = all.get(id);
      const why = s?.firstFailedCheck
        ? `<div class="fail">${esc(s.firstFailedCheck.message)}${s.firstFailedCheck.source ? ` <span class="mono muted">${esc(s.firstFailedCheck.source)}</span>` : ''}</div>`
        : '';
      const waived = s?.waiver ? `<div class="muted">waived: ${esc(s.waiver.ticket)} until ${esc(s.waiver.expires)}: ${esc(s.waiver.reason)}</div>` : '';
      const na = s?.notApplicable ? `<div class="muted">${esc(s.notApplicable.declaration)}</div>` : '';
      return `<li>${pill(verdict)} <code>${esc(id)}</code>${why}${waived}${na}</li>`;
    });
  return `<ul class="sc">${items.join('')}${folded}</ul>`;
}

function operationsTable(c: Claim, all: Map<string, ScenarioClaim>): string {
  const rows = c.operations.map(
    (o) =>
      `<tr><td>${esc(o.api)}</td><td><b>${esc(o.operation)}</b><div class="muted">${o.sections.map(esc).join('<br>')}</div></td><td>${pill(o.verdict)}</td><td>${scenarioList(o.scenarios, all)}</td></tr>`,
  );
  return `<table><tr><th>API</th><th>Documented operation</th><th>Verdict</th><th>Scenarios behind it (first failed check)</th></tr>${rows.join('')}</table>`;
}

function sectionsTable(c: Claim): string {
  const rows = c.sections.map(
    (s) =>
      `<tr><td>${esc(s.api)}</td><td class="mono">${esc(s.doc)}</td><td>${esc(s.section)}</td><td>${pill(s.verdict)}</td><td class="mono">${s.scenarios.map((x) => esc(x.id)).join('<br>')}</td></tr>`,
  );
  return `<table><tr><th>API</th><th>Document</th><th>Section</th><th>Verdict</th><th>Scenarios</th></tr>${rows.join('')}</table>`;
}

function coverageSection(c: Claim): string {
  const cov = c.coverage;
  const codes = (xs: number[], ok: boolean) =>
    xs.length ? xs.map((x) => `<span class="${ok ? 'ok' : 'bad'}">${x}</span>`).join(' ') : '<span class="muted">none</span>';
  const ops = cov.operations.map(
    (o) =>
      `<tr><td>${o.exercised ? '<span class="ok">✓</span>' : '<span class="bad">✗</span>'} <code>${esc(o.id)}</code></td><td>${esc(o.method && o.path ? `${o.method} ${o.path}` : o.text)}</td><td>${codes(o.responseCodes.exercised, true)}</td><td>${codes(o.responseCodes.notExercised, false)}</td><td>${o.identities.map(esc).join(', ') || '<span class="muted">—</span>'}</td></tr>`,
  );
  const ids = cov.identities.map(
    (i) =>
      `<tr><td>${esc(i.api)}</td><td><code>${esc(i.identity)}</code></td><td>${i.exercised ? `<span class="ok">✓</span> ${i.requests} requests` : '<span class="bad">✗ not exercised</span>'}</td><td>${i.responseCodes.join(' ')}</td></tr>`,
  );
  const missing = cov.behaviours.filter((b) => b.exercisedBy.length === 0);
  const list = missing.map(
    (b) => `<tr><td><code>${esc(b.id)}</code></td><td>${esc(b.kind)}</td><td>${esc(b.text)}</td><td class="muted">${esc(b.why ?? '')}</td></tr>`,
  );
  return `<p>${cov.counts.exercised} of ${cov.counts.behaviours} documented behaviours exercised${cov.catalogue ? ` (catalogue <code>${esc(cov.catalogue.file)}</code>)` : ''}; ${cov.counts.operationsExercised} of ${cov.counts.operations} documented operations.</p>
<table><tr><th>Operation</th><th>Request</th><th>Codes exercised</th><th>Documented codes not exercised</th><th>Identities</th></tr>${ops.join('')}</table>
<h3>Identities</h3><table><tr><th>API</th><th>Identity</th><th>Exercised</th><th>Codes it got</th></tr>${ids.join('')}</table>
<details><summary>${missing.length} documented behaviours not exercised, and why</summary><table><tr><th>Id</th><th>Kind</th><th>Behaviour</th><th>Why not</th></tr>${list.join('')}</table></details>`;
}

function declarations(c: Claim): string {
  const opts = c.options.map(
    (o) =>
      `<tr><td><code>${esc(o.name)}</code></td><td>${esc(String(o.value))}</td><td>${o.declared ? esc(o.declaration) : `<span class="muted">${esc(o.declaration)}</span>`}</td><td class="mono">${o.notApplicable.map(esc).join('<br>') || '<span class="muted">none</span>'}</td></tr>`,
  );
  const ext = c.extended.map(
    (e) =>
      `<tr><td><code>${esc(e.feature)}</code></td><td>${e.declared ? 'declared' : '<span class="muted">not declared</span>'}</td><td>${pill(e.result)}</td><td class="mono">${e.scenarios.map((x) => esc(x.id)).join('<br>')}</td></tr>`,
  );
  return `<h3>Declared options</h3>${opts.length ? `<table><tr><th>Option</th><th>Value</th><th>Declaration (quoted)</th><th>Made not applicable</th></tr>${opts.join('')}</table>` : '<p class="muted">The suites have no deployment options.</p>'}
<h3>Extended features</h3>${ext.length ? `<table><tr><th>Feature</th><th>Vendor</th><th>Result</th><th>Scenarios</th></tr>${ext.join('')}</table>` : '<p class="muted">The suites have no extended features: every scenario is core.</p>'}`;
}

function waivers(c: Claim): string {
  const w = c.waivers;
  const row = (x: { scenario: string; ticket: string; expires: string; reason: string }, extra = '') =>
    `<tr><td><code>${esc(x.scenario)}</code></td><td>${esc(x.ticket)}</td><td>${esc(x.expires)}</td><td>${esc(x.reason)}${extra}</td></tr>`;
  const head = '<tr><th>Scenario</th><th>Ticket</th><th>Expires</th><th>Reason</th></tr>';
  const parts = [
    `<p>${w.file ? `From <code>${esc(w.file)}</code>, judged on ${esc(w.asOf)}.` : 'No waivers file.'} A waiver waives one scenario's exact failed checks; a waived scenario never counts as passed.</p>`,
  ];
  parts.push(
    w.applied.length
      ? `<h3>Applied (${w.applied.length})</h3><table>${head}${w.applied.map((x) => row(x)).join('')}</table>`
      : '<p class="muted">No waiver applied.</p>',
  );
  if (w.unused.length)
    parts.push(
      `<h3>Unused (${w.unused.length}): remove them</h3><table>${head}${w.unused.map((x) => row(x, `<div class="muted">${esc(x.why)}</div>`)).join('')}</table>`,
    );
  if (w.expired.length)
    parts.push(`<h3 class="bad">Expired (${w.expired.length}): they waive nothing</h3><table>${head}${w.expired.map((x) => row(x)).join('')}</table>`);
  return parts.join('\n');
}

function variations(c: Claim): string {
  if (!c.variations.length) return '<p class="muted">No difference from the documented examples needed allowing.</p>';
  const rows = c.variations.map(
    (v) =>
      `<tr><td><code>${esc(v.rule)}</code></td><td>${v.notes}</td><td>${esc(v.allows ?? '')}</td><td class="mono">${v.scenarios.map(esc).join('<br>')}</td></tr>`,
  );
  return `<p>What the variation model let this server do differently from the documented examples, by rule (notes, never failures).</p><table><tr><th>Rule</th><th>Notes</th><th>A faithful server may</th><th>Scenarios</th></tr>${rows.join('')}</table>`;
}

export interface HtmlExtras {
  /** The signing key's id, when the claim was signed. */
  keyid?: string;
  /** The evidence bundle's file name, for the verify line. */
  bundle?: string;
}

export function claimHtml(c: Claim, extras: HtmlExtras = {}): string {
  const all = new Map(c.scenarios.map((s) => [s.id, s]));
  const p = c.product;
  const targets = c.targets.map((t) => `${esc(t.api)}: ${esc(t.url)}${t.reportedVersion ? ` (reports ${esc(t.reportedVersion)})` : ''}`).join('<br>');
  const bundle = extras.bundle ?? 'BUNDLE.tar.gz';
  const n = c.counts;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Conformance claim: ${esc(p.product)} ${esc(p.version)} — ${esc(c.result)}</title><style>${CSS}</style></head>
<body><main>
<div class="head"><div class="who"><h1>${esc(p.product)} ${esc(p.version)}</h1><p class="sub">by ${esc(p.vendor)} · ${esc(p.contact)}</p>
<dl class="kv"><dt>Targets</dt><dd>${targets || '<span class="muted">none</span>'}</dd>
<dt>Suites digest</dt><dd class="mono">${esc(c.suites.digest)} ${c.suites.digest === c.suites.pinned ? '<span class="ok">= pinned</span>' : `<span class="bad">≠ pinned ${esc(c.suites.pinned)}</span>`}</dd>
<dt>Suites</dt><dd class="mono">${c.suites.paths.map(esc).join(', ')} (${c.suites.files} files)</dd>
<dt>Run</dt><dd>${esc(c.run.id)}, ${esc(c.run.mode)}, ${esc(c.run.startedAt)} · Vouch ${esc(c.vouch.version)}</dd>
${extras.keyid ? `<dt>Signed</dt><dd class="mono">ed25519 key ${esc(extras.keyid)}</dd>` : ''}</dl></div>
<div><div class="result" style="background:${RESULT_COLOUR[c.result]}">${esc(c.result)}</div><p class="muted" style="max-width:220px;font-size:13px">Core result over every applicable core scenario. Extended features are listed apart.</p></div></div>
<div class="cards"><div class="card"><b class="ok">${n.passed}</b><span>passed</span></div><div class="card"><b class="bad">${n.failed}</b><span>failed</span></div><div class="card"><b>${n.waived}</b><span>waived (never passed)</span></div><div class="card"><b>${n['not applicable']}</b><span>not applicable</span></div><div class="card"><b>${c.coverage.counts.exercised}/${c.coverage.counts.behaviours}</b><span>documented behaviours exercised</span></div><div class="card"><b>${c.variations.reduce((a, v) => a + v.notes, 0)}</b><span>allowed variations (notes)</span></div></div>
<h2>Verdict per documented operation</h2>${operationsTable(c, all)}
<h2>Verdict per documentation section</h2>${sectionsTable(c)}
<h2>Coverage</h2>${coverageSection(c)}
<h2>Declared options and extended features</h2>${declarations(c)}
<h2>Waivers</h2>${waivers(c)}
<h2>Allowed variations</h2>${variations(c)}
<h2>Checking this claim</h2><div class="note">This page renders <code>conformance.json</code>. A reviewer checks the signed evidence offline, with the vendor's public key and the digest the certifier published:<br>
<code>vouch verify ${esc(bundle)} --key VENDOR.pub --suites-digest ${esc(c.suites.pinned)}</code><br>It checks the signature, every file's SHA-256 and the suites' digest, replays every scenario from its cassettes and derives each verdict, waiver and coverage figure again; any difference is named.</div>
</main></body></html>
`;
}
