// A small ustar writer and reader (regular files only, PAX records for long paths) with gzip: enough for evidence
// bundles, readable by `tar xzf`, and no dependency. Reading refuses unsafe and non-canonical names, duplicates,
// links and devices, and stops at a size and an entry count.
import buffer from 'node:buffer';
import { gunzipSync, gzipSync } from 'node:zlib';

export interface TarEntry {
  path: string;
  data: Buffer;
}

const BLOCK = 512;

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, type: '0' | 'x', mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(mtime, 12), 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

function pad(data: Buffer): Buffer[] {
  const rest = data.length % BLOCK;
  return rest ? [data, Buffer.alloc(BLOCK - rest)] : [data];
}

/** A PAX record `LEN path=VALUE\n`, where LEN counts the whole record, its own digits included. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len++;
  return Buffer.from(`${len}${body}`, 'utf8');
}

export function tarGz(entries: TarEntry[], mtime = Math.floor(Date.now() / 1000)): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (Buffer.byteLength(e.path) > 99) {
      const pax = paxRecord('path', e.path);
      parts.push(header(`PaxHeader/${e.path.slice(-80)}`, pax.length, 'x', mtime), ...pad(pax));
    }
    parts.push(header(e.path.slice(0, 99), e.data.length, '0', mtime), ...pad(e.data));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}

function field(h: Buffer, start: number, len: number): string {
  const raw = h.subarray(start, start + len);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? len : end).toString('utf8');
}

/** What a reader accepts: the unpacked size (the tar stream, headers included) and the number of files. */
export interface TarLimits {
  maxBytes: number;
  maxEntries: number;
}

const NO_LIMITS: TarLimits = { maxBytes: Number.MAX_SAFE_INTEGER, maxEntries: Number.MAX_SAFE_INTEGER };

/** Why an archive was refused: a limit passed (`too-big`, `too-many`), an entry not allowed, or not a tar.gz at all. */
export class TarError extends Error {
  constructor(
    readonly kind: 'too-big' | 'too-many' | 'entry' | 'format',
    message: string,
  ) {
    super(message);
    this.name = 'TarError';
  }
}

/**
 * The one spelling of an entry's name that is accepted: relative, `/`-separated, with no empty, `.` or `..` segment,
 * no backslash and no control character (a leading `./`, as `tar -C dir .` writes it, is dropped). Anything else is
 * refused rather than normalised, so that two entries can never land on one file unnoticed.
 */
export function canonicalName(raw: string): string | undefined {
  const path = raw.startsWith('./') ? raw.slice(2) : raw;
  if (path === '' || path.startsWith('/') || /[\\\u0000-\u001f\u007f-\u009f]/.test(path)) return undefined;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..') ? path : undefined;
}

/** Names that are one file on a case-insensitive or normalising file system (macOS, Windows) are duplicates too. */
const sameFileKey = (path: string): string => path.normalize('NFC').toLowerCase();

function gunzipCapped(gz: Buffer, maxBytes: number): Buffer {
  try {
    return gunzipSync(gz, { maxOutputLength: Math.max(1, Math.min(maxBytes, buffer.kMaxLength)) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new TarError('too-big', `it unpacks to more than ${maxBytes} bytes`);
    throw new TarError('format', `not a gzip file (${(e as Error).message})`);
  }
}

/**
 * The regular files of a .tar.gz, within the limits. Directories are skipped; links, devices, unsafe or
 * non-canonical names and two entries for one file are refused, with the entry named.
 */
export function untarGz(gz: Buffer, limits: TarLimits = NO_LIMITS): TarEntry[] {
  const buf = gunzipCapped(gz, limits.maxBytes);
  const out: TarEntry[] = [];
  const seen = new Map<string, string>();
  let pending: string | undefined;
  for (let off = 0; off + BLOCK <= buf.length; ) {
    const h = buf.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    const sizeField = field(h, 124, 12).trim();
    const size = sizeField === '' ? 0 : /^[0-7]+$/.test(sizeField) ? parseInt(sizeField, 8) : NaN;
    if (!Number.isSafeInteger(size) || off + BLOCK + size > buf.length) throw new TarError('format', `a damaged entry header at byte ${off}`);
    const type = String.fromCharCode(h[156] ?? 48);
    const data = buf.subarray(off + BLOCK, off + BLOCK + size);
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const prefix = field(h, 345, 155);
    const name = pending ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    if (type === 'x') pending = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
    if (type === 'x' || type === 'g') continue;
    pending = undefined;
    if (type === '5') continue;
    if (type !== '0' && type !== '\0')
      throw new TarError('entry', `${JSON.stringify(name)}: an entry of type '${type}' (links and devices are not allowed in a bundle)`);
    const path = canonicalName(name);
    if (path === undefined)
      throw new TarError(
        'entry',
        `${JSON.stringify(name)}: unsafe path in the archive (absolute, '..', an empty or '.' segment, a backslash or a control character)`,
      );
    const twin = seen.get(sameFileKey(path));
    if (twin !== undefined) throw new TarError('entry', `${JSON.stringify(name)}: a second entry for the file ${JSON.stringify(twin)}`);
    seen.set(sameFileKey(path), name);
    if (out.length >= limits.maxEntries) throw new TarError('too-many', `it holds more than ${limits.maxEntries} files`);
    out.push({ path, data: Buffer.from(data) });
  }
  refuseFileFolders(seen);
  return out;
}

/** `a/b` as a file and `a/b/c` as another cannot both be unpacked: one of them would be lost or would fail. */
function refuseFileFolders(seen: Map<string, string>): void {
  for (const [key, name] of seen) {
    const segs = key.split('/');
    for (let i = 1; i < segs.length; i++) {
      const folder = seen.get(segs.slice(0, i).join('/'));
      if (folder !== undefined) throw new TarError('entry', `${JSON.stringify(name)}: inside ${JSON.stringify(folder)}, which is a file`);
    }
  }
}
