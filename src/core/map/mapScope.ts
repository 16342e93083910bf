// Where an aggregated map's view is among the tree's node groups (core/cluster/nodeGroups): the
// groups a scope shows, the nodes it spans, its way back, the leaf group of a node, and which
// findings belong to a scope. The group arithmetic is the tree's: no second grouping.
import type { NodeGroup } from '../cluster/nodeGroups';
import { nodeGroupLabel, parentNodeGroup } from '../cluster/nodeGroups';
import type { MapInput, MapInputFinding, MapInputTarget } from './mapInput';
import type { MapNetwork } from './mapModel';
import type { MapGroupRef, MapScope } from './mapOverview';

export const ALL_NODES_LABEL = 'All nodes';

export interface ResolvedScope {
  readonly scope: MapScope;
  /** The groups it shows side by side; undefined for a group of nodes (drawn as a plain map). */
  readonly children: readonly NodeGroup[] | undefined;
  /** Every node name it spans, sorted. */
  readonly names: readonly string[];
}

/** The scope of a group (undefined: the whole cluster); undefined when the group does not exist (any more). */
export function resolveScope(levels: readonly (readonly NodeGroup[])[], sorted: readonly string[], ref?: MapGroupRef): ResolvedScope | undefined {
  if (!ref) return { scope: { label: ALL_NODES_LABEL, parents: [] }, children: levels[levels.length - 1], names: sorted };
  const group = levels[ref.level]?.[ref.index];
  if (!group) return undefined;
  const parents: { group?: MapGroupRef; label: string }[] = [];
  for (let up = parentNodeGroup(levels, group); up; up = parentNodeGroup(levels, up)) {
    parents.unshift({ group: { level: up.level, index: up.index }, label: nodeGroupLabel(up) });
  }
  parents.unshift({ label: ALL_NODES_LABEL });
  return { scope: { group: ref, label: nodeGroupLabel(group), parents }, children: group.groups, names: group.names };
}

/** The group of nodes (level 0) holding the node at this position of the sorted names. */
export function leafGroupOf(levels: readonly (readonly NodeGroup[])[], position: number): MapGroupRef | undefined {
  const size = levels[0]?.[0]?.names.length;
  if (!size || position < 0) return undefined;
  const index = Math.floor(position / size);
  return index < levels[0]!.length ? { level: 0, index } : undefined;
}

/** The node names a target is about (a pod: its node, when the adapter knew it). */
export function targetNodes(t: MapInputTarget): string | undefined {
  if (t.kind === 'node') return t.name;
  if (t.kind === 'block') return t.node;
  if (t.kind === 'pod') return t.node;
  return undefined;
}

/**
 * A finding shown in a scope: about one of its nodes (or their pods), or about no node at all (the
 * cluster's settings, a file). `inScope` is asked about every node the finding names (a caller counts them).
 */
export function findingInScope(f: MapInputFinding, inScope: (node: string) => boolean): boolean {
  let aboutNodes = false;
  let shown = false;
  for (const t of f.targets) {
    const node = targetNodes(t);
    if (node === undefined) continue;
    aboutNodes = true;
    if (inScope(node)) shown = true;
  }
  return shown || !aboutNodes;
}

/**
 * A group's nodes as a map of their own, under the whole cluster's networks (an inferred pod network
 * is the cover of every block, not of this group's) and with the findings that concern it.
 */
export function scopedInput(group: MapInput, clusterNetworks: readonly MapNetwork[]): MapInput {
  const names = new Set(group.nodes.map((n) => n.name));
  return {
    ...group,
    networks: clusterNetworks.map((n) => ({ cidr: n.cidr, role: n.role, source: n.source, inferred: n.inferred })),
    findings: group.findings.filter((f) => findingInScope(f, (n) => names.has(n))),
  };
}
