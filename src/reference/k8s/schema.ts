// The field names (in Go struct order) and primitive types of the Kubernetes objects the server serves,
// read from the v1 Pod, batch/v1 Job and v1 Namespace API types. Decoding uses it to drop unknown fields.

/** `time`: a metav1.Time value (null when unset); `time?`: a *metav1.Time pointer (left out when unset). */
export type Primitive = 'str' | 'int' | 'bool' | 'num' | 'time' | 'time?' | 'any';
export type Shape = Primitive | StructShape | ListShape | MapShape;
export interface StructShape {
  kind: 'struct';
  goType: string;
  fields: Record<string, Shape>;
}
export interface ListShape {
  kind: 'list';
  of: Shape;
}
export interface MapShape {
  kind: 'map';
  of: Shape;
}

const struct = (goType: string, fields: Record<string, Shape>): StructShape => ({ kind: 'struct', goType, fields });
const list = (of: Shape): ListShape => ({ kind: 'list', of });
const map = (of: Shape): MapShape => ({ kind: 'map', of });
const strings = list('str');

const managedFieldsEntry = struct('ManagedFieldsEntry', {
  manager: 'str',
  operation: 'str',
  apiVersion: 'str',
  time: 'time?',
  fieldsType: 'str',
  fieldsV1: 'any',
  subresource: 'str',
});

const ownerReference = struct('OwnerReference', {
  apiVersion: 'str',
  kind: 'str',
  name: 'str',
  uid: 'str',
  controller: 'bool',
  blockOwnerDeletion: 'bool',
});

export const objectMeta = struct('ObjectMeta', {
  name: 'str',
  generateName: 'str',
  namespace: 'str',
  selfLink: 'str',
  uid: 'str',
  resourceVersion: 'str',
  generation: 'int',
  creationTimestamp: 'time',
  deletionTimestamp: 'time?',
  deletionGracePeriodSeconds: 'int',
  labels: map('str'),
  annotations: map('str'),
  ownerReferences: list(ownerReference),
  finalizers: strings,
  managedFields: list(managedFieldsEntry),
});

const envVar = struct('EnvVar', { name: 'str', value: 'str', valueFrom: 'any' });
const containerPort = struct('ContainerPort', {
  name: 'str',
  hostPort: 'int',
  containerPort: 'int',
  protocol: 'str',
  hostIP: 'str',
});
const volumeMount = struct('VolumeMount', {
  name: 'str',
  readOnly: 'bool',
  recursiveReadOnly: 'str',
  mountPath: 'str',
  subPath: 'str',
  mountPropagation: 'str',
  subPathExpr: 'str',
});

const containerFields: Record<string, Shape> = {
  name: 'str',
  image: 'str',
  command: strings,
  args: strings,
  workingDir: 'str',
  ports: list(containerPort),
  envFrom: 'any',
  env: list(envVar),
  resources: 'any',
  resizePolicy: 'any',
  restartPolicy: 'str',
  volumeMounts: list(volumeMount),
  volumeDevices: 'any',
  livenessProbe: 'any',
  readinessProbe: 'any',
  startupProbe: 'any',
  lifecycle: 'any',
  terminationMessagePath: 'str',
  terminationMessagePolicy: 'str',
  imagePullPolicy: 'str',
  securityContext: 'any',
  stdin: 'bool',
  stdinOnce: 'bool',
  tty: 'bool',
};
export const container = struct('Container', containerFields);
const ephemeralContainer = struct('EphemeralContainer', { ...containerFields, targetContainerName: 'str' });

const toleration = struct('Toleration', {
  key: 'str',
  operator: 'str',
  value: 'str',
  effect: 'str',
  tolerationSeconds: 'int',
});

