// A small ustar writer and reader (regular files only, PAX records for long paths) with gzip: enough for evidence
// bundles, readable by `tar xzf`, and no dependency. Unsafe paths (absolute, `..`) are refused when reading.
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

export function safePath(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !p.includes('\\') && !p.split('/').some((s) => s === '..');
}

/** The regular files of a .tar.gz; directories are skipped; any other kind of entry or an unsafe path throws. */
export function untarGz(gz: Buffer): TarEntry[] {
  const buf = gunzipSync(gz);
  const out: TarEntry[] = [];
  let pending: string | undefined;
  for (let off = 0; off + BLOCK <= buf.length; ) {
    const h = buf.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156] ?? 48);
    const data = buf.subarray(off + BLOCK, off + BLOCK + size);
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const prefix = field(h, 345, 155);
    const name = pending ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    if (type === 'x') pending = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
    if (type === 'x' || type === 'g') continue;
    pending = undefined;
    if (type === '5') continue;
    if (type !== '0' && type !== '\0') throw new Error(`${name}: entry of type '${type}' (links and devices are not allowed in a bundle)`);
    const path = name.replace(/^\.\//, '');
    if (!safePath(path)) throw new Error(`${name}: unsafe path in the archive`);
    out.push({ path, data: Buffer.from(data) });
  }
  return out;
}
