// The live cluster network model. Each watch event updates only what it touches (a pod, a
// node and its pods, or the cluster-wide settings) and ticks the model's change clock
// (core/cluster/changeClock.ts), so a view refreshes one node and findings are recomputed lazily,
// not on every event. Where blocks come from is core/cluster/blockResolution.ts, the CNI and
// networks core/cluster/clusterSettings.ts, pods by IP core/cluster/podIpIndex.ts.
import type {
  AgentEventInfo,
  ApiServiceInfo,
  CalicoBlockInfo,
  CiliumNodeInfo,
  ConfigMapInfo,
  ControlPlanePodInfo,
  DaemonSetInfo,
  NodeInfo,
  PodInfo,
  ServiceCidrInfo,
} from './clusterTypes';
import type { CniInfo } from './cniDetection';
import { AgentReportTable } from './agentReports';
import type { DataPath } from '../dataPath/dataPath';
import type { Networks } from './networkDiscovery';
import type { PodBlock } from './podBlock';
import { blockUsable, isJudged, sameBlocks } from './podBlock';
import type { BlockObjectChange } from './blockObjects';
import { BlockObjects } from './blockObjects';
import { placePod } from './podPlacement';
import type { Finding } from './findings';
import { computeFindings, topologyFindings } from './computeFindings';
import { ChangeClock } from './changeClock';
import { resolveBlocks } from './blockResolution';
import { ClusterSettings } from './clusterSettings';
import { naturalCompare, sortPods } from './naturalOrder';
import { PodIpIndex } from './podIpIndex';
import { PodTable } from './podTable';
import type { NodeState, NodeView, PodState } from './nodeState';
import { samePod, takesIp, viewOf } from './nodeState';

export type { ModelChanges } from './changeClock';
export type { NodeView } from './nodeState';

export class ClusterModel {
  /** The one change clock: consumers pick the counter they read and keep their own cursor. */
  readonly clock = new ChangeClock();
  private readonly nodeStates = new Map<string, NodeState>();
  private readonly podStates = new PodTable<PodState>();
  private readonly unscheduled = new Set<PodState>();
  private readonly ips = new PodIpIndex<PodState>();
  private readonly outsidePods = new Set<PodState>();
  private readonly blockObjects = new BlockObjects();
  private readonly settings = new ClusterSettings();
  /** Kinds that could not be read (403, 5xx): nothing is concluded from their absence. */
  private unreadableKinds: ReadonlySet<string> = new Set();
  private readonly agentReports = new AgentReportTable();

  private sortedNames: string[] | undefined;
  private findingsCache: { tick: number; findings: readonly Finding[] } | undefined;
  private topologyCache: { tick: number; findings: readonly Finding[] } | undefined;

  // ---- nodes ----

  upsertNode(info: NodeInfo): void {
    const state = this.nodeState(info.name);
    const ipsChanged = state.info?.internalIPs.join() !== info.internalIPs.join();
    state.info = info;
    if (ipsChanged) this.clock.topologyChanged();
    this.refreshBlocks(state);
    this.clock.node(info.name);
  }

  deleteNode(name: string): void {
    const state = this.nodeStates.get(name);
    if (!state?.info) return;
    state.info = undefined;
    this.clock.topologyChanged();
    this.refreshBlocks(state);
    this.clock.node(name);
    this.dropIfEmpty(state);
  }

  // ---- pods ----

  upsertPod(info: PodInfo): void {
    let state = this.podStates.get(info.namespace, info.name);
    if (state) {
      if (samePod(state.info, info)) {
        // Containers or readiness changed: nothing networked, but the node's pods look different.
        state.info = info;
        if (info.nodeName) this.clock.node(info.nodeName, true);
        return;
      }
      this.detachPod(state);
      state.info = info;
    } else {
      state = { info, inBlock: false, outside: false };
      this.podStates.add(info.namespace, info.name, state);
    }
    this.attachPod(state);
  }

