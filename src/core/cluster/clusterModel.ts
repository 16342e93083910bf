// The live cluster network model. Each watch event updates only what it touches (a pod, a
// node and its pods, or the cluster-wide settings) and records which nodes changed, so the
// tree refreshes one node and findings are recomputed lazily, not on every event.
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
import { detectCni } from './cniDetection';
import { agentFindings, latestReports } from './agentReports';
import type { DataPath } from '../dataPath/dataPath';
import { dataPathFor } from '../dataPath/cniDataPath';
import type { Networks } from './networkDiscovery';
import { discoverNetworks } from './networkDiscovery';
import type { PodBlock } from './podBlock';
import { blockUsable, coveringBlock, sameBlocks, toBlock } from './podBlock';
import type { ParsedIp } from './fastIp';
import { parseIp } from './fastIp';
import type { Finding } from './findings';
import { computeFindings, topologyFindings } from './computeFindings';

interface PodState {
  info: PodInfo;
  /** Its primary IP lies in its node's block (counts toward utilisation). */
  inBlock: boolean;
  /** An IP lies outside the node's (non-derived) block of that family. */
  outside: boolean;
}

interface NodeState {
  readonly name: string;
  info?: NodeInfo;
  blocks: readonly PodBlock[];
  readonly pods: Set<PodState>;
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

export interface ModelChanges {
  readonly nodes: ReadonlySet<string>;
  /** CNI, networks, unscheduled pods or the node list itself changed. */
  readonly cluster: boolean;
}

const terminal = (phase: string) => phase === 'Succeeded' || phase === 'Failed';
const podKey = (namespace: string, name: string) => `${namespace}/${name}`;

export class ClusterModel {
  private readonly nodeStates = new Map<string, NodeState>();
  /** namespace → name → pod: no per-pod key string (150,000 of them cost ~9 MB). */
  private readonly podStates = new Map<string, Map<string, PodState>>();
  private podTotal = 0;
  private readonly unscheduled = new Set<PodState>();
  private readonly ipIndex = new Map<string, PodState | PodState[]>();
  private readonly duplicateIps = new Set<string>();
  private readonly outsidePods = new Set<PodState>();
  private readonly calicoByName = new Map<string, CalicoBlockInfo>();
  private readonly calicoByNode = new Map<string, Map<string, CalicoBlockInfo>>();
  private readonly ciliumNodes = new Map<string, CiliumNodeInfo>();
  private readonly daemonSets = new Map<string, DaemonSetInfo>();
  private readonly configMaps = new Map<string, ConfigMapInfo>();
  private readonly serviceCidrs = new Map<string, ServiceCidrInfo>();
  private readonly controlPlanePods = new Map<string, ControlPlanePodInfo>();
  private readonly agentEvents = new Map<string, AgentEventInfo>();
  private agentLatest: Map<string, AgentEventInfo> | undefined;
  private apiService: ApiServiceInfo | undefined;
  private cniInfo: CniInfo = detectCni([], []);
  private networkInfo: Networks = { podNetworks: [], serviceNetworks: [] };
  private dataPathInfo: DataPath = dataPathFor(this.cniInfo, [], []);

  private changedNodes = new Set<string>();
  private clusterChanged = false;
  private sortedNames: string[] | undefined;
  private version = 0;
  /** Bumped when blocks, node IPs or networks change: the expensive findings depend on it. */
  private topologyVersion = 0;
  /** Changes that touched only containers/readiness (each also bumped `version`). */
  private containerOnlyChanges = 0;
  private findingsCache: { version: number; findings: readonly Finding[] } | undefined;
  private topologyCache: { version: number; findings: readonly Finding[] } | undefined;

  // ---- nodes ----

  upsertNode(info: NodeInfo): void {
    const state = this.nodeState(info.name);
    const ipsChanged = state.info?.internalIPs.join() !== info.internalIPs.join();
    state.info = info;
    if (ipsChanged) this.topologyVersion++;
    this.refreshBlocks(state);
    this.touch(info.name);
  }

  deleteNode(name: string): void {
    const state = this.nodeStates.get(name);
    if (!state?.info) return;
    state.info = undefined;
    this.topologyVersion++;
    this.refreshBlocks(state);
    this.touch(name);
    this.dropIfEmpty(state);
  }

  // ---- pods ----

