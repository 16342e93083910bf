// Pods as the controllers and the kubelet leave them (~4.7 KB of JSON): owner references,
// managedFields, two containers, probes, a projected token volume, full status.
import { createHash } from 'node:crypto';
import type { StoredObject } from '../store/storedObject';
import { created, hexDigest, ownerUid, stableUid } from './objectIdentity';

export interface PodSpec {
  namespace: string;
  name: string;
  nodeName?: string;
  hostIP?: string;
  podIP?: string;
  /** Extra IPs (dual-stack). */
  podIPs?: string[];
  labels?: Record<string, string>;
  owner?: { apiVersion: string; kind: string; name: string };
  image?: string;
  sidecar?: { name: string; image: string };
  hostNetwork?: boolean;
  containers?: Record<string, unknown>[];
  volumes?: Record<string, unknown>[];
  tolerations?: Record<string, unknown>[];
  ageMinutes?: number;
  phase?: 'Running' | 'Pending';
}

// Pieces every generated pod shares. Stored objects are never mutated in place (writers clone),
// so 150,000 pods can share these instead of each carrying copies (memory and GC at scale).
const shared = {
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
  env: [{ name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } }],
  appResources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
  sidecarResources: { requests: { cpu: '10m', memory: '32Mi' } },
  probe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
  args: ['netexec', '--http-port=8080'],
  projected: {
    sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, {
      configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] },
    }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }],
    defaultMode: 420,
  },
  tolerations: [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ],
  kcmFields: {
    'f:metadata': { 'f:generateName': {}, 'f:labels': { '.': {}, 'f:app': {} }, 'f:ownerReferences': { '.': {} } },
    'f:spec': {
      'f:containers': {},
      'f:dnsPolicy': {},
      'f:enableServiceLinks': {},
      'f:restartPolicy': {},
      'f:schedulerName': {},
      'f:securityContext': {},
      'f:terminationGracePeriodSeconds': {},
    },
  },
  kubeletFields: {
    'f:status': {
      'f:conditions': {},
      'f:containerStatuses': {},
      'f:hostIP': {},
      'f:hostIPs': {},
      'f:phase': {},
      'f:podIP': {},
      'f:podIPs': {},
      'f:startTime': {},
    },
  },
  emptyObject: {},
};
const imageIds = new Map<string, string>();
const imageId = (image: string): string => {
  let id = imageIds.get(image);
  if (!id) imageIds.set(image, id = `${image.split(':')[0]}@sha256:${createHash('sha256').update(image).digest('hex')}`);
  return id;
};
const runningConditions = new Map<string, Record<string, unknown>[]>();
const conditionsSince = (since: string): Record<string, unknown>[] => {
  let c = runningConditions.get(since);
  if (!c) {
    c = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
      type,
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: since,
    }));
    runningConditions.set(since, c);
  }
  return c;
};

/** The strings pod() derives from its spec (uids, names, times): a template fills them in (scenarios/generatedTemplates.ts). */
export interface PodDerived {
  started: string;
  app: string;
  containerName: string;
  uid: string;
  volumeName: string;
  /** One per container of the pod. */
  containerIds: string[];
  ownerUid?: string;
  generateName?: string;
  templateHash?: string;
}

export function podDerived(p: PodSpec): PodDerived {
  // Built on every read of a generated pod (scenarios/generatedTemplates.ts): plain assignments, no spreads.
  const app = p.labels?.app ?? p.name.replace(/-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{8,10}$/, '');
  const uid = stableUid(`pod/${p.namespace}/${p.name}`);
  const idHex = hexDigest('sha256', uid);
  const containerIds: string[] = [];
  for (let i = 0; i < (p.containers?.length ?? 2); i++) containerIds.push(`containerd://${idHex.slice(i * 8)}${idHex.slice(0, i * 8)}`);
  const d: PodDerived = {
    started: created(p.ageMinutes ?? 300),
    app,
    containerName: app.slice(0, 40) || 'app',
    uid,
    volumeName: volumeNameOf(uid),
    containerIds,
  };
  if (p.owner) d.ownerUid = ownerUid(`${p.namespace}/${p.owner.kind}/${p.owner.name}`);
  if (p.owner?.kind === 'ReplicaSet') {
    d.generateName = `${p.owner.name}-`;
    d.templateHash = p.owner.name.slice(p.owner.name.lastIndexOf('-') + 1);
  }
  return d;
}

