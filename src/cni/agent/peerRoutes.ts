// What this node does with the cluster's node list: which of its own blocks it may serve, which peer
// blocks it routes (via that peer's InternalIP of the same family, host-gw style), and what is wrong —
// split into this node's own problems (it turns unready) and its peers' (reported, never ignored,
// but they do not make this node unready). Pure, so it is unit-tested without a cluster.
import type { Block, NodeLike } from './blockClaims';
import { claimBlocks, describeConflict, internalIpsOf } from './blockClaims';
import { overlaps } from '../../core/net/cidr';

export type { NodeLike } from './blockClaims';
export { internalIpsOf, podCidrsOf } from './blockClaims';

export interface NodeView {
  /** This node's blocks (canonical), whether or not it may serve them. */
  readonly ownBlocks: readonly Block[];
  /** The blocks this node may hand out addresses from: empty while any of its blocks is contested. */
  readonly servedBlocks: readonly Block[];
  /** Peer block (canonical) → gateway (canonical). Never a block that overlaps one of ours. */
  readonly routes: Map<string, string>;
  /** This node's own problems: any of them makes it unready. */
  readonly problems: string[];
  /** Problems of other nodes, seen from here: reported as Warning Events. */
  readonly peerProblems: string[];
  /** Every node's valid blocks (the pod network per family is inferred from them when not set). */
  readonly allBlocks: readonly Block[];
}

const familyName = (family: 4 | 6): string => `IPv${family}`;

export function nodeView(self: string, nodes: Iterable<NodeLike>): NodeView {
  const list = [...nodes];
  const claims = claimBlocks(list);
  const problems: string[] = [];
  const peerProblems: string[] = [];
  const byName = new Map(list.map((n) => [n.metadata?.name, n]));
  const me = byName.get(self);
  const ownBlocks = claims.blocks.get(self) ?? [];

  for (const error of claims.invalid.get(self) ?? []) problems.push(`this node has an invalid podCIDR: ${error}`);
  const myConflicts = claims.conflicts.get(self) ?? [];
  for (const c of myConflicts) {
    if (c.keeps) peerProblems.push(`${describeConflict(c)}: node ${c.other.node} registered later and must not use it; it is not routed from here`);
    else {problems.push(
        `${
          describeConflict(c)
        }, which node ${c.other.node} claimed first: this node serves no pod addresses until it gets a block of its own (delete and re-register the node, or fix the block allocator)`,
      );}
  }
  const contested = myConflicts.some((c) => !c.keeps);
  const servedBlocks = contested ? [] : ownBlocks;

  const myIps = me ? internalIpsOf(me) : [];
  for (const b of ownBlocks) {
    if (!myIps.some((ip) => ip.includes(':') === (b.cidr.family === 6))) {
      problems.push(
        `this node has the ${familyName(b.cidr.family)} block ${b.text} but no ${
          familyName(b.cidr.family)
        } InternalIP: no other node can route to its pods (give the kubelet an address of that family, e.g. --node-ip=IPv4,IPv6)`,
      );
    }
  }

  const routes = new Map<string, string>();
  for (const [name, peerBlocks] of claims.blocks) {
    if (name === self) continue;
    for (const error of claims.invalid.get(name) ?? []) peerProblems.push(`node ${name} has an invalid podCIDR: ${error}`);
    const peer = byName.get(name);
    const ips = peer ? internalIpsOf(peer) : [];
    const lost = claims.losers.has(name);
    if (lost) {
      for (const c of claims.conflicts.get(name) ?? []) {
        // Conflicts with this node were reported above; here the ones between two peers.
        if (!c.keeps && c.other.node !== self) {
          peerProblems.push(`${describeConflict(c)}, which node ${c.other.node} claimed first: node ${name}'s blocks are not routed from here`);
        }
      }
      continue; // a node that must not serve its blocks gets no route: never two paths for one address
    }
    for (const block of peerBlocks) {
      if (ownBlocks.some((mine) => overlaps(mine.cidr, block.cidr))) continue; // reported as a conflict above
      const via = ips.find((ip) => ip.includes(':') === (block.cidr.family === 6));
      if (!via) {
        peerProblems.push(`node ${name} has no ${familyName(block.cidr.family)} InternalIP for its block ${block.text}: not routed`);
        continue;
      }
      routes.set(block.text, via);
    }
  }
  return { ownBlocks, servedBlocks, routes, problems, peerProblems, allBlocks: [...claims.blocks.values()].flat() };
}
