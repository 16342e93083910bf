// What the linter's live rules need from the cluster: plain data.
import type { ClusterModel } from './clusterModel';

/** Read-only: the editor keeps one per topology change and every relint shares it (liveClusterFacts parses it once). */
export interface ClusterFacts {
  readonly context: string;
  readonly nodes: readonly { readonly name: string; readonly internalIPs: readonly string[]; readonly podCIDRs: readonly string[] }[];
  readonly serviceCIDRs: readonly string[];
  readonly podNetworks: readonly string[];
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
