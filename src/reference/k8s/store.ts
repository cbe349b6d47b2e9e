// In-memory object storage for the Kubernetes side: one map per resource, a global resourceVersion counter
// (opaque strings, bumped on every write), and the version before each object's last write.

import { clone, type JsonObject } from '../json.js';

interface Entry {
  current: JsonObject;
  previous?: JsonObject;
}

export class Store {
  private readonly objects = new Map<string, Entry>();
  private revision = 1000;

  /** `render` turns the counter into the resourceVersion text clients see (decimal by default; opaque on some servers). */
  constructor(private readonly render: (counter: number) => string = String) {}

  private static key(resource: string, namespace: string, name: string): string {
    return `${resource}/${namespace}/${name}`;
  }

  /** The latest resourceVersion handed out (what a list reports). */
  currentVersion(): string {
    return this.render(this.revision);
  }

  nextVersion(): string {
    this.revision += 1;
    return this.render(this.revision);
  }

  get(resource: string, namespace: string, name: string): JsonObject | undefined {
    const entry = this.objects.get(Store.key(resource, namespace, name));
    return entry ? clone(entry.current) : undefined;
  }

  /** The object as it was before its last write (undefined right after create). */
  previous(resource: string, namespace: string, name: string): JsonObject | undefined {
    const entry = this.objects.get(Store.key(resource, namespace, name));
    return entry?.previous ? clone(entry.previous) : undefined;
  }

  put(resource: string, namespace: string, name: string, object: JsonObject): void {
    const key = Store.key(resource, namespace, name);
    const before = this.objects.get(key);
    this.objects.set(key, { current: clone(object), previous: before ? before.current : undefined });
  }

  delete(resource: string, namespace: string, name: string): boolean {
    return this.objects.delete(Store.key(resource, namespace, name));
  }

  /** Objects of a resource, in one namespace or (namespace undefined) in all, ordered by namespace and name. */
  list(resource: string, namespace?: string): JsonObject[] {
    const prefix = namespace === undefined ? `${resource}/` : `${resource}/${namespace}/`;
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, entry]) => clone(entry.current));
  }

  /** Removes every object of every resource in a namespace (what the namespace controller does). */
  deleteNamespaceContents(namespace: string): void {
    for (const key of [...this.objects.keys()]) {
      const [resource, ns] = key.split('/');
      if (ns === namespace && resource !== 'namespaces') this.objects.delete(key);
    }
  }
}
