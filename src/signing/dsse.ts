// DSSE envelopes (github.com/secure-systems-lab/dsse, protocol v1) signed with ed25519 through node:crypto. Written
// here, in a few lines, rather than taken from a package: the maintained DSSE/in-toto libraries for JavaScript
// (sigstore's) are built around keyless signing with Fulcio and Rekor, which needs the network this signs without.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export interface Signature {
  keyid: string;
  sig: string;
}

export interface Envelope {
  payloadType: string;
  /** base64 of the payload's bytes. */
  payload: string;
  signatures: Signature[];
}

/** The Pre-Authentication Encoding: `DSSEv1 SP LEN(type) SP type SP LEN(body) SP body`, lengths in ASCII decimal bytes. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

/** A key's id: the SHA-256 of its public key (SPKI, DER), hex. A hint for finding the key, never trusted. */
export function keyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function signEnvelope(payloadType: string, payload: Buffer, key: KeyObject): Envelope {
  const sig = sign(null, pae(payloadType, payload), key);
  return { payloadType, payload: payload.toString('base64'), signatures: [{ keyid: keyId(key), sig: sig.toString('base64') }] };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The envelope's shape, or what is wrong with it (one line). */
export function parseEnvelope(value: unknown): Envelope | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'the envelope is not a JSON object';
  const e = value as Record<string, unknown>;
  if (typeof e['payloadType'] !== 'string' || e['payloadType'] === '') return 'the envelope has no payloadType';
  if (typeof e['payload'] !== 'string' || !BASE64.test(e['payload']) || e['payload'].length % 4 !== 0) return "the envelope's payload is not base64";
  if (!Array.isArray(e['signatures']) || e['signatures'].length === 0) return 'the envelope holds no signature';
  for (const [i, s] of (e['signatures'] as unknown[]).entries()) {
    const sig = s as Record<string, unknown> | null;
    if (!sig || typeof sig !== 'object' || typeof sig['sig'] !== 'string' || !BASE64.test(sig['sig']) || sig['sig'].length % 4 !== 0)
      return `signatures[${i}].sig is not base64`;
    if (sig['keyid'] !== undefined && typeof sig['keyid'] !== 'string') return `signatures[${i}].keyid is not a string`;
  }
  return {
    payloadType: e['payloadType'],
    payload: e['payload'],
    signatures: (e['signatures'] as Signature[]).map((s) => ({ keyid: s.keyid ?? '', sig: s.sig })),
  };
}

/** True when one of the envelope's signatures is the key's over PAE(payloadType, payload). */
export function verifyEnvelope(env: Envelope, key: KeyObject): boolean {
  const message = pae(env.payloadType, Buffer.from(env.payload, 'base64'));
  return env.signatures.some((s) => {
    const sig = Buffer.from(s.sig, 'base64');
    // ed25519 signatures are 64 bytes; node:crypto throws on other lengths for some key types.
    if (sig.length !== 64) return false;
    try {
      return verify(null, message, key, sig);
    } catch {
      return false;
    }
  });
}