  deletePod(namespace: string, name: string): void {
    const state = this.podStates.get(namespace, name);
    if (!state) return;
    this.detachPod(state);
    this.podStates.delete(namespace, name);
  }

  private attachPod(pod: PodState): void {
    const { info } = pod;
    if (takesIp(info)) {
      for (const ip of info.podIPs) for (const p of this.ips.add(ip, pod)) if (p.info.nodeName) this.clock.node(p.info.nodeName);
    }
    if (info.nodeName) {
      const node = this.nodeState(info.nodeName);
      node.pods.add(pod);
      if (this.settings.cni.ipam === 'weave-ipam' && !info.hostNetwork) this.refreshBlocks(node);
      this.classify(pod, node);
      this.clock.node(node.name);
    } else {
      this.unscheduled.add(pod);
      this.clock.cluster();
    }
  }

  private detachPod(pod: PodState): void {
    const { info } = pod;
    if (takesIp(info)) {
      for (const ip of info.podIPs) {
        const alone = this.ips.remove(ip, pod);
        if (alone?.info.nodeName) this.clock.node(alone.info.nodeName);
      }
    }
    this.outsidePods.delete(pod);
    if (info.nodeName) {
      const node = this.nodeStates.get(info.nodeName);
      if (node) {
        node.pods.delete(pod);
        if (pod.inBlock) node.used--;
        pod.inBlock = false;
        pod.outside = false;
        if (this.settings.cni.ipam === 'weave-ipam' && !info.hostNetwork) this.refreshBlocks(node);
        this.clock.node(node.name);
        this.dropIfEmpty(node);
      }
    } else {
      this.unscheduled.delete(pod);
      this.clock.cluster();
    }
  }

  /** Sets inBlock/outside of one pod against its node's blocks and keeps node.used in step. */
  private classify(pod: PodState, node: NodeState): void {
    const wasIn = pod.inBlock;
    const placement = placePod(pod.info, node.blocks);
    pod.inBlock = placement.inBlock;
    pod.outside = placement.outside;
    if (wasIn !== pod.inBlock) node.used += pod.inBlock ? 1 : -1;
    if (pod.outside) this.outsidePods.add(pod);
    else this.outsidePods.delete(pod);
  }

  // ---- other kinds ----

  upsertCalicoBlock(block: CalicoBlockInfo): void {
    this.applyBlockObjects(this.blockObjects.upsertCalico(block), block.node);
  }

  deleteCalicoBlock(name: string): void {
    const change = this.blockObjects.deleteCalico(name);
    if (change) this.applyBlockObjects(change);
  }

  upsertCiliumNode(info: CiliumNodeInfo): void {
    const change = this.blockObjects.upsertCilium(info);
    // The first CiliumNode switches every node known so far.
    if (change.all) this.refreshAllBlocks();
    else this.refreshBlocks(this.nodeState(info.name));
  }

  deleteCiliumNode(name: string): void {
    const change = this.blockObjects.deleteCilium(name);
    if (change) this.applyBlockObjects(change);
  }

  /** Resolves the blocks of the nodes a block object change concerns (`named`: created if new). */
  private applyBlockObjects(change: BlockObjectChange, named?: string): void {
    for (const name of change.nodes) {
      const node = name === named ? this.nodeState(name) : this.nodeStates.get(name);
      if (!node) continue;
      this.refreshBlocks(node);
      if (name !== named) this.dropIfEmpty(node);
    }
    // The first block switches every node from node.spec to Calico's blocks (the last back).
    if (change.all) this.refreshAllBlocks();
  }

  upsertDaemonSet(info: DaemonSetInfo): void {
    if (this.settings.setDaemonSet(info)) this.refreshCluster();
  }

  deleteDaemonSet(namespace: string, name: string): void {
    if (this.settings.deleteDaemonSet(namespace, name)) this.refreshCluster();
  }

  upsertConfigMap(info: ConfigMapInfo): void {
    if (this.settings.setConfigMap(info)) this.refreshCluster();
  }

  deleteConfigMap(namespace: string, name: string): void {
    if (this.settings.deleteConfigMap(namespace, name)) this.refreshCluster();
  }