  upsertPod(info: PodInfo): void {
    let inNs = this.podStates.get(info.namespace);
    if (!inNs) this.podStates.set(info.namespace, (inNs = new Map()));
    let state = inNs.get(info.name);
    if (state) {
      const old = state.info;
      if (samePod(old, info)) {
        // Containers or readiness changed: nothing networked, but the node's pods look different.
        state.info = info;
        if (info.nodeName) {
          this.touch(info.nodeName);
          this.containerOnlyChanges++;
        }
        return;
      }
      this.detachPod(state);
      state.info = info;
    } else {
      state = { info, inBlock: false, outside: false };
      inNs.set(info.name, state);
      this.podTotal++;
    }
    this.attachPod(state);
  }

  deletePod(namespace: string, name: string): void {
    const inNs = this.podStates.get(namespace);
    const state = inNs?.get(name);
    if (!inNs || !state) return;
    this.detachPod(state);
    inNs.delete(name);
    this.podTotal--;
    if (inNs.size === 0) this.podStates.delete(namespace);
  }

  private attachPod(pod: PodState): void {
    const { info } = pod;
    if (!info.hostNetwork && !terminal(info.phase)) {
      for (const ip of info.podIPs) this.indexIp(ip, pod);
    }
    if (info.nodeName) {
      const node = this.nodeState(info.nodeName);
      node.pods.add(pod);
      if (this.cniInfo.ipam === 'weave-ipam' && !info.hostNetwork) this.refreshBlocks(node);
      this.classify(pod, node);
      this.touch(node.name);
    } else {
      this.unscheduled.add(pod);
      this.clusterChanged = true;
      this.version++;
    }
  }

  private detachPod(pod: PodState): void {
    const { info } = pod;
    if (!info.hostNetwork && !terminal(info.phase)) {
      for (const ip of info.podIPs) this.unindexIp(ip, pod);
    }
    this.outsidePods.delete(pod);
    if (info.nodeName) {
      const node = this.nodeStates.get(info.nodeName);
      if (node) {
        node.pods.delete(pod);
        if (pod.inBlock) node.used--;
        pod.inBlock = false;
        pod.outside = false;
        if (this.cniInfo.ipam === 'weave-ipam' && !info.hostNetwork) this.refreshBlocks(node);
        this.touch(node.name);
        this.dropIfEmpty(node);
      }
    } else {
      this.unscheduled.delete(pod);
      this.clusterChanged = true;
      this.version++;
    }
  }

  private indexIp(ip: string, pod: PodState): void {
    const cur = this.ipIndex.get(ip);
    if (cur === undefined) this.ipIndex.set(ip, pod);
    else if (Array.isArray(cur)) cur.push(pod);
    else this.ipIndex.set(ip, [cur, pod]);
    if (cur !== undefined) {
      this.duplicateIps.add(ip);
      for (const p of this.podsWithIp(ip)) if (p.info.nodeName) this.changedNodes.add(p.info.nodeName);
    }
  }

  private unindexIp(ip: string, pod: PodState): void {
    const cur = this.ipIndex.get(ip);
    if (cur === undefined) return;
    if (!Array.isArray(cur)) {
      if (cur === pod) this.ipIndex.delete(ip);
      return;
    }
    const rest = cur.filter((p) => p !== pod);
    if (rest.length <= 1) {
      this.duplicateIps.delete(ip);
      if (rest[0]?.info.nodeName) this.changedNodes.add(rest[0].info.nodeName);
    }
    if (rest.length === 0) this.ipIndex.delete(ip);
    else this.ipIndex.set(ip, rest.length === 1 ? rest[0]! : rest);
  }

  private podsWithIp(ip: string): readonly PodState[] {
    const cur = this.ipIndex.get(ip);
    return cur === undefined ? [] : Array.isArray(cur) ? cur : [cur];
  }

  /** Sets inBlock/outside of one pod against its node's blocks and keeps node.used in step. */
  private classify(pod: PodState, node: NodeState): void {
    const wasIn = pod.inBlock;
    pod.inBlock = false;
    pod.outside = false;
    const { info } = pod;
    const blocks = node.blocks;
    if (!info.hostNetwork && blocks.length > 0 && info.podIPs.length > 0 && !terminal(info.phase)) {
      const derived = blocks[0]!.source === 'derived-pod-ips';
      for (let i = 0; i < info.podIPs.length; i++) {
        const ip = parseIp(info.podIPs[i]!);
        if (!ip) continue;
        let familyBlocks = 0;
        let inside = false;
        for (const b of blocks) {
          if (b.family !== ip.family) continue;
          familyBlocks++;
          if (b.start <= ip.value && ip.value <= b.end) {
            inside = true;
            break;
          }
        }
        if (familyBlocks === 0) continue;
        if (i === 0 && inside) pod.inBlock = true;
        if (!inside && !derived) pod.outside = true;
      }
    }
    if (wasIn !== pod.inBlock) node.used += pod.inBlock ? 1 : -1;
    if (pod.outside) this.outsidePods.add(pod);
    else this.outsidePods.delete(pod);
  }

