// Node IPAM like kube-controller-manager --allocate-node-cidrs: each node without a podCIDR gets
// the next free block of --node-cidr-mask-size from each --cluster-cidr (dual-stack: one per
// family); when the range is used up the node gets a CIDRNotAvailable event instead.
import type { Cidr } from '../../core/net/cidr';
import { formatCidr, overlaps, parseCidr } from '../../core/net/cidr';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore } from '../store/objectStore';
import { nodePodCidrs } from '../../core/cluster/rawNode';
import { recordEvent } from './labEvents';

export class NodeIpam {
  private readonly ranges: { cidr: Cidr; mask: number }[];

  constructor(private readonly store: ObjectStore, clusterCidrs: string[], maskV4: number, maskV6: number) {
    this.ranges = clusterCidrs.map((text) => {
      const p = parseCidr(text);
      if (!p.ok) throw new Error(`cluster CIDR: ${p.error}`);
      const mask = p.cidr.family === 4 ? maskV4 : maskV6;
      if (mask < p.cidr.prefix) throw new Error(`node mask /${mask} is larger than the cluster CIDR ${text}`);
      return { cidr: p.cidr, mask };
    });
  }

  private usedBlocks(): Cidr[] {
    return this.store.list('v1', 'Node').flatMap((n) => nodePodCidrs(n).map(parseCidr).flatMap((p) => (p.ok ? [p.cidr] : [])));
  }

  /** Gives the node its blocks if it has none; true when it changed the node. */
  reconcile(node: Readonly<StoredObject>): boolean {
    if (nodePodCidrs(node).length || this.ranges.length === 0) return false;
    const used = this.usedBlocks();
    const blocks: string[] = [];
    for (const { cidr, mask } of this.ranges) {
      const size = 1n << BigInt((cidr.family === 4 ? 32 : 128) - mask);
      let found: string | undefined;
      for (let start = cidr.start; start + size - 1n <= cidr.end; start += size) {
        const candidate = { family: cidr.family, start, end: start + size - 1n };
        if (!used.some((u) => overlaps(u, candidate))) {
          found = formatCidr(cidr.family, start, mask);
          break;
        }
      }
      if (!found) {
        recordEvent(
          this.store,
          node,
          'Normal',
          'CIDRNotAvailable',
          `Node ${node.metadata.name} status is now: CIDRNotAvailable (failed to allocate cidr from cluster cidr at idx:0: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range)`,
          'cidrAllocator',
        );
        return false;
      }
      blocks.push(found);
    }
    const next = structuredClone(node) as StoredObject;
    next.spec = { ...(next.spec as object), podCIDR: blocks[0], podCIDRs: blocks };
    this.store.update(next);
    return true;
  }
}
