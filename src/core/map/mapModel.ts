// The network map's model: plain JSON (no bigint, no classes) so the host can post it to the webview
// as is. Sizes that may exceed 2^53 (IPv6) travel as decimal strings plus a float for drawing.
import type { NamespacedName } from '../cluster/namespacedName';
import type { DataPath } from '../dataPath/dataPath';
import type { IpFamily } from '../net/cidr';

export type NetworkRole = 'pod' | 'service' | 'node';
export type Severity = 'error' | 'warning' | 'info';

export interface MapNetwork {
  /** Stable id, e.g. "pod:10.32.0.0/12". */
  readonly id: string;
  readonly role: NetworkRole;
  readonly cidr: string;
  readonly family: IpFamily;
  readonly prefix: number;
  /** Address count as a decimal string (exact for IPv6). */
  readonly size: string;
  /** log2 of the address count (32 - prefix for IPv4), used for log-scaled bars. */
  readonly log2Size: number;
  /** Where the range came from ("cluster CIDR", "kubeadm serviceSubnet", "inferred from node blocks"...). */
  readonly source: string;
  /** True when not declared anywhere but derived from what was seen (e.g. the span of node blocks). */
  readonly inferred: boolean;
  /** Bar length as a fraction of the longest bar of the same family (log2-scaled when scales say so). */
  readonly barWidth: number;
}

export interface MapBlock {
  readonly cidr: string;
  readonly family: IpFamily;
  /** Pods with an IP in this block. */
  readonly used: number;
  /** Usable pod addresses, decimal string (IPv6 blocks are huge). */
  readonly usable: string;
  /** used / usable in [0, 1]. */
  readonly utilisation: number;
  /** Where the block came from ("node.spec.podCIDRs", "CiliumNode", "Calico IPAM block"...). */
  readonly source: string;
  /** Derived from the node's pod IPs, stated by no object. */
  readonly guessed?: boolean;
  /** Index into NetworkMapModel.networks of the pod network holding it, or -1 when outside every pod network. */
  readonly network: number;
  /** Start offset inside that network as a fraction [0, 1) (0 when outside). */
  readonly offset: number;
  /** Width inside that network as a fraction (0 when outside). */
  readonly width: number;
}

export interface MapNode {
  readonly name: string;
  readonly internalIPs: readonly string[];
  readonly ready: boolean | undefined;
  readonly blocks: readonly MapBlock[];
  /** Pod count (indices into pods are found with podsOf). */
  readonly podCount: number;
}

export interface MapPod extends NamespacedName {
  /** Empty when the pod has no IP yet. */
  readonly ip: string;
  /** Index into NetworkMapModel.nodes, -1 when unscheduled or on an unknown node. */
  readonly node: number;
  readonly hostNetwork: boolean;
}

/** A node block and the owner's InternalIP: every other node reaches the block through it (how, the data path says). */
export interface MapRoute {
  readonly destination: string;
  /** The owner node's InternalIP of the same family ('' when the node has none: route missing). */
  readonly via: string;
  /** Index of the node owning the block. */
  readonly node: number;
}

/** A manifest's line (the same in the map's input and in the model). */
export interface FileTarget {
  readonly kind: 'file';
  readonly uri: string;
  readonly line: number;
  readonly character: number;
  readonly label: string;
}

export type MapTarget =
  | { readonly kind: 'network'; readonly network: number }
  | { readonly kind: 'node'; readonly node: number }
  | { readonly kind: 'block'; readonly node: number; readonly block: number }
  | { readonly kind: 'pod'; readonly pod: number }
  | FileTarget;

/** The two kinds of range an overlap is between. */
export type OverlapSide = Extract<MapTarget, { kind: 'network' | 'block' }>;

/** Two ranges sharing addresses, with where the shared part sits inside each side (fractions). */
export interface MapOverlap {
  readonly a: OverlapSide;
  readonly b: OverlapSide;
  readonly family: IpFamily;
  /** The shared range as "first – last". */
  readonly range: string;
  readonly aOffset: number;
  readonly aWidth: number;
  readonly bOffset: number;
  readonly bWidth: number;
}

export interface MapFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** "cluster" for the live model's own findings, "manifest" for the linter's. */
  readonly origin: 'cluster' | 'manifest';
  readonly targets: readonly MapTarget[];
}

export interface NetworkMapModel {
  readonly version: 1;
  /** Kube context (or "" when disconnected). */
  readonly context: string;
  readonly networks: readonly MapNetwork[];
  readonly nodes: readonly MapNode[];
  readonly pods: readonly MapPod[];
  readonly routes: readonly MapRoute[];
  readonly overlaps: readonly MapOverlap[];
  readonly findings: readonly MapFinding[];
  /** What a packet meets between pods under the cluster's CNI; absent without cluster data. */
  readonly dataPath?: DataPath;
  /** Per family: bar lengths are log2-scaled when sizes differ by orders of magnitude. */
  readonly scales: readonly { readonly family: IpFamily; readonly scale: 'linear' | 'log' }[];
}

export const emptyMapModel = (context = ''): NetworkMapModel => ({
  version: 1,
  context,
  networks: [],
  nodes: [],
  pods: [],
  routes: [],
  overlaps: [],
  findings: [],
  scales: [],
});