  // ---- other kinds ----

  upsertCalicoBlock(block: CalicoBlockInfo): void {
    const old = this.calicoByName.get(block.name);
    if (old) this.removeCalico(old);
    this.calicoByName.set(block.name, block);
    if (block.node) {
      let byNode = this.calicoByNode.get(block.node);
      if (!byNode) this.calicoByNode.set(block.node, (byNode = new Map()));
      byNode.set(block.name, block);
      this.refreshBlocks(this.nodeState(block.node));
    }
    // The first block switches every node from node.spec to Calico's blocks.
    if (this.calicoByName.size === 1) this.refreshAllBlocks();
  }

  deleteCalicoBlock(name: string): void {
    const old = this.calicoByName.get(name);
    if (!old) return;
    this.removeCalico(old);
    this.calicoByName.delete(name);
    if (this.calicoByName.size === 0) this.refreshAllBlocks();
  }

  private removeCalico(block: CalicoBlockInfo): void {
    if (!block.node) return;
    this.calicoByNode.get(block.node)?.delete(block.name);
    const node = this.nodeStates.get(block.node);
    if (node) {
      this.refreshBlocks(node);
      this.dropIfEmpty(node);
    }
  }

  upsertCiliumNode(info: CiliumNodeInfo): void {
    const first = this.ciliumNodes.size === 0;
    this.ciliumNodes.set(info.name, info);
    if (first) this.refreshAllBlocks();
    else this.refreshBlocks(this.nodeState(info.name));
  }

  deleteCiliumNode(name: string): void {
    if (!this.ciliumNodes.delete(name)) return;
    const node = this.nodeStates.get(name);
    if (node) {
      this.refreshBlocks(node);
      this.dropIfEmpty(node);
    }
    if (this.ciliumNodes.size === 0) this.refreshAllBlocks();
  }

  upsertDaemonSet(info: DaemonSetInfo): void {
    this.daemonSets.set(podKey(info.namespace, info.name), info);
    this.refreshCluster();
  }

  deleteDaemonSet(namespace: string, name: string): void {
    if (this.daemonSets.delete(podKey(namespace, name))) this.refreshCluster();
  }

  upsertConfigMap(info: ConfigMapInfo): void {
    this.configMaps.set(podKey(info.namespace, info.name), info);
    this.refreshCluster();
  }

  deleteConfigMap(namespace: string, name: string): void {
    if (this.configMaps.delete(podKey(namespace, name))) this.refreshCluster();
  }

  upsertServiceCidr(info: ServiceCidrInfo): void {
    this.serviceCidrs.set(info.name, info);
    this.refreshCluster();
  }

  deleteServiceCidr(name: string): void {
    if (this.serviceCidrs.delete(name)) this.refreshCluster();
  }

  upsertControlPlanePod(info: ControlPlanePodInfo): void {
    this.controlPlanePods.set(info.name, info);
    this.refreshCluster();
  }

  deleteControlPlanePod(name: string): void {
    if (this.controlPlanePods.delete(name)) this.refreshCluster();
  }

  // ---- Podnet agents' reports ----

  upsertAgentEvent(info: AgentEventInfo): void {
    const before = this.agentReport(info.node);
    this.agentEvents.set(info.key, info);
    this.agentLatest = undefined;
    if (this.agentReport(info.node) !== before) this.touch(info.node);
  }

  deleteAgentEvent(key: string): void {
    const info = this.agentEvents.get(key);
    if (!info) return;
    const before = this.agentReport(info.node);
    this.agentEvents.delete(key);
    this.agentLatest = undefined;
    if (this.agentReport(info.node) !== before) this.touch(info.node);
  }

  /** The latest Event the Podnet agent on this node recorded, if any. */
  agentReport(node: string): AgentEventInfo | undefined {
    this.agentLatest ??= latestReports(this.agentEvents.values());
    return this.agentLatest.get(node);
  }

