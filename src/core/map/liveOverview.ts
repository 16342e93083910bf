// The aggregated map's picture of a live cluster model, kept up to date by what really changed:
// the node list, blocks, node IPs and networks (the clock's topology tick) rebuild it; otherwise
// only the nodes the clock names since the last update are read again, and their groups' sums
// moved by the difference (core/map/groupCounts.ts). One pod event costs its node, not the whole cluster.
import type { ClusterModel } from '../cluster/clusterModel';
import type { NodeGroup } from '../cluster/nodeGroups';
import { nodeGroupLevels } from '../cluster/nodeGroups';
import type { Steps } from '../steps';
import { buildNetworksSteps } from './buildMapModel';
import type { OverviewBase } from './buildOverview';
import { clusterFindingsInputSteps, clusterNetworksInput, mapInputNode } from './fromClusterModel';
import { LeafCounts } from './groupCounts';
import { cidrTargetsSteps } from './manifestFindings';
import type { MapInputFinding, MapInputNode, MapInputTarget } from './mapInput';
import type { MapNetwork } from './mapModel';

/** Nodes read per step on a rebuild. */
const NODES_PER_STEP = 512;

interface Topology {
  readonly tick: number;
  readonly names: readonly string[];
  readonly levels: readonly (readonly NodeGroup[])[];
  readonly nodes: Map<string, MapInputNode>;
  readonly networks: readonly MapNetwork[];
  readonly targets: ReadonlyMap<string, MapInputTarget>;
  readonly counts: LeafCounts;
}

export class LiveOverview {
  private topology: Topology | undefined;
  /** The clock's `any` tick the nodes were last read at. */
  private cursor = 0;
  private findings: { tick: number; findings: readonly MapInputFinding[] } | undefined;
  private versionCount = 0;

  constructor(
    readonly context: string,
    readonly model: ClusterModel,
  ) {}

  /** Ticks whenever what the overview shows may have changed (a view built at the same version is still true). */
  get version(): number {
    return this.versionCount;
  }

  get names(): readonly string[] {
    return this.current().names;
  }

  get levels(): readonly (readonly NodeGroup[])[] {
    return this.current().levels;
  }

  /** The networks drawn (buildNetworks over every node). */
  get networks(): readonly MapNetwork[] {
    return this.current().networks;
  }

  /** The networks and node blocks a manifest finding can concern by CIDR. */
  get targets(): ReadonlyMap<string, MapInputTarget> {
    return this.current().targets;
  }

  /** What the overview needs, once update() has run. */
  get base(): OverviewBase {
    const t = this.current();
    return { context: this.context, names: t.names, findings: this.findings?.findings ?? [], dataPath: this.model.dataPath, counts: t.counts };
  }

  /** Brings the picture up to the model's state: a rebuild on a topology change, else the changed nodes only. */
  *updateSteps(): Steps<void> {
    const clock = this.model.clock;
    const tick = clock.any;
    const t = this.topology;
    if (!t || t.tick !== clock.topology || t.names !== this.model.nodeNames()) {
      this.topology = yield* this.rebuildSteps();
      this.versionCount++;
    } else if (tick !== this.cursor) {
      const changed = clock.changesSince(this.cursor);
      for (const name of changed.nodes) {
        const view = this.model.node(name);
        const before = t.nodes.get(name);
        if (!view) t.nodes.delete(name);
        else t.nodes.set(name, mapInputNode(view));
        const after = t.nodes.get(name);
        if (before && after) t.counts.update(name, before, after);
        else t.counts.invalidate(name);
      }
      this.versionCount++;
    }
    this.cursor = tick;
    if (this.findings?.tick !== tick) {
      this.findings = { tick, findings: yield* clusterFindingsInputSteps(this.model) };
      this.versionCount++;
    }
  }

  private *rebuildSteps(): Steps<Topology> {
    const tick = this.model.clock.topology;
    const names = this.model.nodeNames();
    const nodes = new Map<string, MapInputNode>();
    for (const name of names) {
      const view = this.model.node(name);
      if (view) nodes.set(name, mapInputNode(view));
      if (nodes.size % NODES_PER_STEP === 0) yield;
    }
    const input = { networks: clusterNetworksInput(this.model), nodes: [...nodes.values()] };
    yield;
    const networks = yield* buildNetworksSteps(input);
    yield;
    const targets = yield* cidrTargetsSteps(input);
    const levels = nodeGroupLevels(names) ?? [];
    const counts = new LeafCounts(levels[0] ?? [], networks, (name) => nodes.get(name));
    yield* counts.indexSteps();
    return { tick, names, levels, nodes, networks, targets, counts };
  }

  private current(): Topology {
    if (!this.topology) throw new Error('LiveOverview read before its first update');
    return this.topology;
  }
}
