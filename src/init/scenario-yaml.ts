// Writes a generated scenario as YAML a person reads and edits: the editor's schema line, a header saying where it came
// from, short requests on one line, and comments above the keys they explain.
import { Document, isMap, isScalar, type YAMLMap } from 'yaml';
import type { Obj } from './scenarios.js';

/** Short enough for one line: a request without a body, a small body, a capture. */
const FLOW_CHARS = 90;

function flowSmall(node: unknown): void {
  if (!isMap(node)) return;
  for (const pair of (node as YAMLMap).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    if (isMap(value) && ['request', 'capture', 'json', 'query', 'headers', 'doc', 'vars'].includes(key) && JSON.stringify(value.toJSON()).length <= FLOW_CHARS)
      value.flow = true;
    else if (isMap(value) && key === 'expect' && JSON.stringify(value.toJSON()).length <= FLOW_CHARS / 2) value.flow = true;
    flowSmall(value);
    if (value && typeof value === 'object' && 'items' in value) for (const item of (value as { items: unknown[] }).items) flowSmall(item);
  }
}

export function scenarioYaml(scenario: Obj, header: string[], comments: Record<string, string>): string {
  const doc = new Document(scenario);
  doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
  flowSmall(doc.contents);
  for (const [path, text] of Object.entries(comments)) {
    const keys = path.split('.');
    const parent = doc.getIn(
      keys.slice(0, -1).map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
      true,
    );
    if (!isMap(parent)) continue;
    const pair = (parent as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === keys[keys.length - 1]);
    if (!pair || !isScalar(pair.key)) continue;
    if ((parent as YAMLMap).flow) (parent as YAMLMap).flow = false;
    pair.key.commentBefore = text;
  }
  return doc.toString({ lineWidth: 0 });
}
