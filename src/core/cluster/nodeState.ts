// The model's state of one node, and the read-only view of a node it hands out.
import type { NodeInfo, PodInfo } from './clusterTypes';
import type { PodBlock } from './podBlock';
import type { PodId } from './podStore';

export interface NodeState {
  readonly name: string;
  info?: NodeInfo;
  blocks: readonly PodBlock[];
  /** Its pods (core/cluster/podStore.ts ids). */
  readonly pods: Set<PodId>;
  /** Its pods whose primary IP lies in one of its blocks (core/cluster/podPlacement.ts). */
  used: number;
  /** Usable addresses of the primary-family blocks; undefined for none or derived-pod-ips. */
  usable: number | undefined;
}

export interface NodeView {
  readonly name: string;
  /** Undefined when the node is only known from its pods (nodes not listable). */
  readonly info?: NodeInfo;
  readonly blocks: readonly PodBlock[];
  readonly podCount: number;
  /** Pod IPs in use inside the block. */
  readonly used: number;
  /** Usable addresses of its blocks (primary family); undefined for derived blocks. */
  readonly usable?: number;
}

/** A pod whose IPs come from the CNI (hostNetwork pods share the node's; finished pods gave theirs back). */
export const takesIp = (info: PodInfo): boolean => !info.hostNetwork && info.phase !== 'Succeeded' && info.phase !== 'Failed';

export function viewOf(s: NodeState): NodeView {
  return s.usable === undefined
    ? { name: s.name, info: s.info, blocks: s.blocks, podCount: s.pods.size, used: s.used }
    : { name: s.name, info: s.info, blocks: s.blocks, podCount: s.pods.size, used: s.used, usable: s.usable };
}