  setApiService(info: ApiServiceInfo | undefined): void {
    this.apiService = info;
    this.refreshCluster();
  }

  /** Keys currently held for a kind, so a re-list can delete what the server no longer has. */
  keys(kind: 'nodes' | 'pods' | 'calico' | 'cilium' | 'daemonsets' | 'configmaps' | 'servicecidrs' | 'controlplane' | 'agentevents'): string[] {
    switch (kind) {
      case 'nodes':
        return [...this.nodeStates.values()].filter((n) => n.info).map((n) => n.name);
      case 'pods':
        return [...this.podStates].flatMap(([ns, pods]) => [...pods.keys()].map((name) => podKey(ns, name)));
      case 'calico':
        return [...this.calicoByName.keys()];
      case 'cilium':
        return [...this.ciliumNodes.keys()];
      case 'daemonsets':
        return [...this.daemonSets.keys()];
      case 'configmaps':
        return [...this.configMaps.keys()];
      case 'servicecidrs':
        return [...this.serviceCidrs.keys()];
      case 'controlplane':
        return [...this.controlPlanePods.keys()];
      case 'agentevents':
        return [...this.agentEvents.keys()];
    }
  }

  // ---- derived state ----

  /** Kinds that could not be read (403, 5xx): nothing is concluded from their absence. */
  private unreadableKinds: ReadonlySet<string> = new Set();

  get unreadable(): ReadonlySet<string> {
    return this.unreadableKinds;
  }

  /** Kind ids as the watcher names them ("daemonsets", "ipamblocks", "ciliumnodes", ...). */
  setUnreadable(kinds: ReadonlySet<string>): void {
    if ([...kinds].sort().join() === [...this.unreadableKinds].sort().join()) return;
    this.unreadableKinds = new Set(kinds);
    this.refreshCluster();
    this.clusterChanged = true;
    this.version++;
  }

  private refreshCluster(): void {
    let cni = detectCni(this.daemonSets.values(), this.configMaps.values());
    // No CNI DaemonSet among those we could not read is not "no CNI".
    if (cni.name === 'none' && this.unreadableKinds.has('daemonsets')) cni = { ...cni, name: 'unknown', evidence: 'unknown (could not read DaemonSets)' };
    const networks = discoverNetworks(cni, this.daemonSets.values(), this.configMaps.values(), this.serviceCidrs.values(), this.apiService, this.controlPlanePods.values());
    const cniChanged = cni.name !== this.cniInfo.name || cni.ipam !== this.cniInfo.ipam || cni.evidence !== this.cniInfo.evidence;
    // Only the IPAM mode decides where blocks come from: a renamed CNI needs no block pass.
    const ipamChanged = cni.ipam !== this.cniInfo.ipam;
    const netChanged = JSON.stringify(networks) !== JSON.stringify(this.networkInfo);
    // A flannel backend or Cilium routing-mode change redraws the map but moves no block.
    const dataPath = dataPathFor(cni, this.daemonSets.values(), this.configMaps.values());
    const pathChanged = JSON.stringify(dataPath) !== JSON.stringify(this.dataPathInfo);
    this.cniInfo = cni;
    this.networkInfo = networks;
    this.dataPathInfo = dataPath;
    if (netChanged) this.topologyVersion++;
    if (ipamChanged) this.refreshAllBlocks();
    if (cniChanged || netChanged || pathChanged) {
      this.clusterChanged = true;
      this.version++;
    }
  }

  private refreshAllBlocks(): void {
    for (const node of this.nodeStates.values()) this.refreshBlocks(node);
    this.clusterChanged = true;
    this.version++;
  }

  private resolveBlocks(node: NodeState): PodBlock[] {
    const spec = () => (node.info?.podCIDRs ?? []).map((c) => toBlock(c, 'node-spec')).filter((b): b is PodBlock => !!b);
    const calico = () =>
      [...(this.calicoByNode.get(node.name)?.values() ?? [])]
        .map((b) => toBlock(b.cidr, 'calico-ipamblock'))
        .filter((b): b is PodBlock => !!b)
        .sort((a, b) => a.family - b.family || (a.start < b.start ? -1 : 1));
    const cilium = () => (this.ciliumNodes.get(node.name)?.podCIDRs ?? []).map((c) => toBlock(c, 'ciliumnode')).filter((b): b is PodBlock => !!b);
    switch (this.cniInfo.ipam) {
      case 'calico-ipam':
        return this.calicoByName.size > 0 ? calico() : spec();
      case 'cilium-cluster-pool':
        return this.ciliumNodes.size > 0 ? cilium() : spec();
      case 'weave-ipam':
        return this.derivedBlocks(node);
      case 'node-podcidr': {
        const s = spec();
        if (s.length > 0) return s;
        const c = calico();
        return c.length > 0 ? c : cilium();
      }
    }
  }

