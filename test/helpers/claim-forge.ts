// Forging signed certification bundles, the ways an outsider (no key) and the key holder (the vendor) could: unpack,
// edit entries, recompute the manifest's SHA-256 list, and sign the statement again with a key of one's choosing.
import type { KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { MANIFEST, SIGNATURE, sha256, type Manifest } from '../../src/evidence/bundle.js';
import { predicateOf, PREDICATE_TYPE } from '../../src/evidence/attestation.js';
import { signEnvelope, type Envelope } from '../../src/signing/dsse.js';
import { IN_TOTO_PAYLOAD_TYPE, statement, type Statement } from '../../src/signing/statement.js';
import { tarGz, untarGz, type TarEntry } from '../../src/evidence/tar.js';
import type { Claim } from '../../src/claim/types.js';

export const CLAIM = 'results/conformance.json';

export class Forgery {
  entries: TarEntry[];

  constructor(bundle: string) {
    this.entries = untarGz(readFileSync(bundle));
  }

  text(path: string): string {
    const e = this.entries.find((x) => x.path === path);
    if (!e) throw new Error(`no ${path} in the bundle`);
    return e.data.toString('utf8');
  }

  set(path: string, data: string | Buffer): this {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const i = this.entries.findIndex((x) => x.path === path);
    if (i >= 0) this.entries[i] = { path, data: bytes };
    else this.entries.push({ path, data: bytes });
    return this;
  }

  drop(path: string): this {
    this.entries = this.entries.filter((e) => e.path !== path);
    return this;
  }

  edit(path: string, fn: (text: string) => string): this {
    const before = this.text(path);
    const after = fn(before);
    if (after === before) throw new Error(`the forgery changed nothing in ${path}`);
    return this.set(path, after);
  }

  json<T>(path: string, fn: (value: T) => void): this {
    const v = JSON.parse(this.text(path)) as T;
    fn(v);
    return this.set(path, `${JSON.stringify(v, null, 2)}\n`);
  }

  claim(fn: (c: Claim) => void): this {
    return this.json<Claim>(CLAIM, fn);
  }

  manifest(fn: (m: Manifest) => void): this {
    return this.json<Manifest>(MANIFEST, fn);
  }

  /** What a careful forger does after editing files: every listed SHA-256 and size made true again. */
  recompute(): this {
    return this.manifest((m) => {
      m.files = this.entries
        .filter((e) => e.path !== MANIFEST && e.path !== SIGNATURE)
        .map((e) => ({ path: e.path, sha256: sha256(e.data), size: e.data.length }));
    });
  }

  envelope(fn: (e: Envelope) => void): this {
    return this.json<Envelope>(SIGNATURE, fn);
  }

  /** Signs the statement over the current manifest and claim with `key`; `tweak` may change it first. */
  sign(key: KeyObject, tweak?: (s: Statement<ReturnType<typeof predicateOf>>) => void, payloadType = IN_TOTO_PAYLOAD_TYPE): this {
    const claim = JSON.parse(this.text(CLAIM)) as Claim;
    const st = statement(
      [
        { name: MANIFEST, digest: { sha256: sha256(Buffer.from(this.text(MANIFEST))) } },
        { name: CLAIM, digest: { sha256: sha256(Buffer.from(this.text(CLAIM))) } },
      ],
      PREDICATE_TYPE,
      predicateOf(claim),
    );
    tweak?.(st);
    return this.set(SIGNATURE, `${JSON.stringify(signEnvelope(payloadType, Buffer.from(JSON.stringify(st)), key), null, 2)}\n`);
  }

  write(out: string): string {
    writeFileSync(out, tarGz(this.entries));
    return out;
  }
}
