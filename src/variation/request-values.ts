// The values a step's request sent, by field path, so that a check can require the response to say the same
// (the status that was PUT, the image that was patched): JSON bodies, JSON patches, merge and strategic-merge patches.
import type { Exchange } from '../model/types.js';
import { getField, missing, parsePointer, type Missing, type Segment } from '../util/field-path.js';

export type RequestLookup = (segs: readonly Segment[]) => unknown | Missing;

export interface RequestBody {
  body: unknown;
  contentType?: string;
}

export type PatchKind = 'json-patch' | 'merge-patch' | 'strategic-merge-patch' | 'apply-patch' | 'json';

export function patchKind(contentType: string | undefined): PatchKind {
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === 'application/json-patch+json') return 'json-patch';
  if (ct === 'application/merge-patch+json') return 'merge-patch';
  if (ct === 'application/strategic-merge-patch+json') return 'strategic-merge-patch';
  if (ct.startsWith('application/apply-patch')) return 'apply-patch';
  return 'json';
}

export interface PatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

export function isPatchOps(v: unknown): v is PatchOp[] {
  return (
    Array.isArray(v) && v.every((o) => o !== null && typeof o === 'object' && typeof (o as PatchOp).op === 'string' && typeof (o as PatchOp).path === 'string')
  );
}

const nothing: RequestLookup = () => missing;

/** A lookup of the request's value at a path; `missing` where the request said nothing about it. */
export function requestLookup(req: RequestBody | undefined): RequestLookup {
  if (!req || req.body === undefined) return nothing;
  const kind = patchKind(req.contentType);
  if (kind === 'json-patch' || (kind === 'json' && isPatchOps(req.body) && req.body.length > 0)) {
    return isPatchOps(req.body) ? jsonPatchLookup(req.body) : nothing;
  }
  if (kind === 'apply-patch') return nothing;
  if (kind === 'merge-patch') return (segs) => nullIsRemoval(getField(req.body, segs));
  if (kind === 'strategic-merge-patch') return (segs) => strategicLookup(req.body, segs);
  return (segs) => getField(req.body, segs);
}

/** In a merge patch, null removes the field: it says nothing about a value. */
function nullIsRemoval(v: unknown | Missing): unknown | Missing {
  return v === null ? missing : v;
}

/** Strategic merge merges lists by key, so a list index in the patch says nothing about the index in the result. */
function strategicLookup(body: unknown, segs: readonly Segment[]): unknown | Missing {
  let cur: unknown = body;
  for (const s of segs) {
    if (Array.isArray(cur)) return missing;
    cur = getField(cur, [s]);
    if (cur === missing) return missing;
  }
  return nullIsRemoval(cur);
}

function jsonPatchLookup(ops: PatchOp[]): RequestLookup {
  const parsed = ops.map((o) => ({ op: o.op, segs: parsePointer(o.path), value: o.value }));
  return (segs) => {
    for (let i = parsed.length - 1; i >= 0; i--) {
      const o = parsed[i]!;
      if (o.op === 'test' || !isPrefix(o.segs, segs)) continue;
      if (o.op === 'add' || o.op === 'replace') return o.segs.includes('-') ? missing : getField(o.value, segs.slice(o.segs.length));
      return missing;
    }
    return missing;
  };
}

function isPrefix(prefix: readonly Segment[], segs: readonly Segment[]): boolean {
  return prefix.length <= segs.length && prefix.every((p, i) => String(p) === String(segs[i]));
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const k = Object.keys(headers).find((h) => h.toLowerCase() === name);
  return k === undefined ? undefined : headers[k];
}

/** A step's request body as sent (parsed JSON when there is any) with its content type. */
export function sentBody(exchange: Exchange): RequestBody | undefined {
  const req = exchange.request;
  let body = req.body;
  if (body === undefined && req.bodyText) {
    try {
      body = JSON.parse(req.bodyText);
    } catch {
      return undefined;
    }
  }
  return body === undefined ? undefined : { body, contentType: header(req.headers, 'content-type') };
}