  upsertServiceCidr(info: ServiceCidrInfo): void {
    if (this.settings.setServiceCidr(info)) this.refreshCluster();
  }

  deleteServiceCidr(name: string): void {
    if (this.settings.deleteServiceCidr(name)) this.refreshCluster();
  }

  upsertControlPlanePod(info: ControlPlanePodInfo): void {
    if (this.settings.setControlPlanePod(info)) this.refreshCluster();
  }

  deleteControlPlanePod(name: string): void {
    if (this.settings.deleteControlPlanePod(name)) this.refreshCluster();
  }

  // ---- Podnet agents' reports ----

  upsertAgentEvent(info: AgentEventInfo): void {
    const changed = this.agentReports.upsert(info);
    if (changed) this.clock.node(changed);
  }

  deleteAgentEvent(key: string): void {
    const changed = this.agentReports.delete(key);
    if (changed) this.clock.node(changed);
  }

  /** The latest Event the Podnet agent on this node recorded, if any. */
  agentReport(node: string): AgentEventInfo | undefined {
    return this.agentReports.report(node);
  }

  setApiService(info: ApiServiceInfo | undefined): void {
    if (this.settings.setApiService(info)) this.refreshCluster();
  }

  /** Keys currently held for a kind, so a re-list can delete what the server no longer has. */
  keys(kind: 'nodes' | 'pods' | 'calico' | 'cilium' | 'daemonsets' | 'configmaps' | 'servicecidrs' | 'controlplane' | 'agentevents'): string[] {
    switch (kind) {
      case 'nodes':
        return [...this.nodeStates.values()].filter((n) => n.info).map((n) => n.name);
      case 'pods':
        return this.podStates.keys();
      case 'calico':
      case 'cilium':
        return this.blockObjects.keys(kind);
      case 'agentevents':
        return this.agentReports.keys();
      default:
        return this.settings.keys(kind);
    }
  }

  // ---- derived state ----

  get unreadable(): ReadonlySet<string> {
    return this.unreadableKinds;
  }

  /** Kind ids as the watcher names them ("daemonsets", "ipamblocks", "ciliumnodes", ...). */
  setUnreadable(kinds: ReadonlySet<string>): void {
    if ([...kinds].sort().join() === [...this.unreadableKinds].sort().join()) return;
    this.unreadableKinds = new Set(kinds);
    this.refreshCluster();
    this.clock.cluster();
  }

  private refreshCluster(): void {
    const change = this.settings.evaluate(this.unreadableKinds.has('daemonsets'));
    if (change.networks) this.clock.topologyChanged();
    if (change.ipam) this.refreshAllBlocks();
    if (change.cni || change.networks || change.dataPath) this.clock.cluster();
  }

  private refreshAllBlocks(): void {
    for (const node of this.nodeStates.values()) this.refreshBlocks(node);
    this.clock.cluster();
  }

  private resolveBlocks(node: NodeState): PodBlock[] {
    return resolveBlocks(this.settings.cni.ipam, {
      podCIDRs: node.info?.podCIDRs ?? [],
      calico: this.blockObjects.calicoOf(node.name),
      calicoInUse: this.blockObjects.calicoInUse,
      cilium: this.blockObjects.ciliumOf(node.name),
      ciliumInUse: this.blockObjects.ciliumInUse,
      podIPs: () => [...node.pods].flatMap((p) => (takesIp(p.info) ? p.info.podIPs : [])),
    });
  }

  private refreshBlocks(node: NodeState): void {
    const blocks = this.resolveBlocks(node);
    if (sameBlocks(blocks, node.blocks)) return;
    this.setBlocks(node, blocks);
    this.clock.topologyChanged();
    for (const pod of node.pods) this.classify(pod, node);
    this.clock.node(node.name);
  }

