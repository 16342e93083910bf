// The stripped shapes the cluster model is built from: only the fields Podnet reads, so a
// 150,000-pod cluster fits in memory and the model never sees client-node's typed objects.

import type { NamespacedName } from './namespacedName';

export interface NodeInfo {
  readonly name: string;
  readonly internalIPs: readonly string[];
  readonly ready: boolean;
  /** Reason of the Ready condition when not ready (e.g. NetworkPluginNotReady). */
  readonly readyReason?: string;
  /** node.spec.podCIDRs (or [podCIDR] on old servers). */
  readonly podCIDRs: readonly string[];
  readonly maxPods?: number;
}

export type ContainerKind = 'init' | 'sidecar' | 'app';

export interface ContainerInfo {
  readonly name: string;
  readonly kind: ContainerKind;
  readonly image: string;
  readonly ready?: boolean;
  readonly restarts?: number;
}

export interface PodInfo extends NamespacedName {
  readonly nodeName?: string;
  readonly podIPs: readonly string[];
  readonly hostNetwork: boolean;
  readonly phase: string;
  readonly containers: readonly ContainerInfo[];
}

/** A Calico IPAM block (crd.projectcalico.org/v1 IPAMBlock); affinity "host:NODE". */
export interface CalicoBlockInfo {
  readonly name: string;
  readonly cidr: string;
  readonly node?: string;
}

/** cilium.io/v2 CiliumNode: the cluster-pool blocks Cilium gave the node. */
export interface CiliumNodeInfo {
  readonly name: string;
  readonly podCIDRs: readonly string[];
}

/** A kube-system DaemonSet, reduced to what CNI detection and network discovery read. */
export interface DaemonSetInfo extends NamespacedName {
  readonly images: readonly string[];
  /** env of every container, name → value (literal values only). */
  readonly env: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  readonly mountsCniConfig: boolean;
}

/** A kube-system ConfigMap; data is kept only for the few that carry network settings. */
export interface ConfigMapInfo extends NamespacedName {
  readonly data: Readonly<Record<string, string>>;
}

export interface ServiceCidrInfo {
  readonly name: string;
  readonly cidrs: readonly string[];
}

/** default/kubernetes: its ClusterIP is the first address of the service network. */
export interface ApiServiceInfo {
  readonly clusterIPs: readonly string[];
}

/**
 * A control-plane static pod in kube-system (kubeadm: label tier=control-plane), reduced to its
 * command line: kube-controller-manager's --cluster-cidr, kube-apiserver's --service-cluster-ip-range.
 */
export interface ControlPlanePodInfo {
  readonly name: string;
  /** kube-apiserver, kube-controller-manager (label `component`, else the name's prefix). */
  readonly component: string;
  readonly args: readonly string[];
}

/** An Event Podnet's node agent recorded on its own pod (reportingComponent podnet-agent). */
export interface AgentEventInfo {
  /** The Event's namespace/name (the key it is watched by). */
  readonly key: string;
  readonly name: string;
  readonly pod: string;
  /** The node the agent runs on (reportingInstance, else source.host). */
  readonly node: string;
  readonly reason: string;
  readonly message: string;
  /** lastTimestamp (else eventTime, creationTimestamp): ISO text, compared as text. */
  readonly time: string;
}
