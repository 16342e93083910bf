// Builders for realistic cluster objects: what kubeadm, the controllers and the kubelet would
// have written, managedFields and all, so sizes and shapes match a real cluster's (~3 KB a pod).
import { createHash } from 'node:crypto';
import type { KubeObject } from '../store/kubeObject';

export const labKubeletVersion = 'v1.33.0';
const createdCache = new Map<number, string>();
const created = (minutesAgo: number): string => {
  let text = createdCache.get(minutesAgo);
  if (!text) createdCache.set(minutesAgo, text = new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'));
  return text;
};
const ownerUids = new Map<string, string>();
/** Deterministic uid-shaped ids so generated clusters are reproducible. */
export const stableUid = (seed: string): string => {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const hash5 = (seed: string): string => createHash('sha1').update(seed).digest('hex').replace(/[aeiou01]/g, '').slice(0, 5).padEnd(5, 'x');

const ownerUid = (key: string): string => {
  let uid = ownerUids.get(key);
  if (!uid) ownerUids.set(key, uid = stableUid(key));
  return uid;
};

export function namespace(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: stableUid(`ns/${name}`), creationTimestamp: created(600), labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export interface NodeSpec {
  name: string;
  internalIP: string;
  podCIDRs?: string[];
  ready: boolean;
  controlPlane?: boolean;
  taints?: { key: string; effect: string; value?: string }[];
}

export function node(n: NodeSpec): KubeObject {
  const now = created(0);
  const since = created(590);
  const taints = [
    ...(n.controlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : []),
    ...(n.ready ? [] : [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]),
    ...(n.taints ?? []),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      uid: stableUid(`node/${n.name}`),
      creationTimestamp: created(600),
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        ...(n.controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { ...(n.podCIDRs?.length ? { podCIDR: n.podCIDRs[0], podCIDRs: n.podCIDRs } : {}), ...(taints.length ? { taints } : {}) },
    status: {
      capacity: { cpu: '4', 'ephemeral-storage': '101430960Ki', 'hugepages-2Mi': '0', memory: '16365052Ki', pods: '110' },
      allocatable: { cpu: '4', 'ephemeral-storage': '93478772582', 'hugepages-2Mi': '0', memory: '16262652Ki', pods: '110' },
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          lastHeartbeatTime: now,
          lastTransitionTime: since,
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
        },
        {
          type: 'DiskPressure',
          status: 'False',
          lastHeartbeatTime: now,
          lastTransitionTime: since,
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
        },
        {
          type: 'PIDPressure',
          status: 'False',
          lastHeartbeatTime: now,
          lastTransitionTime: since,
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
        },
        n.ready
          ? {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: now,
            lastTransitionTime: since,
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
          }
          : notReadyCondition(now, since),
      ],
      addresses: [{ type: 'InternalIP', address: n.internalIP }, { type: 'Hostname', address: n.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: hash5(n.name).repeat(6).slice(0, 32),
        systemUUID: stableUid(`sys/${n.name}`),
        bootID: stableUid(`boot/${n.name}`),
        kernelVersion: '6.1.0-28-amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: labKubeletVersion,
        kubeProxyVersion: labKubeletVersion,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export function notReadyCondition(now: string, since: string): Record<string, string> {
  return {
    type: 'Ready',
    status: 'False',
    lastHeartbeatTime: now,
    lastTransitionTime: since,
    reason: 'KubeletNotReady',
    message:
      'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
  };
}

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

/** A Running pod (or Pending when no IP) with two containers, probes, a projected token volume and real-looking status. */
export function pod(p: PodSpec): KubeObject {
  const started = created(p.ageMinutes ?? 300);
  const app = p.labels?.app ?? p.name.replace(/-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{8,10}$/, '');
  const uid = stableUid(`pod/${p.namespace}/${p.name}`);
  const volumeName = `kube-api-access-${uid.replace(/[^a-z]/g, '').padEnd(5, 'x').slice(0, 5)}`;
  const image = p.image ?? 'registry.k8s.io/e2e-test-images/agnhost:2.52';
  const sidecar = p.sidecar ?? { name: 'log-shipper', image: 'docker.io/fluent/fluent-bit:3.1.9' };
  const mounts = [{ name: volumeName, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }];
  const containers = p.containers ?? [
    {
      name: app.slice(0, 40) || 'app',
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
      uid: ownerUid(`${p.namespace}/${p.owner.kind}/${p.owner.name}`),
      controller: true,
      blockOwnerDeletion: true,
    }]
    : undefined;
  const idHex = createHash('sha256').update(uid).digest('hex');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      ...(p.owner?.kind === 'ReplicaSet' ? { generateName: `${p.owner.name}-` } : {}),
      namespace: p.namespace,
      uid,
      resourceVersion: '',
      creationTimestamp: started,
      labels: { app, ...(p.owner?.kind === 'ReplicaSet' ? { 'pod-template-hash': p.owner.name.split('-').pop() as string } : {}), ...p.labels },
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
          containerID: `containerd://${idHex.slice(i * 8)}${idHex.slice(0, i * 8)}`,
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

export function service(
  ns: string,
  name: string,
  clusterIP: string,
  ports: { port: number; name?: string; targetPort?: number; protocol?: 'TCP' | 'UDP' }[],
  selector?: Record<string, string>,
  labels?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, uid: stableUid(`svc/${ns}/${name}`), creationTimestamp: created(600), ...(labels ? { labels } : {}) },
    spec: {
      ports: ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), protocol: p.protocol ?? 'TCP', port: p.port, targetPort: p.targetPort ?? p.port })),
      ...(selector ? { selector } : {}),
      clusterIP,
      clusterIPs: [clusterIP],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: [clusterIP.includes(':') ? 'IPv6' : 'IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

export function serviceCidr(cidrs: string[]): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'ServiceCIDR',
    metadata: { name: 'kubernetes', uid: stableUid('servicecidr'), creationTimestamp: created(600), finalizers: ['networking.k8s.io/service-cidr-finalizer'] },
    spec: { cidrs },
    status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: created(600), reason: '', message: 'Kubernetes Service CIDR is ready' }] },
  };
}

export function configMap(ns: string, name: string, data: Record<string, string>, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: ns, uid: stableUid(`cm/${ns}/${name}`), creationTimestamp: created(600), ...(labels ? { labels } : {}) },
    data,
  };
}