  private nodeState(name: string): NodeState {
    let state = this.nodeStates.get(name);
    if (!state) {
      state = { name, blocks: [], pods: new Set(), used: 0, usable: undefined };
      this.nodeStates.set(name, state);
      this.sortedNames = undefined;
      // A new name in the node list: a cluster change, and one the live lint facts see.
      this.clock.cluster();
      this.clock.topologyChanged();
      this.setBlocks(state, this.resolveBlocks(state));
    }
    return state;
  }

  private setBlocks(node: NodeState, blocks: readonly PodBlock[]): void {
    node.blocks = blocks;
    const primary = blocks.filter((b) => b.family === blocks[0]?.family);
    node.usable = primary.length === 0 || !isJudged(primary[0]!) ? undefined : primary.reduce((n, b) => n + blockUsable(b), 0);
  }

  private dropIfEmpty(node: NodeState): void {
    if (node.info || node.pods.size > 0 || this.blockObjects.names(node.name)) return;
    this.nodeStates.delete(node.name);
    this.sortedNames = undefined;
    this.clock.forget(node.name);
    this.clock.cluster();
    this.clock.topologyChanged();
  }

  // ---- queries ----

  get hasApiService(): boolean {
    return this.settings.hasApiService;
  }

  get cni(): CniInfo {
    return this.settings.cni;
  }

  get networks(): Networks {
    return this.settings.networks;
  }

  /** What a packet meets between two pods under the detected CNI and its settings. */
  get dataPath(): DataPath {
    return this.settings.dataPath;
  }

  /** Node names in natural order (node-2 before node-10), cached until the set changes. */
  nodeNames(): readonly string[] {
    // Only nodes the API knows, or that pods/blocks reference.
    this.sortedNames ??= [...this.nodeStates.keys()].sort(naturalCompare);
    return this.sortedNames;
  }

  node(name: string): NodeView | undefined {
    const s = this.nodeStates.get(name);
    return s && viewOf(s);
  }

  nodes(): NodeView[] {
    return this.nodeNames().map((n) => this.node(n)!);
  }

  podsOn(nodeName: string): PodInfo[] {
    const s = this.nodeStates.get(nodeName);
    return s ? sortPods([...s.pods].map((p) => p.info)) : [];
  }

  unscheduledPods(): PodInfo[] {
    return sortPods([...this.unscheduled].map((p) => p.info));
  }

  pod(namespace: string, name: string): PodInfo | undefined {
    return this.podStates.get(namespace, name)?.info;
  }

  *pods(): IterableIterator<PodInfo> {
    for (const p of this.podStates.values()) yield p.info;
  }

  podsByIp(ip: string): PodInfo[] {
    const direct = this.ips.podsWith(ip).map((p) => p.info);
    if (direct.length > 0) return direct;
    // hostNetwork pods are not indexed (they share the node's IP): scan for them.
    const out: PodInfo[] = [];
    for (const p of this.pods()) if (p.podIPs.includes(ip)) out.push(p);
    return out;
  }

  get podCount(): number {
    return this.podStates.size;
  }

  namespaces(): string[] {
    return this.podStates.namespaces();
  }

  findings(): readonly Finding[] {
    if (this.findingsCache?.tick === this.clock.any) return this.findingsCache.findings;
    const nodes = [...this.nodeStates.values()];
    if (this.topologyCache?.tick !== this.clock.topology) {
      this.topologyCache = { tick: this.clock.topology, findings: topologyFindings(nodes, this.settings.networks) };
    }
    const findings = computeFindings({
      topology: this.topologyCache.findings,
      nodes,
      cni: this.settings.cni,
      unreadable: this.unreadableKinds,
      outsidePods: [...this.outsidePods].map((p) => ({ pod: p.info, blocks: this.nodeStates.get(p.info.nodeName ?? '')?.blocks ?? [] })),
      duplicates: [...this.ips.duplicates].map((ip) => ({ ip, pods: this.ips.podsWith(ip).map((p) => p.info) })),
    });
    findings.push(...this.agentReports.findings((name) => this.nodeStates.get(name)?.info !== undefined));
    this.findingsCache = { tick: this.clock.any, findings };
    return findings;
  }
}