export const podSpec = struct('PodSpec', {
  volumes: list('any'),
  initContainers: list(container),
  containers: list(container),
  ephemeralContainers: list(ephemeralContainer),
  restartPolicy: 'str',
  terminationGracePeriodSeconds: 'int',
  activeDeadlineSeconds: 'int',
  dnsPolicy: 'str',
  nodeSelector: map('str'),
  serviceAccountName: 'str',
  serviceAccount: 'str',
  automountServiceAccountToken: 'bool',
  nodeName: 'str',
  hostNetwork: 'bool',
  hostPID: 'bool',
  hostIPC: 'bool',
  shareProcessNamespace: 'bool',
  securityContext: 'any',
  imagePullSecrets: 'any',
  hostname: 'str',
  subdomain: 'str',
  affinity: 'any',
  schedulerName: 'str',
  tolerations: list(toleration),
  hostAliases: 'any',
  priorityClassName: 'str',
  priority: 'int',
  dnsConfig: 'any',
  readinessGates: 'any',
  runtimeClassName: 'str',
  enableServiceLinks: 'bool',
  preemptionPolicy: 'str',
  overhead: 'any',
  topologySpreadConstraints: 'any',
  setHostnameAsFQDN: 'bool',
  os: 'any',
  hostUsers: 'bool',
  schedulingGates: list(struct('PodSchedulingGate', { name: 'str' })),
  resourceClaims: 'any',
  resources: 'any',
});

const podCondition = struct('PodCondition', {
  type: 'str',
  observedGeneration: 'int',
  status: 'str',
  lastProbeTime: 'time',
  lastTransitionTime: 'time',
  reason: 'str',
  message: 'str',
});
const ipEntry = list(struct('PodIP', { ip: 'str' }));

export const podStatus = struct('PodStatus', {
  observedGeneration: 'int',
  phase: 'str',
  conditions: list(podCondition),
  message: 'str',
  reason: 'str',
  nominatedNodeName: 'str',
  hostIP: 'str',
  hostIPs: ipEntry,
  podIP: 'str',
  podIPs: ipEntry,
  startTime: 'time?',
  initContainerStatuses: list('any'),
  containerStatuses: list('any'),
  qosClass: 'str',
  ephemeralContainerStatuses: list('any'),
  resize: 'str',
  resourceClaimStatuses: 'any',
});

export const pod = struct('Pod', { kind: 'str', apiVersion: 'str', metadata: objectMeta, spec: podSpec, status: podStatus });

const podTemplateSpec = struct('PodTemplateSpec', { metadata: objectMeta, spec: podSpec });

const labelSelector = struct('LabelSelector', { matchLabels: map('str'), matchExpressions: 'any' });

export const jobSpec = struct('JobSpec', {
  parallelism: 'int',
  completions: 'int',
  activeDeadlineSeconds: 'int',
  podFailurePolicy: 'any',
  successPolicy: 'any',
  backoffLimit: 'int',
  backoffLimitPerIndex: 'int',
  maxFailedIndexes: 'int',
  selector: labelSelector,
  manualSelector: 'bool',
  template: podTemplateSpec,
  ttlSecondsAfterFinished: 'int',
  completionMode: 'str',
  suspend: 'bool',
  podReplacementPolicy: 'str',
  managedBy: 'str',
});

const jobCondition = struct('JobCondition', {
  type: 'str',
  status: 'str',
  lastProbeTime: 'time',
  lastTransitionTime: 'time',
  reason: 'str',
  message: 'str',
});

export const jobStatus = struct('JobStatus', {
  conditions: list(jobCondition),
  startTime: 'time?',
  completionTime: 'time?',
  active: 'int',
  succeeded: 'int',
  failed: 'int',
  terminating: 'int',
  completedIndexes: 'str',
  failedIndexes: 'str',
  uncountedTerminatedPods: struct('UncountedTerminatedPods', { succeeded: strings, failed: strings }),
  ready: 'int',
});

export const job = struct('Job', { kind: 'str', apiVersion: 'str', metadata: objectMeta, spec: jobSpec, status: jobStatus });

export const namespace = struct('Namespace', {
  kind: 'str',
  apiVersion: 'str',
  metadata: objectMeta,
  spec: struct('NamespaceSpec', { finalizers: strings }),
  status: struct('NamespaceStatus', { phase: 'str', conditions: 'any' }),
});

export const serviceAccount = struct('ServiceAccount', {
  kind: 'str',
  apiVersion: 'str',
  metadata: objectMeta,
  secrets: 'any',
  imagePullSecrets: 'any',
  automountServiceAccountToken: 'bool',
});