  /**
   * Weave has no per-node block: derive one. When most of the node's pod IPs fall inside its
   * node.spec.podCIDR, Weave is evidently handing out that range: use it (and flag the pods
   * outside it). Otherwise describe the range the pods use: the smallest covering CIDR.
   */
  private derivedBlocks(node: NodeState): PodBlock[] {
    const byFamily: Record<4 | 6, bigint[]> = { 4: [], 6: [] };
    for (const pod of node.pods) {
      if (pod.info.hostNetwork || terminal(pod.info.phase)) continue;
      for (const text of pod.info.podIPs) {
        const ip: ParsedIp | undefined = parseIp(text);
        if (ip) byFamily[ip.family].push(ip.value);
      }
    }
    const spec = (node.info?.podCIDRs ?? []).map((c) => toBlock(c, 'derived-podcidr')).filter((b): b is PodBlock => !!b);
    const out: PodBlock[] = [];
    for (const family of [4, 6] as const) {
      const values = byFamily[family];
      const specOf = spec.filter((b) => b.family === family);
      const inside = values.filter((v) => specOf.some((b) => b.start <= v && v <= b.end)).length;
      if (specOf.length > 0 && inside * 2 >= values.length) out.push(...specOf);
      else {
        const covering = coveringBlock(family, values);
        if (covering) out.push(covering);
      }
    }
    return out;
  }

  private refreshBlocks(node: NodeState): void {
    const blocks = this.resolveBlocks(node);
    if (sameBlocks(blocks, node.blocks)) return;
    this.setBlocks(node, blocks);
    this.topologyVersion++;
    for (const pod of node.pods) this.classify(pod, node);
    this.touch(node.name);
  }

  private nodeState(name: string): NodeState {
    let state = this.nodeStates.get(name);
    if (!state) {
      state = { name, blocks: [], pods: new Set(), used: 0, usable: undefined };
      this.nodeStates.set(name, state);
      this.sortedNames = undefined;
      this.clusterChanged = true;
      this.refreshBlocksQuietly(state);
    }
    return state;
  }

  private refreshBlocksQuietly(state: NodeState): void {
    this.setBlocks(state, this.resolveBlocks(state));
  }

  private setBlocks(node: NodeState, blocks: readonly PodBlock[]): void {
    node.blocks = blocks;
    const primary = blocks.filter((b) => b.family === blocks[0]?.family);
    node.usable = primary.length === 0 || primary[0]!.source === 'derived-pod-ips' ? undefined : primary.reduce((n, b) => n + blockUsable(b), 0);
  }

  private dropIfEmpty(node: NodeState): void {
    if (node.info || node.pods.size > 0 || this.calicoByNode.get(node.name)?.size || this.ciliumNodes.has(node.name)) return;
    this.nodeStates.delete(node.name);
    this.sortedNames = undefined;
    this.clusterChanged = true;
    this.topologyVersion++;
  }

  private touch(name: string): void {
    this.changedNodes.add(name);
    this.version++;
  }

  // ---- queries ----

  /** Changes since the last call (for granular tree refresh). */
  drainChanges(): ModelChanges {
    const changes = { nodes: this.changedNodes, cluster: this.clusterChanged };
    this.changedNodes = new Set();
    this.clusterChanged = false;
    return changes;
  }

  /** Changes when blocks, node IPs, the node list or the networks change (not on pod churn): what ClusterFacts are made of. */
  get topologyChangeVersion(): string {
    return `${this.topologyVersion}/${this.nodeNames().length}`;
  }

  get changeVersion(): number {
    return this.version;
  }

  /** Like changeVersion, but still under changes to containers or readiness only (the network map does not show them). */
  get networkChangeVersion(): number {
    return this.version - this.containerOnlyChanges;
  }

  get hasApiService(): boolean {
    return this.apiService !== undefined;
  }

  get cni(): CniInfo {
    return this.cniInfo;
  }

  get networks(): Networks {
    return this.networkInfo;
  }