export function serviceAccount(ns: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns, uid: stableUid(`sa/${ns}/${name}`), creationTimestamp: created(600) } };
}

export interface DaemonSetSpec {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  containers: Record<string, unknown>[];
  volumes?: Record<string, unknown>[];
  hostNetwork?: boolean;
  serviceAccountName?: string;
  tolerations?: Record<string, unknown>[];
}

export function daemonSet(d: DaemonSetSpec): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: d.name,
      namespace: d.namespace,
      uid: stableUid(`${d.namespace}/DaemonSet/${d.name}`),
      creationTimestamp: created(600),
      generation: 1,
      labels: d.labels,
      annotations: { 'deprecated.daemonset.template.generation': '1' },
    },
    spec: {
      selector: { matchLabels: d.labels },
      template: {
        metadata: { labels: d.labels },
        spec: {
          containers: d.containers.map((c) => ({
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
            resources: {},
            ...c,
          })),
          ...(d.volumes ? { volumes: d.volumes } : {}),
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: d.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
          ...(d.serviceAccountName ? { serviceAccountName: d.serviceAccountName, serviceAccount: d.serviceAccountName } : {}),
          ...(d.hostNetwork ? { hostNetwork: true } : {}),
          securityContext: {},
          schedulerName: 'default-scheduler',
          tolerations: d.tolerations ?? [{ operator: 'Exists', effect: 'NoSchedule' }, { operator: 'Exists', effect: 'NoExecute' }],
          priorityClassName: 'system-node-critical',
        },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, observedGeneration: 0 },
  };
}

export function clusterRole(name: string, rules: Record<string, unknown>[]): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, uid: stableUid(`cr/${name}`), creationTimestamp: created(600) },
    rules,
  };
}

export function clusterRoleBinding(name: string, role: string, sa: { namespace: string; name: string }): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, uid: stableUid(`crb/${name}`), creationTimestamp: created(600) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace }],
  };
}

/** The CNI marker the lab's kubelet looks for: a hostPath volume on /etc/cni/net.d. */
export const cniConfVolume = { name: 'cni-conf', hostPath: { path: '/etc/cni/net.d', type: 'DirectoryOrCreate' } };
export const cniBinVolume = { name: 'cni-bin', hostPath: { path: '/opt/cni/bin', type: 'DirectoryOrCreate' } };

/**
 * kube-system/kubeadm-config as `kubeadm init --pod-network-cidr … --service-cidr …` writes it
 * (kubeadm v1.33, ClusterConfiguration v1beta4; trimmed to the fields a cluster of the lab's shape has).
 */
export function kubeadmClusterConfiguration(podSubnet: string, serviceSubnet: string): string {
  return [
    'apiServer: {}',
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'caCertificateValidityPeriod: 87600h0m0s',
    'certificateValidityPeriod: 8760h0m0s',
    'certificatesDir: /etc/kubernetes/pki',
    'clusterName: kubernetes',
    'controllerManager: {}',
    'dns: {}',
    'encryptionAlgorithm: RSA-2048',
    'etcd:',
    '  local:',
    '    dataDir: /var/lib/etcd',
    'imageRepository: registry.k8s.io',
    'kind: ClusterConfiguration',
    'kubernetesVersion: v1.33.0',
    'networking:',
    '  dnsDomain: cluster.local',
    `  podSubnet: ${podSubnet}`,
    `  serviceSubnet: ${serviceSubnet}`,
    'proxy: {}',
    'scheduler: {}',
    '',
  ].join('\n');
}

/**
 * The basics every kubeadm cluster has: namespaces, the kubernetes service, its ServiceCIDR,
 * default service accounts, kubeadm-config (empty unless `clusterConfiguration` is given).
 */
export function clusterBasics(serviceCidrs: string[], kubernetesIp: string, clusterConfiguration = ''): KubeObject[] {
  const namespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
  return [
    ...namespaces.map(namespace),
    ...namespaces.map((ns) => serviceAccount(ns, 'default')),
    serviceCidr(serviceCidrs),
    service('default', 'kubernetes', kubernetesIp, [{ name: 'https', port: 443, targetPort: 6443 }], undefined, {
      component: 'apiserver',
      provider: 'kubernetes',
    }),
    configMap('kube-system', 'kubeadm-config', { ClusterConfiguration: clusterConfiguration }),
  ];
}
