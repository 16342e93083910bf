// Big clusters' nodes in ranges of the sorted names ("node-00001 … node-00100"), like VS Code's
// debugger chunks big arrays. Not only for reading: VS Code's tree refreshes an element at a cost
// proportional to its siblings (ExtHostTreeView), so refreshing k of 5,000 flat nodes costs
// k × 5,000 and blocked the extension host for hundreds of ms; within groups of 100 it is k × 100.

/** Nodes per group. */
export const nodeGroupSize = 100;
/** Up to this many nodes the list stays flat. */
export const groupNodesAbove = 200;

export interface NodeGroup {
  /** Position among the groups: the stable part of its id (names shift between groups as nodes come and go). */
  readonly index: number;
  readonly names: readonly string[];
}

/** Groups of the sorted names, or undefined when the list is short enough to stay flat. */
export function groupNodeNames(sorted: readonly string[], size = nodeGroupSize, above = groupNodesAbove): NodeGroup[] | undefined {
  if (sorted.length <= above) return undefined;
  const groups: NodeGroup[] = [];
  for (let start = 0; start < sorted.length; start += size) groups.push({ index: groups.length, names: sorted.slice(start, start + size) });
  return groups;
}

/** "node-00001 … node-00100" (one name for a group of one). */
export function nodeGroupLabel(group: NodeGroup): string {
  const first = group.names[0] ?? '';
  const last = group.names[group.names.length - 1] ?? '';
  return first === last ? first : `${first} … ${last}`;
}
