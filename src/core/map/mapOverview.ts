// The aggregated map of a big cluster: its nodes in the tree's groups (core/cluster/nodeGroups),
// each group one summary (block ranges, use, finding counts), so the first message is bounded by
// the number of groups on a level (≤ nestGroupsAbove), not by the nodes or pods. The webview draws
// it and asks for a group's detail: a group of groups is another overview, a group of nodes is a
// NetworkMapModel of just those nodes and their pods.
import type { DataPath } from '../dataPath/dataPath';
import type { IpFamily } from '../net/cidr';
import type { MapInputFinding, MapInputTarget } from './mapInput';
import type { MapNetwork, MapOverlap, NetworkMapModel } from './mapModel';

/** Above this many nodes the map starts aggregated: the whole 5,000-node map draws its first frame in 0.4–0.6 s (bench/mapRender.ts), 65,000 nodes would not. */
export const AGGREGATE_MAP_ABOVE = 5_000;

/** A group by its level and position (core/cluster/nodeGroups NodeGroup.level/index). */
export interface MapGroupRef {
  readonly level: number;
  readonly index: number;
}

/** Where the view is: the whole cluster (no group) or one group, with the way back. */
export interface MapScope {
  readonly group?: MapGroupRef;
  readonly label: string;
  /** From the whole cluster down to the parent of this scope. */
  readonly parents: readonly { readonly group?: MapGroupRef; readonly label: string }[];
}

/** The span of one group's blocks inside one pod network. */
export interface MapGroupRange {
  readonly family: IpFamily;
  /** Index into MapOverview.networks. */
  readonly network: number;
  /** Lowest and highest block of the group in that network. */
  readonly first: string;
  readonly last: string;
  /** Fractions of the network, as MapBlock.offset/width. */
  readonly offset: number;
  readonly width: number;
}

export interface MapGroupSummary {
  readonly group: MapGroupRef;
  /** "node-00001 … node-00100". */
  readonly label: string;
  readonly nodes: number;
  readonly notReady: number;
  readonly pods: number;
  /** Pod IPs in use and usable addresses of the group's blocks (primary family). */
  readonly used: number;
  readonly usable: number;
  readonly utilisation: number;
  readonly ranges: readonly MapGroupRange[];
  /** Blocks outside every pod network. */
  readonly outside: number;
  /** The cluster's findings about a node or pod of the group (every one: aggregation hides none). */
  readonly findings: number;
  readonly errors: number;
}

/** A finding's target by name (in the overview nothing has an index yet); a block is shown as its node. */
export type OverviewTarget = Exclude<MapInputTarget, { readonly kind: 'block' }>;

export type OverviewFinding = Omit<MapInputFinding, 'targets'> & { readonly targets: readonly OverviewTarget[] };

/** Findings listed at most in one overview (the counts per group are always complete). */
export const MAX_OVERVIEW_FINDINGS = 500;

export interface MapOverview {
  readonly version: 1;
  readonly context: string;
  readonly scope: MapScope;
  /** Nodes and pods in the scope. */
  readonly nodes: number;
  readonly pods: number;
  readonly networks: readonly MapNetwork[];
  /** Between networks only (block overlaps are findings, counted in their groups). */
  readonly overlaps: readonly MapOverlap[];
  readonly groups: readonly MapGroupSummary[];
  /** The findings of the scope (its groups' and the cluster-wide ones), at most MAX_OVERVIEW_FINDINGS. */
  readonly findings: readonly OverviewFinding[];
  readonly findingCount: number;
  readonly dataPath?: DataPath;
  readonly scales: NetworkMapModel['scales'];
}
