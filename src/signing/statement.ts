// in-toto Statement v1 (github.com/in-toto/attestation, spec/v1/statement.md): the subjects a signature speaks for,
// each named with its SHA-256, and a typed predicate saying what is claimed about them.
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface Statement<P = unknown> {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: string;
  predicate: P;
}

export function statement<P>(subject: Subject[], predicateType: string, predicate: P): Statement<P> {
  return { _type: STATEMENT_TYPE, subject, predicateType, predicate };
}

/** The statement's shape, or what is wrong with it (one line). */
export function parseStatement(bytes: Buffer): Statement | string {
  let v: unknown;
  try {
    v = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    return `the signed payload is not JSON: ${(e as Error).message}`;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'the signed payload is not a JSON object';
  const s = v as Record<string, unknown>;
  if (s['_type'] !== STATEMENT_TYPE) return `the signed payload is not an in-toto Statement v1 (_type ${JSON.stringify(s['_type'])})`;
  if (!Array.isArray(s['subject']) || s['subject'].length === 0) return 'the statement names no subject';
  for (const [i, x] of (s['subject'] as unknown[]).entries()) {
    const sub = x as { name?: unknown; digest?: { sha256?: unknown } } | null;
    if (!sub || typeof sub.name !== 'string' || typeof sub.digest?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sub.digest.sha256))
      return `subject[${i}] is not a name with a sha256 digest`;
  }
  if (typeof s['predicateType'] !== 'string') return 'the statement has no predicateType';
  if (!s['predicate'] || typeof s['predicate'] !== 'object') return 'the statement has no predicate';
  return v as Statement;
}
