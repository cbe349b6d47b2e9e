// Field paths as users write them (`spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`,
// wildcards `status.conditions[*].lastTransitionTime`, selectors `status.conditions[type=Complete].status`):
// parsing, reading, and rendering.

/** `[type=Complete]`: the first element of a list whose field `key` is the string `equals` (lists are unordered sets). */
export interface Selector {
  key: string;
  equals: string;
}

export type Segment = string | number | Selector;

export function isSelector(s: Segment | undefined): s is Selector {
  return typeof s === 'object' && s !== null;
}

export function parseFieldPath(path: string): Segment[] {
  const segs: Segment[] = [];
  const re = /([^.[\]]+)|\[(\d+|\*)\]|\["((?:[^"\\]|\\.)*)"\]|\['([^']*)'\]|\[([A-Za-z_][\w-]*)=([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(path)) !== null) {
    const between = path.slice(last, m.index);
    if (between !== '' && between !== '.') throw new Error(`cannot read field path '${path}' near '${between}'`);
    last = re.lastIndex;
    if (m[1] !== undefined) segs.push(m[1]);
    else if (m[2] !== undefined) segs.push(m[2] === '*' ? '*' : Number(m[2]));
    else if (m[3] !== undefined) segs.push(m[3].replace(/\\(.)/g, '$1'));
    else if (m[4] !== undefined) segs.push(m[4]);
    else if (m[5] !== undefined) segs.push({ key: m[5], equals: unquote(m[6]!) });
  }
  if (last !== path.length) throw new Error(`cannot read field path '${path}'`);
  return segs;
}

function unquote(v: string): string {
  const m = /^"(.*)"$|^'(.*)'$/.exec(v);
  return m ? (m[1] ?? m[2]!) : v;
}

export function formatFieldPath(segs: readonly Segment[]): string {
  return segs.reduce<string>((acc, s) => {
    if (typeof s === 'number') return `${acc}[${s}]`;
    if (isSelector(s)) return `${acc}[${s.key}=${/^[\w.:/-]+$/.test(s.equals) ? s.equals : JSON.stringify(s.equals)}]`;
    if (s === '*') return `${acc}[*]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(s)) return acc ? `${acc}.${s}` : s;
    return `${acc}[${JSON.stringify(s)}]`;
  }, '');
}

const MISSING: unique symbol = Symbol('missing');
export type Missing = typeof MISSING;
export const missing: Missing = MISSING;

/** Reads one value; `missing` when any segment is absent (distinct from a present `null`). */
export function getField(root: unknown, segs: readonly Segment[]): unknown | Missing {
  let cur: unknown = root;
  for (const s of segs) {
    if (isSelector(s)) {
      const hit = Array.isArray(cur) ? cur.find((x) => x !== null && typeof x === 'object' && (x as Record<string, unknown>)[s.key] === s.equals) : undefined;
      if (hit === undefined) return missing;
      cur = hit;
    } else if (Array.isArray(cur) && typeof s === 'number') {
      if (s >= cur.length) return missing;
      cur = cur[s];
    } else if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && typeof s === 'string') {
      if (!Object.hasOwn(cur, s)) return missing;
      cur = (cur as Record<string, unknown>)[s];
    } else if (Array.isArray(cur) && typeof s === 'string' && /^\d+$/.test(s)) {
      const i = Number(s);
      if (i >= cur.length) return missing;
      cur = cur[i];
    } else {
      return missing;
    }
  }
  return cur;
}

/** Does a concrete path match a pattern with `*` wildcards (a pattern that is a prefix matches its subtree)? */
export function pathMatches(pattern: readonly Segment[], concrete: readonly Segment[]): boolean {
  if (pattern.length > concrete.length) return false;
  return pattern.every((p, i) => p === '*' || p === concrete[i] || (!isSelector(p) && !isSelector(concrete[i]) && String(p) === String(concrete[i])));
}

/** JSON pointer (`/a/0/b`) to segments. */
export function parsePointer(pointer: string): Segment[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
