// MapInput (nodes with their counted use, no pods needed) → the aggregated overview of one scope:
// one summary per group it shows, the networks as the full map would draw them, and every finding
// counted in the groups it concerns. The sums per group of nodes are kept (core/map/groupCounts.ts):
// the extension host's overview (core/map/liveOverview.ts) moves them by what changed.
import type { NodeGroup } from '../cluster/nodeGroups';
import { nodeGroupLabel } from '../cluster/nodeGroups';
import type { DataPath } from '../dataPath/dataPath';
import type { Steps } from '../steps';
import { itemsPerStep, runToEnd } from '../steps';
import { buildNetworks, fraction, networkOverlaps, scalesOf } from './buildMapModel';
import { LeafCounts, leavesOf } from './groupCounts';
import type { MapInput, MapInputFinding, MapInputNode, MapInputTarget } from './mapInput';
import type { MapGroupRange, MapGroupRef, MapGroupSummary, MapOverview, OverviewTarget } from './mapOverview';
import { MAX_OVERVIEW_FINDINGS } from './mapOverview';
import { findingInScope, resolveScope } from './mapScope';
import { cidrSize } from '../net/cidr';

export function buildOverview(input: MapInput, levels: readonly (readonly NodeGroup[])[], ref?: MapGroupRef): MapOverview | undefined {
  return runToEnd(buildOverviewSteps(input, levels, ref));
}

/** What an overview is drawn from besides its groups' counts: the cluster as a whole. */
export interface OverviewBase {
  readonly context: string;
  /** Every node name, sorted (the groups' order). */
  readonly names: readonly string[];
  readonly findings: readonly MapInputFinding[];
  readonly dataPath?: DataPath;
  /** The groups of nodes' counts, under the networks drawn (buildNetworks). */
  readonly counts: LeafCounts;
}

/** Undefined when the scope is not a group of groups (any more): the caller shows the whole cluster or the group's own map. */
export function* buildOverviewSteps(input: MapInput, levels: readonly (readonly NodeGroup[])[], ref?: MapGroupRef): Steps<MapOverview | undefined> {
  let byName: Map<string, MapInputNode> | undefined;
  const nodeNamed = (name: string) => (byName ??= new Map(input.nodes.map((m) => [m.name, m]))).get(name);
  const counts = new LeafCounts(levels[0] ?? [], buildNetworks(input), nodeNamed);
  yield;
  return yield* overviewOfSteps(
    { context: input.context, names: input.nodes.map((n) => n.name), findings: input.findings, dataPath: input.dataPath, counts },
    levels,
    ref,
  );
}

/** The overview of a scope from kept group sums (a group of groups merges its groups of nodes). */
export function* overviewOfSteps(base: OverviewBase, levels: readonly (readonly NodeGroup[])[], ref?: MapGroupRef): Steps<MapOverview | undefined> {
  const at = resolveScope(levels, base.names, ref);
  if (!at?.children) return undefined;
  const { networks, netCidrs } = base.counts;
  const groups: { summary: Omit<MapGroupSummary, 'findings' | 'errors' | 'utilisation'>; findings: number; errors: number }[] = [];
  let counted = 0;
  let pods = 0;
  for (const g of at.children) {
    const c = yield* base.counts.countsSteps(g);
    counted += c.nodes;
    pods += c.pods;
    const ranges: MapGroupRange[] = [...c.spans].sort(([a], [b]) => a - b).map(([network, s]) => {
      const net = netCidrs[network]!;
      return {
        family: net.family,
        network,
        first: s.first,
        last: s.last,
        offset: fraction(s.lo - net.start, cidrSize(net)),
        width: fraction(s.hi - s.lo + 1n, cidrSize(net)),
      };
    });
    const { nodes, notReady, used, usable, outside } = c;
    groups.push({
      summary: { group: { level: g.level, index: g.index }, label: nodeGroupLabel(g), nodes, notReady, pods: c.pods, used, usable, ranges, outside },
      findings: 0,
      errors: 0,
    });
  }

  // Every finding counts in each group it concerns; the list carries the scope's findings, capped.
  // A node's child: its group of nodes, then the child holding that group.
  const childOfLeaf = new Map<number, number>();
  at.children.forEach((g, ci) => {
    for (const leaf of leavesOf(g)) childOfLeaf.set(leaf.index, ci);
  });
  const childOfNode = (node: string) => {
    const leaf = base.counts.leafOf(node);
    return leaf === undefined ? undefined : childOfLeaf.get(leaf);
  };
  // One pass, a turn of the event loop every itemsPerStep: a big cluster has tens of
  // thousands of findings (a pod network that holds the service range is one per node).
  const scoped: MapInputFinding[] = [];
  const touched: number[] = [];
  for (let i = 0; i < base.findings.length; i++) {
    if (i % itemsPerStep === itemsPerStep - 1) yield;
    const f = base.findings[i]!;
    touched.length = 0;
    const shown = findingInScope(f, (node) => {
      const ci = childOfNode(node);
      if (ci !== undefined && !touched.includes(ci)) touched.push(ci);
      return ci !== undefined;
    });
    if (!shown) continue;
    scoped.push(f);
    for (const ci of touched) {
      groups[ci]!.findings++;
      if (f.severity === 'error') groups[ci]!.errors++;
    }
  }
  return {
    version: 1,
    context: base.context,
    scope: at.scope,
    nodes: counted,
    pods,
    networks,
    overlaps: networkOverlaps(networks, netCidrs),
    groups: groups.map((g) => ({
      ...g.summary,
      utilisation: g.summary.usable > 0 ? Math.min(1, g.summary.used / g.summary.usable) : 0,
      findings: g.findings,
      errors: g.errors,
    })),
    findings: scoped.slice(0, MAX_OVERVIEW_FINDINGS).map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      origin: f.origin,
      targets: f.targets.map(overviewTarget),
    })),
    findingCount: scoped.length,
    ...(base.dataPath ? { dataPath: base.dataPath } : {}),
    scales: scalesOf(networks),
  };
}

const overviewTarget = (t: MapInputTarget): OverviewTarget => (t.kind === 'block' ? { kind: 'node', name: t.node } : t);