/** The service account token volume's name: the first five letters of the uid (x-padded). */
function volumeNameOf(uid: string): string {
  let letters = '';
  for (let i = 0; i < uid.length && letters.length < 5; i++) {
    const c = uid.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) letters += uid[i];
  }
  return `kube-api-access-${letters.padEnd(5, 'x')}`;
}

/** A Running pod (or Pending when no IP) with two containers, probes, a projected token volume and real-looking status. */
export function pod(p: PodSpec, d: PodDerived = podDerived(p)): StoredObject {
  const { started, app, uid, volumeName } = d;
  const image = p.image ?? 'registry.k8s.io/e2e-test-images/agnhost:2.52';
  const sidecar = p.sidecar ?? { name: 'log-shipper', image: 'docker.io/fluent/fluent-bit:3.1.9' };
  const mounts = [{ name: volumeName, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }];
  const containers = p.containers ?? [
    {
      name: d.containerName,
      image,
      args: shared.args,
      ports: shared.ports,
      env: shared.env,
      resources: shared.appResources,
      readinessProbe: shared.probe,
      volumeMounts: mounts,
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
    },
    {
      name: sidecar.name,
      image: sidecar.image,
      resources: shared.sidecarResources,
      volumeMounts: mounts,
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
    },
  ];
  const running = p.phase !== 'Pending' && Boolean(p.nodeName) && Boolean(p.podIP);
  const ownerRef = p.owner
    ? [{
      apiVersion: p.owner.apiVersion,
      kind: p.owner.kind,
      name: p.owner.name,
      uid: d.ownerUid as string,
      controller: true,
      blockOwnerDeletion: true,
    }]
    : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      ...(d.generateName !== undefined ? { generateName: d.generateName } : {}),
      namespace: p.namespace,
      uid,
      resourceVersion: '',
      creationTimestamp: started,
      labels: { app, ...(d.templateHash !== undefined ? { 'pod-template-hash': d.templateHash } : {}), ...p.labels },
      ...(ownerRef ? { ownerReferences: ownerRef } : {}),
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update' as const,
          apiVersion: 'v1',
          time: started,
          fieldsType: 'FieldsV1' as const,
          fieldsV1: shared.kcmFields,
        },
        ...(running
          ? [{
            manager: 'kubelet',
            operation: 'Update' as const,
            apiVersion: 'v1',
            time: started,
            fieldsType: 'FieldsV1' as const,
            subresource: 'status',
            fieldsV1: shared.kubeletFields,
          }]
          : []),
      ],
    },
    spec: {
      ...(p.volumes || !p.hostNetwork ? { volumes: [...(p.volumes ?? []), { name: volumeName, projected: shared.projected }] } : {}),
      containers,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: p.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      ...(p.nodeName ? { nodeName: p.nodeName } : {}),
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      securityContext: shared.emptyObject,
      schedulerName: 'default-scheduler',
      tolerations: p.tolerations ?? shared.tolerations,
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: running
      ? {
        phase: 'Running',
        conditions: conditionsSince(started),
        hostIP: p.hostIP,
        hostIPs: [{ ip: p.hostIP }],
        podIP: p.podIP,
        podIPs: [p.podIP, ...(p.podIPs ?? [])].map((ip) => ({ ip })),
        startTime: started,
        containerStatuses: containers.map((c, i) => ({
          name: c.name,
          state: { running: { startedAt: started } },
          lastState: shared.emptyObject,
          ready: true,
          restartCount: 0,
          image: c.image,
          imageID: imageId(String(c.image)),
          containerID: d.containerIds[i],
          started: true,
        })),
        qosClass: 'Burstable',
      }
      : pendingStatus(p.nodeName, p.hostIP, started),
  };
}

export function pendingStatus(nodeName: string | undefined, hostIP: string | undefined, since: string): Record<string, unknown> {
  if (!nodeName) {
    return {
      phase: 'Pending',
      qosClass: 'Burstable',
      conditions: [{
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: since,
        reason: 'Unschedulable',
        message:
          '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
      }],
    };
  }
  return {
    phase: 'Pending',
    qosClass: 'Burstable',
    hostIP,
    hostIPs: hostIP ? [{ ip: hostIP }] : undefined,
    startTime: since,
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null, lastTransitionTime: since },
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: since },
      {
        type: 'Ready',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: since,
        reason: 'ContainersNotReady',
        message: 'containers with unready status: [app]',
      },
      {
        type: 'ContainersReady',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: since,
        reason: 'ContainersNotReady',
        message: 'containers with unready status: [app]',
      },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: since },
    ],
  };
}
