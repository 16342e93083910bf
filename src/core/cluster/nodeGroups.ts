// Big clusters' nodes in ranges of the sorted names ("node-00001 … node-00100"), like VS Code's
// debugger chunks big arrays. Not only for reading: VS Code's tree refreshes an element at a cost
// proportional to its siblings (ExtHostTreeView), so refreshing k of 5,000 flat nodes costs
// k × 5,000 and blocked the extension host for hundreds of ms; within groups of 100 it is k × 100.
// For the same reason 65,000 nodes (650 groups) go into groups of groups: no level holds more
// than nestGroupsAbove siblings.

/** Nodes per group. */
export const nodeGroupSize = 100;
/** Up to this many nodes the list stays flat. */
export const groupNodesAbove = 200;
/** Up to this many groups on a level they stay side by side; above, they go into groups of nodeGroupSize groups. */
export const nestGroupsAbove = 200;

export interface NodeGroup {
  /** Position among the groups of its level: the stable part of its id (names shift between groups as nodes come and go). */
  readonly index: number;
  /** 0: a range of nodes; 1: a range of level-0 groups; and so on. */
  readonly level: number;
  /** Every node name it spans, sorted. */
  readonly names: readonly string[];
  /** Above level 0: the groups of the level below it holds. */
  readonly groups?: readonly NodeGroup[];
}

/** Groups of the sorted names, or undefined when the list is short enough to stay flat. */
export function groupNodeNames(sorted: readonly string[], size = nodeGroupSize, above = groupNodesAbove): NodeGroup[] | undefined {
  if (sorted.length <= above) return undefined;
  const groups: NodeGroup[] = [];
  for (let start = 0; start < sorted.length; start += size) groups.push({ index: groups.length, level: 0, names: sorted.slice(start, start + size) });
  return groups;
}

/**
 * The levels of groups, leaves (level 0, groupNodeNames) first, the tree's top level last; each
 * level above holds groups of `size` groups of the level below, until a level has at most
 * `nestAbove` groups. Undefined when the list stays flat.
 */
export function nodeGroupLevels(
  sorted: readonly string[],
  size = nodeGroupSize,
  above = groupNodesAbove,
  nestAbove = nestGroupsAbove,
): NodeGroup[][] | undefined {
  const leaves = groupNodeNames(sorted, size, above);
  if (!leaves) return undefined;
  const levels: NodeGroup[][] = [leaves];
  for (let below = leaves; below.length > nestAbove; below = levels[levels.length - 1]!) {
    const level = levels.length;
    const span = size ** (level + 1); // nodes under one group of this level
    const next: NodeGroup[] = [];
    for (let start = 0; start < below.length; start += size) {
      const index = next.length;
      next.push({ index, level, names: sorted.slice(index * span, (index + 1) * span), groups: below.slice(start, start + size) });
    }
    levels.push(next);
  }
  return levels;
}

/** The group holding `group` one level up, or undefined for a top-level group. */
export function parentNodeGroup(levels: readonly (readonly NodeGroup[])[], group: Pick<NodeGroup, 'index' | 'level'>): NodeGroup | undefined {
  const up = levels[group.level + 1];
  const size = up?.[0]?.groups?.length; // every group but the last holds the full size
  return up && size ? up[Math.floor(group.index / size)] : undefined;
}

/** "node-00001 … node-00100" (one name for a group of one). */
export function nodeGroupLabel(group: NodeGroup): string {
  const first = group.names[0] ?? '';
  const last = group.names[group.names.length - 1] ?? '';
  return first === last ? first : `${first} … ${last}`;
}
