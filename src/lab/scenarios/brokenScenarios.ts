// Clusters with the address-plan mistakes Podnet exists to catch, each a small variation of
// the seed so the one thing wrong stands out.
import type { StoredObject } from '../store/storedObject';
import type { Scenario, ScenarioData } from './scenario';
import { clusterBasics, node, pod } from './clusterObjects';
import { coreDns, kubeProxy } from './kubeSystemPods';
import type { LabNode } from './kubeSystemPods';
import { podCidrCluster } from './cniScenarios';
import { weaveNet, seedScenario } from './seedScenario';

const data = (objects: StoredObject[], clusterCidrs: string[]): ScenarioData => ({ objects, clusterCidrs, nodeMaskSizeV4: 24, nodeMaskSizeV6: 64 });
const setPodIp = (o: StoredObject, ip: string): void => {
  const status = o.status as { podIP?: string; podIPs?: { ip: string }[] };
  status.podIP = ip;
  status.podIPs = [{ ip }];
};

export const brokenOutsideBlockScenario: Scenario = {
  name: 'broken-outside-block',
  description: "the seed, but pod shop/stray-5d8c9 on node-1 has 10.32.2.77, inside node-2's block",
  build: (o) => {
    const seed = seedScenario.build(o);
    return data([
      ...seed.objects,
      pod({ namespace: 'shop', name: 'stray-5d8c9', nodeName: 'node-1', hostIP: '172.31.1.10', podIP: '10.32.2.77', labels: { app: 'stray' }, ageMinutes: 30 }),
    ], seed.clusterCidrs);
  },
};

export const brokenOverlapScenario: Scenario = {
  name: 'broken-overlap',
  description: "the seed, but node-3's podCIDR is 10.32.2.128/25, inside node-2's 10.32.2.0/24 (routes install, traffic times out)",
  build: (o) => {
    const seed = seedScenario.build(o);
    for (const x of seed.objects) {
      if (x.kind === 'Node' && x.metadata.name === 'node-3') Object.assign(x.spec as object, { podCIDR: '10.32.2.128/25', podCIDRs: ['10.32.2.128/25'] });
      if (x.kind === 'Pod' && x.metadata.name === 'db-0') setPodIp(x, '10.32.2.140');
    }
    return data(seed.objects, seed.clusterCidrs);
  },
};

export const brokenNodeNetworkScenario: Scenario = {
  name: 'broken-node-network',
  description: "the pod network was set to the VPC's 172.31.0.0/16: node InternalIPs lie inside the pod network and node blocks",
  build: (o) => {
    const nodes: LabNode[] = [{ name: 'node-1', ip: '172.31.1.10' }, { name: 'node-2', ip: '172.31.2.10' }, { name: 'node-3', ip: '172.31.3.10' }];
    return data(podCidrCluster(o, '172.31.0.0/16', 24, nodes, (ns) => weaveNet(ns, '172.31.0.0/16')), ['172.31.0.0/16']);
  },
};

export const brokenServiceNetworkScenario: Scenario = {
  name: 'broken-service-network',
  description: 'Weave IPALLOC_RANGE 10.100.0.0/14 overlaps the service network 10.96.0.0/12 (kubeadm accepts it silently)',
  build: (o) => {
    const nodes: LabNode[] = [{ name: 'node-1', ip: '172.31.1.10' }, { name: 'node-2', ip: '172.31.1.11' }, { name: 'node-3', ip: '172.31.1.12' }];
    return data(podCidrCluster(o, '10.100.0.0/14', 24, nodes, (ns) => weaveNet(ns, '10.100.0.0/14')), ['10.100.0.0/14']);
  },
};

export const brokenNoPodCidrScenario: Scenario = {
  name: 'broken-no-podcidr',
  description: 'kube-controller-manager runs without --allocate-node-cidrs: no node has a podCIDR, no CNI yet, nodes NotReady',
  build: () => {
    const nodes: LabNode[] = [{ name: 'node-1', ip: '172.31.1.10' }, { name: 'node-2', ip: '172.31.1.11' }, { name: 'node-3', ip: '172.31.1.12' }];
    return data([
      ...clusterBasics(['10.96.0.0/12'], '10.96.0.1'),
      ...nodes.map((n, i) => node({ name: n.name, internalIP: n.ip, ready: false, controlPlane: i === 0 })),
      ...kubeProxy(nodes),
      ...coreDns([{}, {}], '10.96.0.10'),
    ], []);
  },
};
