// What the linter's live rules need from the cluster: plain data.
import type { Steps } from '../steps';
import { itemsPerStep, runToEnd } from '../steps';
import type { ClusterModel } from './clusterModel';

/** Read-only: the editor keeps one per topology change and every relint shares it (liveClusterFacts parses it once). */
export interface ClusterFacts {
  readonly context: string;
  readonly nodes: readonly { readonly name: string; readonly internalIPs: readonly string[]; readonly podCIDRs: readonly string[] }[];
  readonly serviceCIDRs: readonly string[];
  readonly podNetworks: readonly string[];
}

/** Facts from the live model; podCIDRs are the blocks that really apply (Calico/Cilium/derived too). */
export const clusterFacts = (context: string, model: ClusterModel): ClusterFacts => runToEnd(clusterFactsSteps(context, model));

/** The same, yielding every few thousand nodes (the editor reads 65,000 of them in slices). */
export function* clusterFactsSteps(context: string, model: ClusterModel): Steps<ClusterFacts> {
  const names = model.nodeNames();
  const nodes: ClusterFacts['nodes'][number][] = [];
  for (let i = 0; i < names.length; i++) {
    // Between two steps the model may lose a node (the caller then drops these facts).
    const n = model.node(names[i]!);
    if (n) nodes.push({ name: n.name, internalIPs: [...(n.info?.internalIPs ?? [])], podCIDRs: n.blocks.map((b) => b.cidr) });
    if (i % itemsPerStep === itemsPerStep - 1) yield;
  }
  return {
    context,
    nodes,
    serviceCIDRs: model.networks.serviceNetworks.map((s) => s.cidr),
    podNetworks: model.networks.podNetworks.map((s) => s.cidr),
  };
}
