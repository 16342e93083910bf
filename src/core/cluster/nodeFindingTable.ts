// Each node's own findings (core/cluster/computeFindings nodeFindings), kept per node and read
// again only for the nodes the change clock names since the last read (a node's blocks, addresses
// and pod counts each tick it): while nodes arrive or pods churn a findings pass costs the nodes
// that changed, not all 65,000. The CNI (its IPAM decides what a missing block means) and the
// unreadable kinds read every node again.
import type { ChangeClock } from './changeClock';
import type { CniInfo } from './cniDetection';
import { nodeFindings } from './computeFindings';
import type { Finding } from './findings';
import type { NodeState } from './nodeState';

export class NodeFindingTable {
  /** Only the nodes that have findings. */
  private readonly byNode = new Map<string, readonly Finding[]>();
  private seen: { key: string; cursor: number } | undefined;

  /** The nodes' findings in the order of `states`, brought up to the clock first. */
  findings(
    clock: ChangeClock,
    states: () => Iterable<NodeState>,
    get: (name: string) => NodeState | undefined,
    cni: CniInfo,
    blocksUnknown: boolean,
  ): Finding[] {
    const key = `${cni.name}\n${cni.ipam}\n${blocksUnknown}`;
    const s = this.seen;
    if (!s || s.key !== key) {
      this.byNode.clear();
      for (const n of states()) this.set(n.name, nodeFindings(n, cni, blocksUnknown));
    } else if (s.cursor !== clock.any) {
      for (const name of clock.changesSince(s.cursor).nodes) {
        const n = get(name);
        this.set(name, n ? nodeFindings(n, cni, blocksUnknown) : []);
      }
    }
    this.seen = { key, cursor: clock.any };
    const out: Finding[] = [];
    if (this.byNode.size === 0) return out;
    for (const n of states()) {
      const f = this.byNode.get(n.name);
      if (f) out.push(...f);
    }
    return out;
  }

  private set(name: string, findings: readonly Finding[]): void {
    if (findings.length > 0) this.byNode.set(name, findings);
    else this.byNode.delete(name);
  }
}
