// Every form a secret takes in text (SECRET_FORMS), and the matcher that finds and replaces all of a run's secrets,
// in every form, in one pass. What is a secret is decided in secrets.ts.
import { escapeRegex } from '../util/regex.js';
import { MIN_SECRET_LENGTH, type NamedSecret, REDACTED } from './secrets.js';

/** A derived form (encoded, or a half) shorter than this would match ordinary text. */
const MIN_FORM_LENGTH = 8;
/** A secret this long is also found by its halves: split in two, one part keeps at least the first or the last half. */
const MIN_SPLIT_LENGTH = 24;
/** A half is only looked for when it mixes letters and digits: the first half of `interrupt-token-1` is a word. */
const randomLooking = (s: string): boolean => /[A-Za-z]/.test(s) && /\d/.test(s);

/** How a form writes its secret, for messages. */
export type FormKind = 'as is' | 'percent-encoded' | 'form-encoded' | 'JSON-escaped' | 'hex-encoded' | 'base64-encoded' | 'in part (half of it)';

export interface FormRule {
  how: FormKind;
  /** The texts searched for and replaced: the secret in this form, or the part of it that does not depend on neighbouring text. */
  texts(value: string, bytes: Buffer): string[];
  /** A derived form is searched for only when its text is long enough not to match ordinary text by chance. */
  derived: boolean;
  /** Text as an encoder would write the secret in this form, with something around it: what the scanner must flag. */
  example(value: string): string;
}

/**
 * Every form a secret is scrubbed in, and so searched for: as is, percent-encoded, form-encoded, JSON-escaped, hex,
 * base64 (standard and URL-safe) at each of the three alignments it can have inside a longer base64 text, and for a
 * long secret its first and last halves, so that a secret split in two is still found.
 */
export const SECRET_FORMS: readonly FormRule[] = [
  { how: 'as is', texts: (v) => [v], derived: false, example: (v) => `echo: ${v}.` },
  { how: 'percent-encoded', texts: (v) => [encodeURIComponent(v)], derived: false, example: (v) => `GET /x?q=${encodeURIComponent(v)}&page=2` },
  { how: 'form-encoded', texts: (v) => [formEncode(v)], derived: false, example: (v) => new URLSearchParams({ user: 'u', q: v }).toString() },
  { how: 'JSON-escaped', texts: (v) => [JSON.stringify(v).slice(1, -1)], derived: false, example: (v) => JSON.stringify({ echo: v }) },
  {
    how: 'hex-encoded',
    texts: (_, b) => [b.toString('hex'), b.toString('hex').toUpperCase()],
    derived: true,
    example: (v) => `digest ${Buffer.from(`x:${v}`).toString('hex')}`,
  },
  { how: 'base64-encoded', texts: (_, b) => base64Forms(b), derived: true, example: (v) => `Basic ${Buffer.from(`user:${v}`).toString('base64')}` },
  { how: 'in part (half of it)', texts: halves, derived: true, example: (v) => `first part: ${v.slice(0, Math.ceil(v.length / 2))} (cut)` },
];

const formEncode = (v: string): string => new URLSearchParams({ v }).toString().slice(2);

function halves(value: string): string[] {
  if (value.length < MIN_SPLIT_LENGTH) return [];
  const half = Math.ceil(value.length / 2);
  return [value.slice(0, half), value.slice(-half)].filter(randomLooking);
}

function base64Forms(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const n = lead + bytes.length;
    const text = Buffer.concat([Buffer.alloc(lead), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    // Characters fixed by the secret's bytes alone: from the first one after the leading bytes, up to the last
    // complete 6 bits of the secret's last byte.
    const start = [0, 2, 3][lead]!;
    const end = Math.floor(n / 3) * 4 + [0, 1, 2][n % 3]!;
    const core = text.slice(start, end);
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

export interface SecretForm {
  text: string;
  how: FormKind;
}

/** The texts of every form (SECRET_FORMS) of a secret long enough to look for, longest first, each once (under its first form). */
export function secretForms(value: string): SecretForm[] {
  if (value.length < MIN_SECRET_LENGTH) return [];
  const bytes = Buffer.from(value, 'utf8');
  const seen = new Set<string>();
  return SECRET_FORMS.flatMap((f) =>
    f
      .texts(value, bytes)
      .filter((text) => !f.derived || text.length >= MIN_FORM_LENGTH)
      .map((text) => ({ text, how: f.how })),
  )
    .filter((f) => !seen.has(f.text) && seen.add(f.text))
    .sort((a, b) => b.text.length - a.text.length);
}

export interface SecretHit {
  index: number;
  length: number;
  /** The name of the secret found (its NamedSecret's name). */
  name: string;
  how: FormKind;
}

/** A set of secrets, searched and replaced in one pass over a text, whatever form each takes. */
export class SecretMatcher {
  private byForm = new Map<string, { name: string; how: FormKind }>();
  private values = new Set<string>();
  private re: RegExp | undefined;

  constructor(secrets: readonly NamedSecret[] = []) {
    this.add(secrets);
  }

  get size(): number {
    return this.byForm.size;
  }

  /** Adds secrets (values already known are kept under their first name); true when one was new. */
  add(secrets: readonly NamedSecret[]): boolean {
    let changed = false;
    for (const s of secrets) {
      if (this.values.has(s.value)) continue;
      this.values.add(s.value);
      for (const form of secretForms(s.value)) {
        if (this.byForm.has(form.text)) continue;
        this.byForm.set(form.text, { name: s.name, how: form.how });
        changed = true;
      }
    }
    if (changed) {
      const forms = [...this.byForm.keys()].sort((a, b) => b.length - a.length);
      this.re = new RegExp(forms.map(escapeRegex).join('|'), 'g');
    }
    return changed;
  }

  replace(text: string): string {
    if (!this.re) return text;
    this.re.lastIndex = 0;
    return this.re.test(text) ? text.replace(this.re, REDACTED) : text;
  }

  find(text: string): SecretHit[] {
    if (!this.re) return [];
    return [...text.matchAll(this.re)].map((m) => ({
      index: m.index ?? 0,
      length: m[0].length,
      ...(this.byForm.get(m[0]) ?? { name: 'a secret', how: 'as is' as const }),
    }));
  }
}
