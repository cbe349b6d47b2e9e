// The suite digest: one SHA-256 that names a set of suite files exactly, so a certifier can publish it and a vendor
// pin it. Canonical and reproducible with standard tools: the SHA-256 of the listing
//   <sha256 of the file's bytes, lower-case hex><two spaces><path relative to the project, forward slashes>\n
// one line per file, sorted by path in byte order (UTF-8): `sha256sum`'s own output format, so
//   sha256sum FILES... | LC_ALL=C sort -k 2 | sha256sum
// gives the same hash. A changed byte, a renamed, added or removed file gives another digest.
import { createHash } from 'node:crypto';

export interface DigestFile {
  path: string;
  data: Buffer;
}

export const DIGEST_PREFIX = 'sha256:';

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** The listing the digest is the hash of (sha256sum's format, in byte order of the paths). */
export function digestListing(files: readonly DigestFile[]): string {
  const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8')));
  return sorted.map((f) => `${sha(f.data)}  ${f.path}\n`).join('');
}

export function suitesDigest(files: readonly DigestFile[]): string {
  return `${DIGEST_PREFIX}${sha(digestListing(files))}`;
}

/** `sha256:<64 hex>`, or the 64 hex digits alone. */
export function normalizeDigest(d: string): string | undefined {
  const m = /^(?:sha256:)?([0-9a-f]{64})$/i.exec(d.trim());
  return m ? `${DIGEST_PREFIX}${m[1]!.toLowerCase()}` : undefined;
}
