// The kube-system furniture of a kubeadm cluster: kube-proxy on every node, CoreDNS, and a CNI
// DaemonSet with its pods (hostNetwork, mounting /etc/cni/net.d) already running on each node.
import { createHash } from 'node:crypto';
import type { StoredObject } from '../store/storedObject';
import { cniBinVolume, cniConfVolume, daemonSet, pod, service } from './clusterObjects';
import type { PodSpec } from './clusterObjects';

export interface LabNode {
  name: string;
  ip: string;
}

const dsPodName = (ds: string, node: string): string =>
  `${ds}-${Array.from(createHash('sha1').update(`${ds}/${node}`).digest().subarray(0, 5), (b) => 'bcdfghjklmnpqrstvwxz2456789'[b % 27]).join('')}`;

/** A DaemonSet plus one Running hostNetwork pod per node, owned by it. */
export function daemonSetWithPods(ds: StoredObject, nodes: readonly LabNode[]): StoredObject[] {
  return [ds, ...nodes.map((n) => daemonSetPod(ds, n))];
}

/** The DaemonSet's Running pod on a node, named from both unless `name` is given (the same each time it is built). */
export const daemonSetPod = (ds: StoredObject, n: LabNode, name?: string): StoredObject => placedOnNode(pod(daemonSetPodSpec(ds, n, name)), n.name);

/** What the DaemonSet controller asks of the pod() it makes for a node. */
export function daemonSetPodSpec(ds: StoredObject, n: LabNode, name = dsPodName(ds.metadata.name, n.name)): PodSpec {
  const template = (ds.spec as { template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> } }).template;
  return {
    namespace: ds.metadata.namespace as string,
    name,
    nodeName: n.name,
    hostIP: n.ip,
    podIP: template.spec.hostNetwork ? n.ip : undefined,
    hostNetwork: Boolean(template.spec.hostNetwork),
    labels: { ...template.metadata.labels, 'controller-revision-hash': '6d5c8f7b9', 'pod-template-generation': '1' },
    owner: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name },
    // Shared with the template, not copied: stored objects are never changed in place (writes copy).
    containers: template.spec.containers as Record<string, unknown>[],
    volumes: (template.spec.volumes as Record<string, unknown>[] | undefined) ?? [],
    tolerations: [...((template.spec.tolerations as Record<string, unknown>[] | undefined) ?? []), ...dsTolerations(Boolean(template.spec.hostNetwork))],
  };
}

/** A DaemonSet pod pinned to its node by affinity, with the controller's priority. */
export function placedOnNode(p: StoredObject, nodeName: string): StoredObject {
  (p.spec as Record<string, unknown>).affinity = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] },
    },
  };
  (p.spec as Record<string, unknown>).priorityClassName = 'system-node-critical';
  (p.spec as Record<string, unknown>).priority = 2000001000;
  return p;
}

/** The tolerations the DaemonSet controller adds to its pods. */
export function dsTolerations(hostNetwork: boolean): Record<string, unknown>[] {
  return [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ...(hostNetwork ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }] : []),
  ];
}

export function kubeProxy(nodes: readonly LabNode[]): StoredObject[] {
  return daemonSetWithPods(kubeProxyDaemonSet(), nodes);
}

export function kubeProxyDaemonSet(): StoredObject {
  return daemonSet({
    namespace: 'kube-system',
    name: 'kube-proxy',
    labels: { 'k8s-app': 'kube-proxy' },
    hostNetwork: true,
    serviceAccountName: 'kube-proxy',
    containers: [{
      name: 'kube-proxy',
      image: 'registry.k8s.io/kube-proxy:v1.33.0',
      command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
      securityContext: { privileged: true },
    }],
    volumes: [{ name: 'kube-proxy', configMap: { name: 'kube-proxy', defaultMode: 420 } }],
    tolerations: [{ operator: 'Exists' }],
  });
}

/** CoreDNS: two pods with the given IPs (or Pending when undefined) and the kube-dns service. */
export function coreDns(placements: { node?: LabNode; ip?: string }[], dnsIp: string): StoredObject[] {
  return [
    service('kube-system', 'kube-dns', dnsIp, [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }], {
      'k8s-app': 'kube-dns',
    }, { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' }),
    ...placements.map((p, i) =>
      pod({
        namespace: 'kube-system',
        name: `coredns-668d6bf9bc-${['k8m2q', 'w7zxp', 'd4r9t', 'b2n6v'][i % 4]}`,
        nodeName: p.ip ? p.node?.name : undefined,
        hostIP: p.ip ? p.node?.ip : undefined,
        podIP: p.ip,
        labels: { 'k8s-app': 'kube-dns', app: 'coredns' },
        owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'coredns-668d6bf9bc' },
        image: 'registry.k8s.io/coredns/coredns:v1.12.0',
        sidecar: { name: 'config-reloader', image: 'registry.k8s.io/coredns/coredns:v1.12.0' },
        phase: p.ip ? 'Running' : 'Pending',
      })
    ),
  ];
}

export function cniDaemonSet(
  opts: {
    namespace: string;
    name: string;
    labels: Record<string, string>;
    image: string;
    env?: { name: string; value: string }[];
    extraContainers?: Record<string, unknown>[];
    serviceAccountName?: string;
  },
): StoredObject {
  return daemonSet({
    namespace: opts.namespace,
    name: opts.name,
    labels: opts.labels,
    hostNetwork: true,
    serviceAccountName: opts.serviceAccountName ?? opts.name,
    containers: [
      {
        name: opts.name.replace(/-node$|-net$|-ds$|-agent$/, '') || opts.name,
        image: opts.image,
        ...(opts.env ? { env: opts.env } : {}),
        securityContext: { privileged: true },
        volumeMounts: [{ name: 'cni-conf', mountPath: '/host/etc/cni/net.d' }, { name: 'cni-bin', mountPath: '/host/opt/cni/bin' }],
      },
      ...(opts.extraContainers ?? []),
    ],
    volumes: [cniConfVolume, cniBinVolume],
  });
}
