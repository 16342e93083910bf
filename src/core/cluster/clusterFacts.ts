// What the linter's live rules need from the cluster: plain data.
import type { ClusterModel } from './clusterModel';

export interface ClusterFacts {
  context: string;
  nodes: { name: string; internalIPs: string[]; podCIDRs: string[] }[];
  serviceCIDRs: string[];
  podNetworks: string[];
}

/** Facts from the live model; podCIDRs are the blocks that really apply (Calico/Cilium/derived too). */
export function clusterFacts(context: string, model: ClusterModel): ClusterFacts {
  return {
    context,
    nodes: model.nodes().map((n) => ({ name: n.name, internalIPs: [...(n.info?.internalIPs ?? [])], podCIDRs: n.blocks.map((b) => b.cidr) })),
    serviceCIDRs: model.networks.serviceNetworks.map((s) => s.cidr),
    podNetworks: model.networks.podNetworks.map((s) => s.cidr),
  };
}
