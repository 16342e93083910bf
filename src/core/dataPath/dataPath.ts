// What a packet meets between two pods under the cluster's CNI: the device a pod's veth ends on,
// how it crosses to another node (encapsulation, tunnel device, the route each node holds) and
// how sure Podnet is of each part. Plain JSON, so the map can carry it to the webview as is.
import type { CniName } from '../cluster/cniDetection';

/**
 * configured: read from the cluster (a ConfigMap key, a DaemonSet env/arg). default: the setting
 * is absent and the CNI's documented default applies. unknown: not readable or not recognised.
 */
export type Certainty = 'configured' | 'default' | 'unknown';

/** One setting the data path was derived from, and where it was read. */
export interface DataPathSetting {
  readonly name: string;
  readonly value: string;
  readonly source: string;
  readonly certainty: Certainty;
}

export type PodLinkKind = 'bridge' | 'routed-veth' | 'ebpf-veth' | 'ovs-bridge' | 'unknown';

/** Where a pod's eth0 (a veth pair) ends on its node, and what the pod's gateway is. */
export interface PodLink {
  readonly kind: PodLinkKind;
  /** The node-side device: "cni0", "weave", "cali*", "lxc*", "veth*"… ('' when unknown). */
  readonly device: string;
  /** block-first: the block's first host address sits on the device (bridge/ptp with isGateway). */
  readonly gateway: 'block-first' | 'fixed' | 'unknown';
  /** The address pods use as their gateway when it is fixed (Calico's 169.254.1.1). */
  readonly gatewayAddress?: string;
  readonly note: string;
}

export type CrossNodeKind = 'host-routes' | 'bgp-routes' | 'tunnel' | 'overlay' | 'ebpf' | 'unknown';

/** How a packet for a pod on another node leaves this node. */
export interface CrossNode {
  readonly kind: CrossNodeKind;
  /** "none", "VXLAN (UDP 8472)", "IP-in-IP"…, or "unknown". */
  readonly encapsulation: string;
  /** The tunnel/overlay device the packet goes through ("flannel.1", "tunl0"…), if any. */
  readonly device?: string;
  /**
   * The route every other node holds for a node's block, with {block}, {node} (the owner's
   * InternalIP) and {network} (the pod network) to fill in. Absent when the CNI does not route
   * per node block (Weave: one overlay for the whole range).
   */
  readonly route?: string;
  readonly note: string;
  /** How sure the mode is (the devices and routes always follow from it, never observed). */
  readonly certainty: Certainty;
}

export interface DataPath {
  readonly cni: CniName;
  /** "Flannel, vxlan backend". */
  readonly title: string;
  /** What the CNI was recognised by. */
  readonly evidence: string;
  readonly settings: readonly DataPathSetting[];
  readonly podLink: PodLink;
  readonly crossNode: CrossNode;
  /** Between two pods of one node. */
  readonly sameNode: string;
  /** Whether pod-to-pod traffic is left un-NATed by this CNI ('unknown' when Podnet cannot say). */
  readonly podToPodNat: 'none' | 'unknown';
  /**
   * True when the destination node follows from the node blocks (longest prefix, as the routes
   * say); false when the CNI finds the node otherwise (Weave's router learns where each pod is).
   */
  readonly routesByBlock: boolean;
}

/** Said once wherever devices and routes are drawn: Podnet reads the API, never the nodes. */
export const inferredNote = 'devices and routes follow from the CNI and its settings; Podnet does not read them from the nodes';
