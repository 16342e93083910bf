// What an aggregated map's group summary is made of (nodes, readiness, pods, use, the span of its
// blocks in each pod network), counted per group of nodes (level 0) and kept: a change to one
// node moves its group's sums by the difference (its blocks unchanged, as under pod churn) or
// counts its group again, and a group of groups is the merge of its groups of nodes. So a pod
// event costs its node, not the whole cluster.
import type { NodeGroup } from '../cluster/nodeGroups';
import type { Cidr } from '../net/cidr';
import { containsRange, overlaps, usableAddresses } from '../net/cidr';
import type { Steps } from '../steps';
import { runToEnd } from '../steps';
import { blockCidr, mustParse, podNetworkOf } from './buildMapModel';
import type { MapInputNode } from './mapInput';
import type { MapNetwork } from './mapModel';

/** The lowest and highest block of a group inside one pod network. */
export interface BlockSpan {
  readonly lo: bigint;
  readonly hi: bigint;
  readonly first: string;
  readonly last: string;
}

export interface GroupCounts {
  readonly nodes: number;
  readonly notReady: number;
  readonly pods: number;
  readonly used: number;
  readonly usable: number;
  /** Blocks outside every pod network. */
  readonly outside: number;
  /** Pod network index → the group's span in it. */
  readonly spans: ReadonlyMap<number, BlockSpan>;
}

/** Groups of nodes counted per step (≤ 8 ms slices on the extension host). */
const LEAVES_PER_STEP = 20;

export class LeafCounts {
  /** Per group of nodes (levels[0]); undefined: not counted yet, or a node's blocks changed since. */
  private readonly counts: (Mutable<GroupCounts> | undefined)[];
  private leafByNode: Map<string, number> | undefined;
  readonly netCidrs: readonly Cidr[];
  /** Per network: a pod network no earlier pod network overlaps (a block inside it is in it, podNetworkOf). */
  private readonly firstHolder: readonly boolean[];

  constructor(
    private readonly leaves: readonly NodeGroup[],
    readonly networks: readonly MapNetwork[],
    private readonly nodeNamed: (name: string) => MapInputNode | undefined,
  ) {
    this.counts = new Array<Mutable<GroupCounts> | undefined>(leaves.length);
    this.netCidrs = networks.map((n) => mustParse(n.cidr));
    this.firstHolder = this.netCidrs.map((c, i) =>
      networks[i]!.role === 'pod' &&
      !this.netCidrs.some((o, j) => j < i && networks[j]!.role === 'pod' && overlaps(o, c))
    );
  }

  /** The group of nodes holding a node (undefined: not in the cluster's groups). */
  leafOf(node: string): number | undefined {
    if (!this.leafByNode) runToEnd(this.indexSteps());
    return this.leafByNode!.get(node);
  }

  /** Indexes every node's group, in steps (65,000 names take longer than a slice). */
  *indexSteps(): Steps<void> {
    if (this.leafByNode) return;
    const byNode = new Map<string, number>();
    for (const g of this.leaves) {
      for (const name of g.names) byNode.set(name, g.index);
      if (g.index % LEAVES_PER_STEP === 0) yield;
    }
    this.leafByNode = byNode;
  }

  /** The node changed: its group of nodes is counted again when next asked. */
  invalidate(node: string): void {
    const leaf = this.leafOf(node);
    if (leaf !== undefined) this.counts[leaf] = undefined;
  }

  /**
   * The node changed from `before` to `after`: with the same blocks (pods, use, readiness changed,
   * as under pod churn) its group's sums move by the difference, nothing is read again; else
   * its group is counted again when next asked.
   */
  update(node: string, before: MapInputNode, after: MapInputNode): void {
    const leaf = this.leafOf(node);
    const c = leaf === undefined ? undefined : this.counts[leaf];
    if (!c) return;
    if (!sameBlocks(before, after)) return this.invalidate(node);
    const was = nodeSums(before);
    const now = nodeSums(after);
    c.notReady += now.notReady - was.notReady;
    c.pods += now.pods - was.pods;
    c.used += now.used - was.used;
    c.usable += now.usable - was.usable;
  }

