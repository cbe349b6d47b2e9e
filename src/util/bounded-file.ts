// Reads a file that a suite names (a scenario, a body, a schema, an example) without trusting it: only a regular
// file, never more than a set number of bytes. A FIFO would block the reader forever and /dev/zero would fill memory.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** The default cap on a file a suite refers to (`limits.fileBytes` in vouch.config.yaml). */
export const DEFAULT_FILE_BYTES = 10 * 1024 * 1024;

export type FileProblem = 'missing' | 'not-regular' | 'too-large' | 'unreadable';

export type BoundedRead = { ok: true; text: string } | { ok: false; problem: FileProblem; message: string };

/** What kind of file system entry a stat describes, in words, for messages. */
export function entryKind(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${n} bytes`;
}

/**
 * Opens without blocking (a FIFO with no writer would otherwise hang the open), checks the opened file itself (no
 * window between a check and the open), and reads at most `maxBytes` + 1 bytes, so a file that grows is caught too.
 */
export function readBoundedFile(path: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return { ok: false, problem: 'missing', message: 'does not exist' };
    return { ok: false, problem: 'unreadable', message: `cannot be opened: ${err.code ?? err.message}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, problem: 'not-regular', message: `is ${entryKind(st)}, not a regular file` };
    if (st.size > maxBytes) return { ok: false, problem: 'too-large', message: tooLarge(st.size, maxBytes) };
    const chunks: Buffer[] = [];
    let got = 0;
    // Until the end of the file, or one byte past the cap (a file may grow after its stat).
    while (got <= maxBytes) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 16, maxBytes + 1 - got));
      const n = readSync(fd, chunk, 0, chunk.length, got);
      if (n <= 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      got += n;
    }
    if (got > maxBytes) return { ok: false, problem: 'too-large', message: tooLarge(got, maxBytes) };
    return { ok: true, text: Buffer.concat(chunks, got).toString('utf8') };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, problem: 'unreadable', message: `cannot be read: ${err.code ?? err.message}` };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, max: number): string {
  return `is ${formatBytes(size)} or more, over the limit of ${formatBytes(max)}`;
}
