// The live cluster network model. Each watch event updates only what it touches (a pod, a
// node and its pods, or the cluster-wide settings) and ticks the model's change clock
// (core/cluster/changeClock.ts), so a view refreshes one node and findings are recomputed lazily,
// not on every event. Where blocks come from is core/cluster/blockResolution.ts, the CNI and
// networks core/cluster/clusterSettings.ts, nodes and their pods' placement
// core/cluster/nodeTable.ts, the pods themselves core/cluster/podStore.ts (columns, no object per
// pod), pods by IP core/cluster/podIpIndex.ts.
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
import { BlockObjects } from './blockObjects';
import type { Finding } from './findings';
import { blocksUnknownOf, podFindings } from './computeFindings';
import { NodeFindingTable } from './nodeFindingTable';
import { ChangeClock } from './changeClock';
import { ClusterSettings } from './clusterSettings';
import { sortPods } from './naturalOrder';
import { NodeTable } from './nodeTable';
import { PodIpIndex } from './podIpIndex';
import type { PodId } from './podStore';
import { PodStore } from './podStore';
import type { NodeView } from './nodeState';
import { takesIp, viewOf } from './nodeState';

export type { ModelChanges } from './changeClock';
export type { NodeView } from './nodeState';

export class ClusterModel {
  /** The one change clock: consumers pick the counter they read and keep their own cursor. */
  readonly clock = new ChangeClock();
  private readonly blockObjects = new BlockObjects();
  private readonly settings = new ClusterSettings();
  /** The pods themselves, no state around them (core/cluster/nodeTable.ts places them). */
  private readonly store = new PodStore();
  private readonly nodeStates = new NodeTable(this.store, this.clock, this.settings, this.blockObjects);
  private readonly unscheduled = new Set<PodId>();
  private readonly ips = new PodIpIndex();
  /** Kinds that could not be read (403, 5xx): nothing is concluded from their absence. */
  private unreadableKinds: ReadonlySet<string> = new Set();
  private readonly agentReports = new AgentReportTable();

  /** Each node's own findings, read again only for the nodes that changed. */
  private readonly nodeFindings = new NodeFindingTable();
  private findingsCache: { tick: number; findings: readonly Finding[] } | undefined;

  // ---- nodes ----

  upsertNode(info: NodeInfo): void {
    const state = this.nodeStates.ensure(info.name);
    const ipsChanged = state.info?.internalIPs.join() !== info.internalIPs.join();
    state.info = info;
    if (ipsChanged) this.nodeStates.topologyChanged(info.name);
    this.nodeStates.refresh(state);
    this.clock.node(info.name);
  }

  deleteNode(name: string): void {
    const state = this.nodeStates.get(name);
    if (!state?.info) return;
    state.info = undefined;
    this.nodeStates.topologyChanged(name);
    this.nodeStates.refresh(state);
    this.clock.node(name);
    this.nodeStates.dropIfEmpty(state);
  }

  // ---- pods ----

  upsertPod(info: PodInfo): void {
    const id = this.store.find(info.namespace, info.name);
    if (id < 0) {
      this.attachPod(this.store.add(info), info);
      return;
    }
    if (this.store.sameNetworking(id, info)) {
      // Containers or readiness changed: nothing networked, but the node's pods look different.
      this.store.replace(id, info);
      if (info.nodeName) this.clock.node(info.nodeName, true);
      return;
    }
    this.detachPod(id, this.store.info(id));
    this.store.replace(id, info);
    this.attachPod(id, info);
  }

  deletePod(namespace: string, name: string): void {
    const id = this.store.find(namespace, name);
    if (id < 0) return;
    this.detachPod(id, this.store.info(id));
    this.store.delete(id);
  }

  private attachPod(id: PodId, pod: PodInfo): void {
    if (takesIp(pod)) {
      for (const ip of pod.podIPs) {
        for (const p of this.ips.add(ip, id)) {
          const node = this.store.nodeName(p);
          if (node) this.clock.node(node);
        }
      }
    }
    if (pod.nodeName) {
      const node = this.nodeStates.ensure(pod.nodeName);
      this.nodeStates.addPod(node, id, pod);
      this.clock.node(node.name);
    } else {
      this.unscheduled.add(id);
      this.clock.cluster();
    }
  }

