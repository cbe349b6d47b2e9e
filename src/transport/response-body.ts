// Turns the bytes of a response into the body an exchange holds, without trusting them: decompression stops at a
// set size (a 1 MB gzip bomb became 2.3 GB), text is decoded as strict UTF-8 (JSON must be UTF-8), and JSON nested
// deeper than Vouch's checks can walk is refused before it overflows a stack. Each refusal is one line of text.
import zlib from 'node:zlib';
import { formatBytes } from '../util/bounded-file.js';

/** Deeper JSON than this is not read (no documented API nests anywhere near it; 3,000 levels overflowed the stack). */
export const MAX_JSON_DEPTH = 512;

export interface BodyLimits {
  /** Bytes as received. */
  responseBytes: number;
  /** Bytes after decompression. */
  decodedBytes: number;
}

/** A response that cannot be taken as an answer: what the step's broken verdict says, and what to do. */
export class UnreadableBody extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'UnreadableBody';
  }
}

const RAISE = 'raise --max-response-bytes (or limits.responseBytes / limits.decodedBytes in vouch.config.yaml) if such an answer is legitimate';

export function tooManyBytes(limit: number): UnreadableBody {
  return new UnreadableBody(`the response body is larger than ${formatBytes(limit)} (limit: ${limit} bytes); reading stopped there`, RAISE);
}

/** The body decompressed as its Content-Encoding says, never past `limit` bytes. */
export function decompress(body: Buffer, encoding: string | undefined, limit: number): Buffer {
  const opts = { maxOutputLength: limit };
  try {
    switch (encoding?.trim().toLowerCase()) {
      case 'gzip':
      case 'x-gzip':
        return zlib.gunzipSync(body, { ...opts, finishFlush: zlib.constants.Z_SYNC_FLUSH });
      case 'deflate':
        // Servers send either zlib-wrapped or raw deflate under this name; fetch accepts both.
        return body[0] !== undefined && (body[0] & 0x0f) === 8 ? zlib.inflateSync(body, opts) : zlib.inflateRawSync(body, opts);
      case 'br':
        return zlib.brotliDecompressSync(body, opts);
      default:
        return body;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new UnreadableBody(
        `the ${encoding} response body decompresses to more than ${formatBytes(limit)} (limit: ${limit} bytes); decompression stopped there`,
        RAISE,
      );
    }
    throw e;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a body, and whether it was valid UTF-8 (invalid bytes become U+FFFD in the text kept for reports). */
export function decodeText(bytes: Buffer): { text: string; invalidUtf8: boolean } {
  try {
    return { text: strictUtf8.decode(bytes), invalidUtf8: false };
  } catch {
    return { text: bytes.toString('utf8'), invalidUtf8: true };
  }
}

/** How deep the JSON text nests, counted without parsing (brackets outside strings), stopping once past `max`. */
export function jsonDepth(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Refuses JSON too deep for Vouch's checks, which walk it recursively. */
export function checkDepth(text: string): void {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new UnreadableBody(
      `the JSON body nests more than ${MAX_JSON_DEPTH} levels deep; Vouch reads at most ${MAX_JSON_DEPTH}`,
      'no documented answer nests this deep: check the server',
    );
  }
}
