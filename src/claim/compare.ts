// Naming every difference between two claims (or two parts of one): `vouch verify` compares the bundled claim with
// the one it derives again, and the signed predicate with the claim, and says where each differs.
import { stableJson } from '../waivers/fingerprint.js';

const short = (v: unknown): string => {
  const t = v === undefined ? 'nothing' : stableJson(v);
  return t.length > 120 ? `${t.slice(0, 117)}...` : t;
};

/** Array elements are matched by their `id`, `operation`/`api`, `rule`, `feature`, `name` or `section` when they have one, else by index. */
function keyOf(v: unknown, i: number): string {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of ['id', 'rule', 'feature', 'name', 'scenario']) if (typeof o[k] === 'string') return `${k}=${o[k] as string}`;
    if (typeof o['operation'] === 'string') return `${String(o['api'] ?? '')} ${o['operation'] as string}`;
    if (typeof o['section'] === 'string') return `${String(o['doc'] ?? '')} § ${o['section'] as string}`;
    if (typeof o['identity'] === 'string') return `${String(o['api'] ?? '')} ${o['identity'] as string}`;
  }
  return String(i);
}

/** Each place where `stated` and `derived` differ: `path: stated X, derived Y`; at most `max`. */
export function differences(stated: unknown, derived: unknown, path = '', max = 20): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, at: string) => {
    if (out.length >= max) return;
    if (stableJson(a) === stableJson(b)) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      const ka = new Map(a.map((x, i) => [keyOf(x, i), x]));
      const kb = new Map(b.map((x, i) => [keyOf(x, i), x]));
      for (const [k, x] of ka) walk(x, kb.get(k), `${at}[${k}]`);
      for (const [k, x] of kb) if (!ka.has(k)) walk(undefined, x, `${at}[${k}]`);
      return;
    }
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at ? `${at}.${k}` : k);
      return;
    }
    out.push(`${at || '(whole)'}: stated ${short(a)}, derived ${short(b)}`);
  };
  walk(stated, derived, path);
  return out;
}
