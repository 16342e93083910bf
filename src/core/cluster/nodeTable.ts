// The model's nodes: each node's state, its pod blocks (resolved by core/cluster/blockResolution.ts
// from the node, the block objects and the CNI's IPAM), and where its pods lie against them (how
// many addresses are in use, which pods lie outside). A pod counts by recomputing its placement
// against the blocks it was placed in: the blocks only change in refresh(), which places every
// pod of the node again, so no per-pod state is kept (a million pods pay for none).
import type { PodInfo } from './clusterTypes';
import type { PodId, PodStore } from './podStore';
import type { BlockObjectChange, BlockObjects } from './blockObjects';
import type { ChangeClock } from './changeClock';
import type { ClusterSettings } from './clusterSettings';
import type { NodeState } from './nodeState';
import type { PodBlock } from './podBlock';
import { blockUsable, isJudged, sameBlocks } from './podBlock';
import { resolveBlocks } from './blockResolution';
import { naturalCompare } from './naturalOrder';
import { placePod } from './podPlacement';
import { takesIp } from './nodeState';
import { TopologyFindingTable } from './topologyFindings';

export class NodeTable {
  private readonly states = new Map<string, NodeState>();
  private sortedNames: string[] | undefined;
  /** Pods with an IP outside every judged block of its family on their node (pod-ip-outside-block). */
  readonly outsidePods = new Set<PodId>();
  /** The findings between nodes' blocks, addresses and the networks, kept up to date with the nodes. */
  readonly topology = new TopologyFindingTable();

  constructor(
    private readonly pods: PodStore,
    private readonly clock: ChangeClock,
    private readonly settings: ClusterSettings,
    private readonly blockObjects: BlockObjects,
  ) {}

  get(name: string): NodeState | undefined {
    return this.states.get(name);
  }

  values(): IterableIterator<NodeState> {
    return this.states.values();
  }

  /** Node names in natural order (node-2 before node-10), cached until the set changes. */
  names(): readonly string[] {
    this.sortedNames ??= [...this.states.keys()].sort(naturalCompare);
    return this.sortedNames;
  }

  /** The node's state, created (with its blocks) when the name is new. */
  ensure(name: string): NodeState {
    let state = this.states.get(name);
    if (!state) {
      state = { name, blocks: [], pods: new Set(), used: 0, usable: undefined };
      this.states.set(name, state);
      this.sortedNames = undefined;
      // A new name in the node list: a cluster change, and one the live lint facts see.
      this.clock.cluster();
      this.topologyChanged(name);
      this.setBlocks(state, this.resolve(state));
    }
    return state;
  }

  /** Forgets a node nothing describes any more (no Node, no pods, no block object naming it). */
  dropIfEmpty(node: NodeState): void {
    if (node.info || node.pods.size > 0 || this.blockObjects.names(node.name)) return;
    this.states.delete(node.name);
    this.sortedNames = undefined;
    this.clock.forget(node.name);
    this.clock.cluster();
    this.topologyChanged(node.name);
  }

  /** What the topology findings rest on changed for this node: its blocks, its addresses, or the node itself. */
  topologyChanged(name: string): void {
    this.clock.topologyChanged();
    this.topology.touch(name);
  }

  /** Adds a pod to its node, counted against the node's blocks (Weave derives them from the pods). */
  addPod(node: NodeState, id: PodId, pod: PodInfo): void {
    const placement = placePod(pod, node.blocks);
    if (placement.inBlock) node.used++;
    if (placement.outside) this.outsidePods.add(id);
    node.pods.add(id);
    if (this.derivesFromPods(pod)) this.refresh(node);
  }

  removePod(node: NodeState, id: PodId, pod: PodInfo): void {
    if (placePod(pod, node.blocks).inBlock) node.used--;
    this.outsidePods.delete(id);
    node.pods.delete(id);
    if (this.derivesFromPods(pod)) this.refresh(node);
  }

  private derivesFromPods(pod: PodInfo): boolean {
    return this.settings.cni.ipam === 'weave-ipam' && !pod.hostNetwork;
  }

  /** Resolves the blocks of the nodes a block object change concerns (`named`: created if new). */
  applyBlockObjects(change: BlockObjectChange, named?: string): void {
    for (const name of change.nodes) {
      const node = name === named ? this.ensure(name) : this.states.get(name);
      if (!node) continue;
      this.refresh(node);
      if (name !== named) this.dropIfEmpty(node);
    }
    // The first block switches every node from node.spec to Calico's blocks (the last back).
    if (change.all) this.refreshAll();
  }

  refreshAll(): void {
    for (const node of this.states.values()) this.refresh(node);
    this.clock.cluster();
  }

  /** Resolves the node's blocks again; when they changed, every pod of the node is placed again. */
  refresh(node: NodeState): void {
    const blocks = this.resolve(node);
    if (sameBlocks(blocks, node.blocks)) return;
    this.setBlocks(node, blocks);
    this.topologyChanged(node.name);
    node.used = 0;
    for (const id of node.pods) {
      const placement = placePod(this.pods.info(id), blocks);
      if (placement.inBlock) node.used++;
      if (placement.outside) this.outsidePods.add(id);
      else this.outsidePods.delete(id);
    }
    this.clock.node(node.name);
  }

  private resolve(node: NodeState): PodBlock[] {
    return resolveBlocks(this.settings.cni.ipam, {
      podCIDRs: node.info?.podCIDRs ?? [],
      calico: this.blockObjects.calicoOf(node.name),
      calicoInUse: this.blockObjects.calicoInUse,
      cilium: this.blockObjects.ciliumOf(node.name),
      ciliumInUse: this.blockObjects.ciliumInUse,
      podIPs: () =>
        [...node.pods].flatMap((id) => {
          const p = this.pods.info(id);
          return takesIp(p) ? p.podIPs : [];
        }),
    });
  }

  private setBlocks(node: NodeState, blocks: readonly PodBlock[]): void {
    node.blocks = blocks;
    const primary = blocks.filter((b) => b.family === blocks[0]?.family);
    node.usable = primary.length === 0 || !isJudged(primary[0]!) ? undefined : primary.reduce((n, b) => n + blockUsable(b), 0);
  }
}
