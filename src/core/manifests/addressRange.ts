// What extractors produce: address ranges with a role, the component that declares them and where.
import type { IpFamily } from '../net/cidr';

export type RangeRole =
  | 'pod-network'
  | 'service-network'
  | 'node-network'
  /** A cloud network (VPC, VNet) that node subnets are cut from: holds them; stands for the nodes only where its object declares no subnets. */
  | 'vpc'
  /** Where a node may take its IP from (Talos nodeIP.validSubnets): often broad, so only a network holding all of it conflicts. */
  | 'node-ip-filter'
  /** A block a platform uses internally (OVN-Kubernetes join/transit/masquerade, Docker's docker0). */
  | 'reserved'
  | 'lb-pool'
  | 'secondary-network'
  | 'route'
  | 'address';

export const roleLabel: Record<RangeRole, string> = {
  'pod-network': 'pod network',
  'service-network': 'service network',
  'node-network': 'node network',
  vpc: 'VPC/VNet address space',
  'node-ip-filter': 'node IP filter',
  reserved: 'reserved range',
  'lb-pool': 'load-balancer pool',
  'secondary-network': 'secondary network',
  route: 'route',
  address: 'address',
};

/**
 * How a pod network relates to the cluster's: `cluster` declarations (kubeadm, controller-manager,
 * kube-proxy, kind, k3s, Antrea NodeIPAM, Podnet) must be equal; `node-cidr` CNIs (Flannel) must equal
 * them too; `pool` CNIs (Calico, Cilium, Weave) must lie inside them; `local` ones (a node's conflist)
 * are not compared.
 */
export type Agreement = 'cluster' | 'node-cidr' | 'pool' | 'local';

/** Offsets are relative to the text the extract belongs to (a document, then a file). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type RangeValue =
  | {
    readonly ok: true;
    readonly form: 'cidr' | 'span' | 'address';
    readonly family: IpFamily;
    readonly start: bigint;
    readonly end: bigint;
    readonly prefix?: number;
    readonly hostBits: boolean;
  }
  | { readonly ok: false; readonly error: string };

export interface RangeEntry {
  readonly role: RangeRole;
  /** Human name of the declaring object, e.g. `Flannel ConfigMap kube-flannel-cfg`. */
  readonly component: string;
  readonly source: string;
  /** The field inside it, e.g. `net-conf.json Network`. */
  readonly field: string;
  readonly text: string;
  readonly span: Span;
  readonly value: RangeValue;
  /** Set when the manifest does not say and a documented default applies; says why. */
  readonly defaultNote?: string;
  /** Entries written in one list field (dual-stack "a,b"). */
  readonly list?: { readonly id: string; readonly index: number; readonly dualStack: boolean };
  readonly agreement?: Agreement;
  /** Ties block sizes to the networks of the same object. */
  readonly owner: string;
  /** The plugin that allocates from this subnet refuses host bits and /31-/32 (/127-/128) networks (host-local). */
  readonly allocatorSubnet?: string;
}

export interface BlockEntry {
  readonly component: string;
  readonly source: string;
  readonly field: string;
  readonly kind: 'node-mask' | 'calico-block' | 'flannel-subnet' | 'whereabouts-slice';
  readonly family: IpFamily;
  readonly prefix: number;
  readonly text: string;
  readonly span: Span;
  readonly defaultNote?: string;
  readonly owner: string;
}

export interface ProblemEntry {
  readonly code: string;
  readonly message: string;
  readonly span: Span;
}

/** A number of nodes a configuration asks for (OpenShift replicas, Cluster API replicas, node groups). */
export interface NodeCountEntry {
  readonly value: number;
  /** What asks, e.g. `compute[0].replicas (OpenShift install-config.yaml)`. */
  readonly what: string;
  readonly span: Span;
}

export interface ExtractResult {
  readonly ranges: RangeEntry[];
  readonly blocks: BlockEntry[];
  readonly problems: ProblemEntry[];
  /** kubelet maxPods seen in the manifests (KubeletConfiguration), else the default 110 applies. */
  readonly maxPods: { value: number; span: Span }[];
  /** Optional so results built elsewhere (the CLI's unreadable-file results) need not list it. */
  readonly nodeCounts?: NodeCountEntry[];
}

export const emptyExtract = (): ExtractResult => ({ ranges: [], blocks: [], problems: [], maxPods: [], nodeCounts: [] });
