// The two starting points without a CNI: "empty" (no nodes at all) and "no-cni" (kubeadm just
// joined three nodes: NotReady, podCIDRs assigned, CoreDNS Pending, kube-proxy running).
import type { Scenario } from './scenario';
import { ipamData } from './scenario';
import { clusterBasics, kubeadmClusterConfiguration, node } from './clusterObjects';
import { coreDns, kubeProxy } from './kubeSystemPods';
import { seedNodes } from './seedScenario';

export const emptyScenario: Scenario = {
  name: 'empty',
  description: 'no nodes; node IPAM allocates podCIDRs from --cluster-cidr (default 10.244.0.0/16, /24 per node) as nodes join',
  build: (o) => ipamData(clusterBasics(['10.96.0.0/12'], '10.96.0.1'), o, '10.244.0.0/16'),
};

export const noCniScenario: Scenario = {
  name: 'no-cni',
  description: 'a fresh kubeadm cluster before any CNI: three NotReady nodes with podCIDRs from 10.244.0.0/16 (kubeadm-config states it), CoreDNS Pending',
  build: (o) => {
    const count = o.nodes ?? 3;
    const data = ipamData([], o, '10.244.0.0/16');
    const nodes = Array.from(
      { length: count },
      (_, i) => seedNodes[i] ?? { name: `node-${i + 1}`, ip: `172.31.${1 + Math.floor((i + 10) / 250)}.${10 + ((i + 10) % 250)}` },
    );
    return {
      ...data,
      objects: [
        // kubeadm init --pod-network-cidr=10.244.0.0/16 records the range in kubeadm-config.
        ...clusterBasics(['10.96.0.0/12'], '10.96.0.1', kubeadmClusterConfiguration(data.clusterCidrs.join(','), '10.96.0.0/12')),
        // podCIDRs are left to node IPAM, like kube-controller-manager --allocate-node-cidrs does on join.
        ...nodes.map((n, i) => node({ name: n.name, internalIP: n.ip, ready: false, controlPlane: i === 0 })),
        ...kubeProxy(nodes),
        ...coreDns([{}, {}], '10.96.0.10'),
      ],
    };
  },
};
