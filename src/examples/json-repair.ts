// Reads the almost-JSON that documentation pages contain: bare placeholders (`[integer]`, `"id": string`),
// trailing commas and Markdown escapes (`\{`). Each repair is listed, so an imported example says what was fixed.

export interface Repaired {
  value: unknown;
  repairs: string[];
}

export class JsonRepairError extends Error {}

const KEEP_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);
const MARKDOWN_ESCAPES = new Set(['{', '}', '[', ']', '*', '_', '#', '<', '>', '`']);

interface Scan {
  src: string;
  i: number;
  out: string;
  repairs: Set<string>;
}

/** Parses documentation JSON, repairing what docs commonly get wrong; throws JsonRepairError when it is not JSON at all. */
export function repairJson(text: string): Repaired {
  const s: Scan = { src: text.replace(/\u00a0/g, ' '), i: 0, out: '', repairs: new Set() };
  while (s.i < s.src.length) step(s);
  try {
    return { value: JSON.parse(s.out), repairs: [...s.repairs] };
  } catch (e) {
    throw new JsonRepairError(`not JSON even after repairs: ${(e as Error).message}`);
  }
}

function step(s: Scan): void {
  const c = s.src[s.i]!;
  if (c === '"') return string(s);
  if (c === '\\' && MARKDOWN_ESCAPES.has(s.src[s.i + 1] ?? '')) {
    s.repairs.add(`removed Markdown escape \\${s.src[s.i + 1]}`);
    s.i++;
    return;
  }
  if (c === ',' && /^\s*[}\]]/.test(s.src.slice(s.i + 1))) {
    s.repairs.add('removed trailing comma');
    s.i++;
    return;
  }
  const word = /^[A-Za-z_][\w-]*(\([\w-]+\))?/.exec(s.src.slice(s.i));
  if (word) return bareWord(s, word[0]);
  const num = /^-?\d[\d.eE+-]*/.exec(s.src.slice(s.i));
  const tok = num ? num[0] : c;
  s.out += tok;
  s.i += tok.length;
}

function bareWord(s: Scan, w: string): void {
  if (w === 'true' || w === 'false' || w === 'null') s.out += w;
  else {
    s.out += JSON.stringify(w);
    s.repairs.add(`quoted bare placeholder ${w}`);
  }
  s.i += w.length;
}

function string(s: Scan): void {
  s.out += '"';
  s.i++;
  while (s.i < s.src.length) {
    const c = s.src[s.i]!;
    if (c === '\\') {
      const next = s.src[s.i + 1] ?? '';
      if (KEEP_ESCAPES.has(next)) s.out += c + next;
      else {
        s.out += next;
        s.repairs.add(`removed Markdown escape \\${next}`);
      }
      s.i += 2;
      continue;
    }
    s.out += c;
    s.i++;
    if (c === '"') return;
  }
}
