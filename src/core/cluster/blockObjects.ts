// The objects a node's blocks can come from besides node.spec: Calico IPAMBlocks (by affinity)
// and CiliumNodes. Each change says which nodes' blocks to resolve again.
import type { CalicoBlockInfo, CiliumNodeInfo } from './clusterTypes';

export interface BlockObjectChange {
  /** Nodes whose blocks may have changed. */
  readonly nodes: readonly string[];
  /** The first object of its kind arrived or the last left: every node's blocks may have changed. */
  readonly all: boolean;
}

export class BlockObjects {
  private readonly calicoByName = new Map<string, CalicoBlockInfo>();
  private readonly calicoByNode = new Map<string, Map<string, CalicoBlockInfo>>();
  private readonly ciliumNodes = new Map<string, CiliumNodeInfo>();

  get calicoInUse(): boolean {
    return this.calicoByName.size > 0;
  }

  get ciliumInUse(): boolean {
    return this.ciliumNodes.size > 0;
  }

  calicoOf(node: string): string[] {
    return [...(this.calicoByNode.get(node)?.values() ?? [])].map((b) => b.cidr);
  }

  ciliumOf(node: string): readonly string[] {
    return this.ciliumNodes.get(node)?.podCIDRs ?? [];
  }

  /** Whether an object still names the node (it stays in the model). */
  names(node: string): boolean {
    return !!this.calicoByNode.get(node)?.size || this.ciliumNodes.has(node);
  }

  keys(kind: 'calico' | 'cilium'): string[] {
    return [...(kind === 'calico' ? this.calicoByName : this.ciliumNodes).keys()];
  }

  upsertCalico(block: CalicoBlockInfo): BlockObjectChange {
    const old = this.calicoByName.get(block.name);
    const nodes = old ? this.unlinkCalico(old) : [];
    this.calicoByName.set(block.name, block);
    if (block.node) {
      let byNode = this.calicoByNode.get(block.node);
      if (!byNode) this.calicoByNode.set(block.node, byNode = new Map());
      byNode.set(block.name, block);
      nodes.push(block.node);
    }
    return { nodes, all: this.calicoByName.size === 1 };
  }

  deleteCalico(name: string): BlockObjectChange | undefined {
    const old = this.calicoByName.get(name);
    if (!old) return undefined;
    const nodes = this.unlinkCalico(old);
    this.calicoByName.delete(name);
    return { nodes, all: this.calicoByName.size === 0 };
  }

  private unlinkCalico(block: CalicoBlockInfo): string[] {
    if (!block.node) return [];
    this.calicoByNode.get(block.node)?.delete(block.name);
    return [block.node];
  }

  upsertCilium(info: CiliumNodeInfo): BlockObjectChange {
    const first = this.ciliumNodes.size === 0;
    this.ciliumNodes.set(info.name, info);
    return { nodes: [info.name], all: first };
  }

  deleteCilium(name: string): BlockObjectChange | undefined {
    if (!this.ciliumNodes.delete(name)) return undefined;
    return { nodes: [name], all: this.ciliumNodes.size === 0 };
  }
}
