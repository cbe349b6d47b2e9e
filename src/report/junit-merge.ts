// Merges JUnit XML files (one per CI shard) into one: testsuites of the same name become one, counts and times
// are summed, properties are united. Reads Vouch's own JUnit and the usual flat <testsuites><testsuite> layout.
import { escapeXml } from './junit.js';

interface Suite {
  name: string;
  counts: Record<'tests' | 'failures' | 'errors' | 'skipped', number>;
  time: number;
  timestamp?: string;
  properties: Map<string, string[]>;
  body: string[];
}

const SUITE_RE = /<testsuite(?=[\s>/])([^>]*?)(?:\/>|>([\s\S]*?)<\/testsuite>)/g;
const PROPS_RE = /<properties>([\s\S]*?)<\/properties>/;

export function attributesOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w.:-]+)="([^"]*)"/g)) out[m[1]!] = unescapeXml(m[2]!);
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? _);
}

/** The testsuites of one file; an empty list when it holds none (the caller reports it). */
export function parseSuites(xml: string): Suite[] {
  const out: Suite[] = [];
  for (const m of xml.matchAll(SUITE_RE)) {
    const a = attributesOf(m[1] ?? '');
    const inner = m[2] ?? '';
    const props = new Map<string, string[]>();
    const p = PROPS_RE.exec(inner);
    for (const pm of (p?.[1] ?? '').matchAll(/<property\s([^>]*?)\/?>/g)) {
      const pa = attributesOf(pm[1] ?? '');
      if (pa['name'] !== undefined) props.set(pa['name'], [pa['value'] ?? '']);
    }
    const num = (k: string) => Number(a[k] ?? 0) || 0;
    const counts = { tests: num('tests'), failures: num('failures'), errors: num('errors'), skipped: num('skipped') };
    out.push({
      name: a['name'] ?? '',
      counts,
      time: num('time'),
      timestamp: a['timestamp'],
      properties: props,
      body: [inner.replace(PROPS_RE, '').trim()].filter(Boolean),
    });
  }
  return out;
}

function mergeInto(into: Suite, s: Suite): void {
  for (const k of Object.keys(into.counts) as (keyof Suite['counts'])[]) into.counts[k] += s.counts[k];
  into.time += s.time;
  if (s.timestamp && (!into.timestamp || s.timestamp < into.timestamp)) into.timestamp = s.timestamp;
  for (const [k, vs] of s.properties) into.properties.set(k, [...new Set([...(into.properties.get(k) ?? []), ...vs])]);
  into.body.push(...s.body);
}

export function mergeJunit(files: { name: string; xml: string }[]): { xml: string; suites: number; tests: number; empty: string[] } {
  const byName = new Map<string, Suite>();
  const empty: string[] = [];
  for (const f of files) {
    const suites = parseSuites(f.xml);
    if (suites.length === 0) empty.push(f.name);
    for (const s of suites) {
      const have = byName.get(s.name);
      if (have) mergeInto(have, s);
      else byName.set(s.name, s);
    }
  }
  const all = [...byName.values()];
  const total = (k: keyof Suite['counts']) => all.reduce((n, s) => n + s.counts[k], 0);
  const time = all.reduce((n, s) => n + s.time, 0);
  const head = `<testsuites name="vouch" tests="${total('tests')}" failures="${total('failures')}" errors="${total('errors')}" skipped="${total('skipped')}" time="${time.toFixed(3)}">`;
  const xml = ['<?xml version="1.0" encoding="UTF-8"?>', head, ...all.map(renderSuite), '</testsuites>', ''].join('\n');
  return { xml, suites: all.length, tests: total('tests'), empty };
}

function renderSuite(s: Suite): string {
  const attrs = { name: s.name, ...s.counts, time: s.time.toFixed(3), ...(s.timestamp ? { timestamp: s.timestamp } : {}) };
  const open = `  <testsuite${Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('')}>`;
  const props = [...s.properties].map(([k, vs]) => `      <property name="${escapeXml(k)}" value="${escapeXml(vs.join(', '))}"/>`);
  const propBlock = props.length ? ['    <properties>', ...props, '    </properties>'] : [];
  return [open, ...propBlock, ...s.body.map((b) => `    ${b}`), '  </testsuite>'].join('\n');
}