  /** What a packet meets between two pods under the detected CNI and its settings. */
  get dataPath(): DataPath {
    return this.dataPathInfo;
  }

  /** Node names in natural order (node-2 before node-10), cached until the set changes. */
  nodeNames(): readonly string[] {
    if (!this.sortedNames) {
      // Only nodes the API knows, or that pods/blocks reference.
      this.sortedNames = [...this.nodeStates.keys()].sort(naturalCompare);
    }
    return this.sortedNames;
  }

  node(name: string): NodeView | undefined {
    const s = this.nodeStates.get(name);
    if (!s) return undefined;
    const usable = s.usable;
    return usable === undefined
      ? { name, info: s.info, blocks: s.blocks, podCount: s.pods.size, used: s.used }
      : { name, info: s.info, blocks: s.blocks, podCount: s.pods.size, used: s.used, usable };
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
    return this.podStates.get(namespace)?.get(name)?.info;
  }

  pods(): IterableIterator<PodInfo> {
    const byNs = this.podStates.values();
    return (function* () {
      for (const pods of byNs) for (const p of pods.values()) yield p.info;
    })();
  }

  podsByIp(ip: string): PodInfo[] {
    const direct = this.podsWithIp(ip).map((p) => p.info);
    if (direct.length > 0) return direct;
    // hostNetwork pods are not indexed (they share the node's IP): scan for them.
    const out: PodInfo[] = [];
    for (const p of this.pods()) if (p.podIPs.includes(ip)) out.push(p);
    return out;
  }

  get podCount(): number {
    return this.podTotal;
  }

  namespaces(): string[] {
    const set = new Set<string>();
    for (const [ns, pods] of this.podStates) if (pods.size > 0) set.add(ns);
    return [...set].sort();
  }

  findings(): readonly Finding[] {
    if (this.findingsCache?.version === this.version) return this.findingsCache.findings;
    const nodes = [...this.nodeStates.values()];
    if (this.topologyCache?.version !== this.topologyVersion) {
      this.topologyCache = { version: this.topologyVersion, findings: topologyFindings(nodes, this.networkInfo) };
    }
    const findings = computeFindings({
      topology: this.topologyCache.findings,
      nodes,
      cni: this.cniInfo,
      unreadable: this.unreadableKinds,
      outsidePods: [...this.outsidePods].map((p) => ({ pod: p.info, blocks: this.nodeStates.get(p.info.nodeName ?? '')?.blocks ?? [] })),
      duplicates: [...this.duplicateIps].map((ip) => ({ ip, pods: this.podsWithIp(ip).map((p) => p.info) })),
    });
    this.agentLatest ??= latestReports(this.agentEvents.values());
    findings.push(...agentFindings(this.agentLatest, (name) => this.nodeStates.get(name)?.info !== undefined));
    this.findingsCache = { version: this.version, findings };
    return findings;
  }
}

function samePod(a: PodInfo, b: PodInfo): boolean {
  return a.nodeName === b.nodeName && a.hostNetwork === b.hostNetwork && a.phase === b.phase && a.podIPs.join() === b.podIPs.join();
}

function sortPods(pods: PodInfo[]): PodInfo[] {
  return pods.sort((a, b) => naturalCompare(a.namespace, b.namespace) || naturalCompare(a.name, b.name));
}

/** "node-2" before "node-10": digit runs compare by value. Hand-rolled: Intl.Collator is ~20× slower (5,000 nodes). */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = ca >= 48 && ca <= 57;
    const db = cb >= 48 && cb <= 57;
    if (da && db) {
      let ea = i;
      while (ea < a.length && a.charCodeAt(ea) >= 48 && a.charCodeAt(ea) <= 57) ea++;
      let eb = j;
      while (eb < b.length && b.charCodeAt(eb) >= 48 && b.charCodeAt(eb) <= 57) eb++;
      // Compare digit runs by value: strip leading zeros, then length, then digits.
      let sa = i;
      while (sa < ea - 1 && a.charCodeAt(sa) === 48) sa++;
      let sb = j;
      while (sb < eb - 1 && b.charCodeAt(sb) === 48) sb++;
      if (ea - sa !== eb - sb) return ea - sa - (eb - sb);
      for (let k = 0; k < ea - sa; k++) {
        const d = a.charCodeAt(sa + k) - b.charCodeAt(sb + k);
        if (d !== 0) return d;
      }
      i = ea;
      j = eb;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}