  private detachPod(id: PodId, pod: PodInfo): void {
    if (takesIp(pod)) {
      for (const ip of pod.podIPs) {
        const alone = this.ips.remove(ip, id);
        const node = alone === undefined ? undefined : this.store.nodeName(alone);
        if (node) this.clock.node(node);
      }
    }
    if (pod.nodeName) {
      const node = this.nodeStates.get(pod.nodeName);
      if (node) {
        this.nodeStates.removePod(node, id, pod);
        this.clock.node(node.name);
        this.nodeStates.dropIfEmpty(node);
      }
    } else {
      this.unscheduled.delete(id);
      this.clock.cluster();
    }
  }

  // ---- other kinds ----

  upsertCalicoBlock(block: CalicoBlockInfo): void {
    this.nodeStates.applyBlockObjects(this.blockObjects.upsertCalico(block), block.node);
  }

  deleteCalicoBlock(name: string): void {
    const change = this.blockObjects.deleteCalico(name);
    if (change) this.nodeStates.applyBlockObjects(change);
  }

  upsertCiliumNode(info: CiliumNodeInfo): void {
    const change = this.blockObjects.upsertCilium(info);
    // The first CiliumNode switches every node known so far.
    if (change.all) this.nodeStates.refreshAll();
    else this.nodeStates.refresh(this.nodeStates.ensure(info.name));
  }

  deleteCiliumNode(name: string): void {
    const change = this.blockObjects.deleteCilium(name);
    if (change) this.nodeStates.applyBlockObjects(change);
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
        return this.store.keys();
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
    if (change.ipam) this.nodeStates.refreshAll();
    if (change.cni || change.networks || change.dataPath) this.clock.cluster();
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
    return this.nodeStates.names();
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
    return s ? sortPods(this.infos(s.pods)) : [];
  }

  unscheduledPods(): PodInfo[] {
    return sortPods(this.infos(this.unscheduled));
  }

  pod(namespace: string, name: string): PodInfo | undefined {
    const id = this.store.find(namespace, name);
    return id < 0 ? undefined : this.store.info(id);
  }

  /** The pod's node, without building its PodInfo. */
  podNode(namespace: string, name: string): string | undefined {
    const id = this.store.find(namespace, name);
    return id < 0 ? undefined : this.store.nodeName(id);
  }

  /** Every pod, each a PodInfo built as it is read (the store holds columns). */
  *pods(): Generator<PodInfo> {
    for (const id of this.store.ids()) yield this.store.info(id);
  }

  podsByIp(ip: string): PodInfo[] {
    const direct = this.infos(this.ips.podsWith(ip));
    if (direct.length > 0) return direct;
    // hostNetwork pods are not indexed (they share the node's IP): scan for them.
    const out: PodInfo[] = [];
    for (const p of this.pods()) if (p.podIPs.includes(ip)) out.push(p);
    return out;
  }

  get podCount(): number {
    return this.store.size;
  }

  namespaces(): string[] {
    return this.store.namespaces();
  }

  findings(): readonly Finding[] {
    if (this.findingsCache?.tick === this.clock.any) return this.findingsCache.findings;
    const cni = this.settings.cni;
    const states = () => this.nodeStates.values();
    const findings = [
      ...this.nodeStates.topology.findings((name) => this.nodeStates.get(name), this.settings.networks),
      ...this.nodeFindings.findings(this.clock, states, (name) => this.nodeStates.get(name), cni, blocksUnknownOf(cni, this.unreadableKinds)),
      ...podFindings({
        outsidePods: this.infos(this.nodeStates.outsidePods).map((pod) => ({ pod, blocks: this.nodeStates.get(pod.nodeName ?? '')?.blocks ?? [] })),
        duplicates: [...this.ips.duplicates()].map((ip) => ({ ip, pods: this.infos(this.ips.podsWith(ip)) })),
      }),
      ...this.agentReports.findings((name) => this.nodeStates.get(name)?.info !== undefined),
    ];
    this.findingsCache = { tick: this.clock.any, findings };
    return findings;
  }

  private infos(ids: Iterable<PodId>): PodInfo[] {
    const out: PodInfo[] = [];
    for (const id of ids) out.push(this.store.info(id));
    return out;
  }
}
