// The key that names an item in the list fields of Pod and Job (from the Go struct tags): managed fields key a
// list item by it (`k:{"name":...}`), a strategic merge patch merges list items by it.

/** The list fields keyed alike for field ownership and for strategic merge. */
export const POD_LIST_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  imagePullSecrets: 'name',
  schedulingGates: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  conditions: 'type',
  podIPs: 'ip',
  hostIPs: 'ip',
  ownerReferences: 'uid',
};
