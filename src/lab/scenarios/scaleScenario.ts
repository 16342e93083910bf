// Generated large clusters (`--nodes 5000 --pods-per-node 30` = 150,000 pods): Flannel on
// 10.64.0.0/10 with a /24 per node (a /26 above 16,384 nodes, up to 65,536: GKE's largest),
// nodes on 172.16.0.0/12, realistic ~3 KB pods across 20 namespaces, so list and watch costs are
// honest. The pods are a generator, so a benchmark can stream a million of them.
import type { KubeObject } from '../store/kubeObject';
import type { Scenario, ScenarioOptions } from './scenario';
import { clusterBasics, namespace, node, pod, serviceAccount } from './clusterObjects';
import { flannel } from './cniScenarios';
import { kubeProxy } from './kubeSystemPods';
import type { LabNode } from './kubeSystemPods';
import { addressIn, blockOf } from './scenarioKit';

const podNetwork = '10.64.0.0/10';
const apps = ['frontend', 'cart', 'checkout', 'catalog', 'payments', 'search', 'ads', 'email', 'shipping', 'currency'];

/** The scale cluster: the objects but the application pods, and those pods one at a time. */
export function scaleCluster(
  o: ScenarioOptions,
): { base: KubeObject[]; pods: () => Generator<KubeObject>; podCount: number; clusterCidrs: string[]; mask: number } {
  const count = o.nodes ?? 1000;
  const per = o.podsPerNode ?? 30;
  const mask = o.nodeMaskSize ?? (count > 2 ** (24 - 10) ? 26 : 24);
  const blocks = 2 ** (mask - 10);
  if (count > blocks) throw new Error(`--nodes ${count}: the scale scenario's 10.64.0.0/10 holds ${blocks.toLocaleString('en-US')} /${mask} blocks`);
  const blockSize = 2 ** (32 - mask);
  if (per + 3 > blockSize) throw new Error(`--pods-per-node ${per}: a /${mask} block holds ${blockSize - 3} pods`);
  const nodes: LabNode[] = Array.from(
    { length: count },
    (_, i) => ({ name: `node-${String(i + 1).padStart(5, '0')}`, ip: addressIn('172.16.0.0/12', 256 + 10 + i) }),
  );
  const namespaces = Array.from({ length: 20 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
  const base: KubeObject[] = [
    ...clusterBasics(['10.96.0.0/12'], '10.96.0.1'),
    ...namespaces.flatMap((ns) => [namespace(ns), serviceAccount(ns, 'default')]),
    ...nodes.map((n, i) => node({ name: n.name, internalIP: n.ip, podCIDRs: [blockOf(podNetwork, mask, i)], ready: true, controlPlane: i === 0 })),
    ...flannel(nodes, podNetwork),
    ...kubeProxy(nodes),
  ];
  const v4 = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  const first = Number(BigInt.asUintN(32, BigInt(`0x${addressIn(podNetwork, 0).split('.').map((x) => Number(x).toString(16).padStart(2, '0')).join('')}`)));
  function* pods(): Generator<KubeObject> {
    let serial = 0;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const blockStart = first + i * blockSize;
      for (let k = 0; k < per; k++, serial++) {
        const app = apps[serial % apps.length];
        const ns = namespaces[serial % namespaces.length]!;
        const rs = `${app}-${(7_000_000_000 + (serial % 97) * 1_000_003).toString(36)}`;
        yield pod({
          namespace: ns,
          name: `${rs}-${(serial * 7919 + 104_729).toString(36).slice(-5).padStart(5, 'b')}`,
          nodeName: n.name,
          hostIP: n.ip,
          podIP: v4(blockStart + 2 + k),
          labels: { app, team: ns },
          owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs },
          ageMinutes: 60 + (serial % 600),
        });
      }
    }
  }
  return { base, pods, podCount: count * per, clusterCidrs: [o.clusterCidr ?? podNetwork], mask };
}

export const scaleScenario: Scenario = {
  name: 'scale',
  description: 'generated: --nodes N (default 1000, at most 65,536) x --pods-per-node M (default 30) on Flannel 10.64.0.0/10, nodes on 172.16.0.0/12',
  build: (o) => {
    const c = scaleCluster(o);
    return { objects: [...c.base, ...c.pods()], clusterCidrs: c.clusterCidrs, nodeMaskSizeV4: c.mask, nodeMaskSizeV6: 64 };
  },
};
