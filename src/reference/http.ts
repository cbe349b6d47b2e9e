// The request and reply shapes every handler of the reference server works with, and body reading.
// Handlers never touch node:http directly: they take an Incoming and return a Reply.

import type { IncomingMessage } from 'node:http';
import type { Json } from './json.js';

export interface Incoming {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** scheme://host[:port] as the client addressed the server (for absolute links). */
  origin: string;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  /** A JSON body, serialised by the API's own writer. */
  body?: Json;
  /** A raw body written as-is (used only where a real server answers with plain text). */
  raw?: string;
}

export function jsonReply(status: number, body: Json, headers: Record<string, string | string[]> = {}): Reply {
  return { status, headers, body };
}

export function header(incoming: Incoming, name: string): string | undefined {
  const value = incoming.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The media type of the request body without parameters (`; charset=...`), lower-cased. */
export function mediaType(incoming: Incoming): string {
  return (header(incoming, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export async function readBody(req: IncomingMessage, limit = 3 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function bearerToken(incoming: Incoming): { present: boolean; token?: string } {
  const value = header(incoming, 'authorization');
  if (value === undefined) return { present: false };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? { present: true, token: match[1] } : { present: true };
}
