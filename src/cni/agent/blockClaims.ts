// Who may use which pod block. Every node's blocks are compared as ranges (identical, nested,
// partial; IPv4 and IPv6) with the project's CIDR code; when two nodes' blocks overlap, the node
// that claimed first (older Node object, then name) keeps it and the later one must not serve it.
// Every agent computes the same answer from the same node list. Pure: unit-tested without a cluster.
import type { RawNode } from '../../core/cluster/rawNode';
import { nodeInternalIps, nodePodCidrs } from '../../core/cluster/rawNode';
import type { Cidr } from '../../core/net/cidr';
import { formatAddress, formatCidr, parseAddress, parseCidr } from '../../core/net/cidr';
import { findOverlaps } from '../../core/net/overlap';

/** The one raw Node shape, its metadata typed as the agent keys and orders nodes by it. */
export interface NodeLike extends RawNode {
  readonly metadata?: { readonly name?: string; readonly resourceVersion?: string; readonly creationTimestamp?: string };
}

export interface Block {
  readonly node: string;
  readonly cidr: Cidr;
  /** Canonical text (host bits cleared, IPv6 in its short form): how `ip` prints it. */
  readonly text: string;
}

export type OverlapKind = 'identical' | 'inside' | 'contains' | 'partial';

/** One overlap between two nodes' blocks, from the point of view of `block`'s node. */
export interface BlockConflict {
  readonly block: Block;
  readonly other: Block;
  readonly kind: OverlapKind;
  /** True when `block`'s node claimed first and keeps the block. */
  readonly keeps: boolean;
}

export interface BlockClaims {
  /** Valid blocks per node, in the node's own order. */
  readonly blocks: ReadonlyMap<string, Block[]>;
  /** Conflicts per node (each overlap appears under both nodes). */
  readonly conflicts: ReadonlyMap<string, BlockConflict[]>;
  /** Nodes that must not serve or be routed for at least one block (the later claimant). */
  readonly losers: ReadonlySet<string>;
  /** Unparseable podCIDRs per node. */
  readonly invalid: ReadonlyMap<string, string[]>;
}

export function podCidrsOf(node: NodeLike): string[] {
  return [...new Set(nodePodCidrs(node))];
}

/** InternalIPs in canonical form (a non-canonical IPv6 text must compare equal to what `ip` prints). */
export function internalIpsOf(node: NodeLike): string[] {
  return nodeInternalIps(node).flatMap((ip) => {
    const parsed = parseAddress(ip);
    return parsed ? [formatAddress(parsed.family, parsed.value)] : [];
  });
}

export function canonicalBlock(cidr: Cidr): string {
  return formatCidr(cidr.family, cidr.start, cidr.prefix);
}

function overlapKind(a: Cidr, b: Cidr): OverlapKind {
  if (a.start === b.start && a.end === b.end) return 'identical';
  if (b.start <= a.start && a.end <= b.end) return 'inside';
  if (a.start <= b.start && b.end <= a.end) return 'contains';
  return 'partial';
}

const claimTime = (node: NodeLike | undefined): number => {
  const t = Date.parse(node?.metadata?.creationTimestamp ?? '');
  return Number.isFinite(t) ? t : Number.POSITIVE_INFINITY;
};

export function claimBlocks(nodes: Iterable<NodeLike>): BlockClaims {
  const byName = new Map<string, NodeLike>();
  for (const n of nodes) if (n.metadata?.name) byName.set(n.metadata.name, n);
  const all: Block[] = [];
  const blocks = new Map<string, Block[]>();
  const invalid = new Map<string, string[]>();
  for (const [name, node] of byName) {
    const own: Block[] = [];
    for (const text of podCidrsOf(node)) {
      const parsed = parseCidr(text);
      if (!parsed.ok) {
        invalid.set(name, [...(invalid.get(name) ?? []), parsed.error]);
        continue;
      }
      const block = { node: name, cidr: parsed.cidr, text: canonicalBlock(parsed.cidr) };
      own.push(block);
      all.push(block);
    }
    blocks.set(name, own);
  }
  const first = (a: Block, b: Block): boolean => {
    const ta = claimTime(byName.get(a.node));
    const tb = claimTime(byName.get(b.node));
    return ta !== tb ? ta < tb : a.node < b.node;
  };
  const conflicts = new Map<string, BlockConflict[]>();
  const losers = new Set<string>();
  const add = (c: BlockConflict): void => {
    conflicts.set(c.block.node, [...(conflicts.get(c.block.node) ?? []), c]);
  };
  for (const [i, j] of findOverlaps(all.map((b) => b.cidr))) {
    const a = all[i];
    const b = all[j];
    if (a.node === b.node) continue; // one node's own two blocks: dual-stack, or a duplicate the API let through
    const aKeeps = first(a, b);
    add({ block: a, other: b, kind: overlapKind(a.cidr, b.cidr), keeps: aKeeps });
    add({ block: b, other: a, kind: overlapKind(b.cidr, a.cidr), keeps: !aKeeps });
    losers.add(aKeeps ? b.node : a.node);
  }
  return { blocks, conflicts, losers, invalid };
}

const kindText: Record<OverlapKind, string> = { identical: 'is the same block as', inside: 'lies inside', contains: 'contains', partial: 'partly overlaps' };

/** "198.19.1.0/25 of node n5 lies inside 198.19.1.0/24 of node n1" */
export function describeConflict(c: BlockConflict): string {
  return `block ${c.block.text} of node ${c.block.node} ${kindText[c.kind]} block ${c.other.text} of node ${c.other.node}`;
}