  /** The counts of a group at any level: its groups of nodes merged, in order. */
  *countsSteps(group: NodeGroup): Steps<GroupCounts> {
    const leaves = leavesOf(group);
    const parts: Mutable<GroupCounts>[] = [];
    let counted = 0;
    for (const leaf of leaves) {
      let c = this.counts[leaf.index];
      if (!c) {
        c = this.count(leaf);
        this.counts[leaf.index] = c;
        if (++counted % LEAVES_PER_STEP === 0) yield;
      }
      parts.push(c);
    }
    return mergeCounts(parts); // a copy: the kept sums move on
  }

  private count(leaf: NodeGroup): Mutable<GroupCounts> {
    const spans = new Map<number, Mutable<BlockSpan>>();
    const sum = zeroCounts(spans);
    let lastNet = -1;
    for (const name of leaf.names) {
      const n = this.nodeNamed(name);
      if (!n) continue;
      sum.nodes++;
      addSums(sum, nodeSums(n));
      for (const b of n.blocks) {
        // The model's parse as it is (no Cidr object per block: 65,000 nodes pass through here).
        const c = b.parsed ?? blockCidr(b);
        if (!c) continue;
        // Neighbouring blocks sit in the same network: try the last one first.
        const last = lastNet >= 0 ? this.netCidrs[lastNet]! : undefined;
        if (!(last && this.firstHolder[lastNet] && containsRange(last, c))) {
          lastNet = podNetworkOf(c, this.networks, this.netCidrs);
        }
        const net = lastNet;
        if (net < 0) {
          sum.outside++;
          continue;
        }
        const s = spans.get(net);
        if (!s) spans.set(net, { lo: c.start, hi: c.end, first: b.cidr, last: b.cidr });
        else {
          if (c.start < s.lo) {
            s.lo = c.start;
            s.first = b.cidr;
          }
          if (c.end > s.hi) {
            s.hi = c.end;
            s.last = b.cidr;
          }
        }
      }
    }
    return sum;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const zeroCounts = (spans: GroupCounts['spans']): Mutable<GroupCounts> => ({ nodes: 0, notReady: 0, pods: 0, used: 0, usable: 0, outside: 0, spans });

function addSums(to: Mutable<GroupCounts>, part: Partial<Omit<GroupCounts, 'spans'>>): void {
  to.nodes += part.nodes ?? 0;
  to.notReady += part.notReady ?? 0;
  to.pods += part.pods ?? 0;
  to.used += part.used ?? 0;
  to.usable += part.usable ?? 0;
  to.outside += part.outside ?? 0;
}

/** What one node adds to its group's sums (the spans and blocks outside depend on its blocks alone). */
function nodeSums(n: MapInputNode): { notReady: number; pods: number; used: number; usable: number } {
  let used = 0;
  let usable = 0;
  for (const b of n.blocks) {
    if (b.used === undefined) continue;
    const c = b.parsed ?? blockCidr(b);
    if (!c) continue;
    used += b.used;
    usable += b.usable !== undefined ? Number(b.usable) : Number(usableAddresses(c));
  }
  return { notReady: n.ready === false ? 1 : 0, pods: n.podCount ?? 0, used, usable };
}

const sameBlocks = (a: MapInputNode, b: MapInputNode): boolean => a.blocks.length === b.blocks.length && a.blocks.every((x, i) => x.cidr === b.blocks[i]!.cidr);

/** The groups of nodes under a group (itself at level 0), in order. */
export function leavesOf(group: NodeGroup): readonly NodeGroup[] {
  return group.level === 0 || !group.groups ? [group] : group.groups.flatMap(leavesOf);
}

/** Sums, and per network the widest span; on a tie the earlier group's block, as one pass over the nodes in order would keep. */
export function mergeCounts(parts: readonly GroupCounts[]): GroupCounts {
  const spans = new Map<number, BlockSpan>();
  const sum = zeroCounts(spans);
  for (const p of parts) {
    addSums(sum, p);
    for (const [net, s] of p.spans) {
      const t = spans.get(net);
      if (!t) spans.set(net, s);
      else if (s.lo < t.lo || s.hi > t.hi) {
        spans.set(net, {
          lo: s.lo < t.lo ? s.lo : t.lo,
          first: s.lo < t.lo ? s.first : t.first,
          hi: s.hi > t.hi ? s.hi : t.hi,
          last: s.hi > t.hi ? s.last : t.last,
        });
      }
    }
  }
  return sum;
}
