// Building Kubernetes success replies: the object itself with any Warning headers the request collected.

import type { Reply } from '../http.js';
import type { JsonObject } from '../json.js';
import type { K8sRequest } from './request.js';

/** A Warning header value as the API server writes it: code 299, agent `-`, quoted text. */
export function warningValue(text: string): string {
  return `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function objectReply(req: K8sRequest, status: number, object: JsonObject): Reply {
  const headers: Record<string, string | string[]> = {};
  if (req.warnings.length) headers['warning'] = req.warnings.map(warningValue);
  return { status, headers, body: object };
}
