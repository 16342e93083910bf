// Generated large clusters (`--nodes 5000 --pods-per-node 30` = 150,000 pods): Flannel on
// 10.64.0.0/10 with a /24 per node, nodes on 172.16.0.0/12, realistic ~3 KB pods across 20
// namespaces, so list and watch costs are honest.
import type { KubeObject } from '../store/kubeObject';
import type { Scenario } from './scenario';
import { clusterBasics, namespace, node, pod, serviceAccount } from './clusterObjects';
import { flannel } from './cniScenarios';
import { kubeProxy } from './kubeSystemPods';
import type { LabNode } from './kubeSystemPods';
import { addressIn, blockOf } from './scenarioKit';

const podNetwork = '10.64.0.0/10';
const apps = ['frontend', 'cart', 'checkout', 'catalog', 'payments', 'search', 'ads', 'email', 'shipping', 'currency'];

export const scaleScenario: Scenario = {
  name: 'scale',
  description: 'generated: --nodes N (default 1000) x --pods-per-node M (default 30) on Flannel 10.64.0.0/10, nodes on 172.16.0.0/12',
  build: (o) => {
    const count = o.nodes ?? 1000;
    const per = o.podsPerNode ?? 30;
    const mask = o.nodeMaskSize ?? 24;
    if (count > 16_000) throw new Error(`--nodes ${count}: the scale scenario's 10.64.0.0/10 holds 16,384 /24 blocks`);
    const nodes: LabNode[] = Array.from({ length: count }, (_, i) => ({ name: `node-${String(i + 1).padStart(5, '0')}`, ip: addressIn('172.16.0.0/12', 256 + 10 + i) }));
    const namespaces = Array.from({ length: 20 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
    const objects: KubeObject[] = [
      ...clusterBasics(['10.96.0.0/12'], '10.96.0.1'),
      ...namespaces.flatMap((ns) => [namespace(ns), serviceAccount(ns, 'default')]),
      ...nodes.map((n, i) => node({ name: n.name, internalIP: n.ip, podCIDRs: [blockOf(podNetwork, mask, i)], ready: true, controlPlane: i === 0 })),
      ...flannel(nodes, podNetwork),
      ...kubeProxy(nodes),
    ];
    let serial = 0;
    const v4 = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
    const first = Number(BigInt.asUintN(32, BigInt(`0x${addressIn(podNetwork, 0).split('.').map((x) => Number(x).toString(16).padStart(2, '0')).join('')}`)));
    const blockSize = 2 ** (32 - mask);
    nodes.forEach((n, i) => {
      const blockStart = first + i * blockSize;
      for (let k = 0; k < per; k++, serial++) {
        const app = apps[serial % apps.length];
        const ns = namespaces[serial % namespaces.length];
        const rs = `${app}-${(7_000_000_000 + (serial % 97) * 1_000_003).toString(36)}`;
        objects.push(pod({
          namespace: ns, name: `${rs}-${(serial * 7919 + 104_729).toString(36).slice(-5).padStart(5, 'b')}`, nodeName: n.name, hostIP: n.ip,
          podIP: v4(blockStart + 2 + k), labels: { app, team: ns }, owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs }, ageMinutes: 60 + (serial % 600),
        }));
      }
    });
    return { objects, clusterCidrs: [o.clusterCidr ?? podNetwork], nodeMaskSizeV4: mask, nodeMaskSizeV6: 64 };
  },
};
