// Map inputs shared by the unit tests, the browser tests and the bench: the seed cluster, a broken
// one, and a generated large one.
import type { MapInput, MapInputNode, MapInputPod } from '../../../src/core/map/mapInput';
import { dataPathFor } from '../../../src/core/dataPath/cniDataPath';

export function seedInput(): MapInput {
  const nodes: MapInputNode[] = [1, 2, 3].map((i) => ({
    name: `node-${i}`,
    internalIPs: [`172.31.0.${10 + i}`],
    ready: true,
    blocks: [{ cidr: `10.32.${i}.0/24`, source: 'node.spec.podCIDRs' }],
  }));
  const pods: MapInputPod[] = nodes.flatMap((n, i) =>
    [2, 3].map((h) => ({ namespace: 'default', name: `web-${i + 1}-${h}`, ip: `10.32.${i + 1}.${h}`, node: n.name, hostNetwork: false }))
  );
  return {
    context: 'podnet-lab',
    networks: [
      { cidr: '10.32.0.0/12', role: 'pod', source: 'cluster CIDR' },
      { cidr: '10.96.0.0/12', role: 'service', source: 'kube-apiserver --service-cluster-ip-range' },
      { cidr: '172.31.0.0/16', role: 'node', source: 'seed notes' },
    ],
    nodes,
    pods,
    findings: [],
  };
}

/** node-2 and node-3 share a block, and node-3's pods are in node-2's block: the overlap the linter exists for. */
/** Podnet's bridge (cni0 + host routes via node IPs): the data path the broken-overlap fixture is drawn with. */
export const podnetBridgePath = dataPathFor({ name: 'podnet-bridge', ipam: 'node-podcidr', evidence: 'DaemonSet kube-system/podnet-bridge-cni' }, [], []);

export function brokenOverlapInput(): MapInput {
  const seed = seedInput();
  return {
    ...seed,
    dataPath: podnetBridgePath,
    nodes: seed.nodes.map((n) => (n.name === 'node-3' ? { ...n, blocks: [{ cidr: '10.32.2.0/25', source: 'node.spec.podCIDRs' }] } : n)),
    pods: seed.pods.map((p) => (p.node === 'node-3' ? { ...p, ip: p.ip.replace('10.32.3.', '10.32.2.1') } : p)),
    findings: [
      {
        code: 'PN101',
        severity: 'error',
        message: 'node-3 block 10.32.2.0/25 overlaps node-2 block 10.32.2.0/24',
        origin: 'cluster',
        targets: [
          { kind: 'block', node: 'node-3', cidr: '10.32.2.0/25' },
          { kind: 'block', node: 'node-2', cidr: '10.32.2.0/24' },
        ],
      },
    ],
  };
}

/** A generated cluster: /24 per node from 10.0.0.0/8's first /11, nodes on 172.16.0.0/12. */
export function scaleInput(nodeCount: number, podsPerNode: number): MapInput {
  const nodes: MapInputNode[] = [];
  const pods: MapInputPod[] = [];
  // Up to 8,192 nodes the /24 blocks fit a /11; beyond (65,000 nodes: the aggregated map) a /8, and node IPs run on through the /12.
  const big = nodeCount > 8_192;
  const nodeIp = (
    i: number,
  ) => (big ? `172.${16 + ((i + 2) >> 16)}.${((i + 2) >> 8) & 255}.${(i + 2) & 255}` : `172.16.${Math.floor(i / 250)}.${(i % 250) + 2}`);
  for (let i = 0; i < nodeCount; i++) {
    const name = `node-${String(i).padStart(5, '0')}`;
    const block = `10.${Math.floor(i / 256)}.${i % 256}.0/24`;
    nodes.push({ name, internalIPs: [nodeIp(i)], ready: true, blocks: [{ cidr: block, source: 'node.spec.podCIDRs' }] });
    // Use varies across nodes so the colours vary.
    const n = Math.min(podsPerNode, (i * 7) % (podsPerNode + 1));
    for (let p = 0; p < n; p++) {
      pods.push({ namespace: 'load', name: `pod-${i}-${p}`, ip: `10.${Math.floor(i / 256)}.${i % 256}.${p + 2}`, node: name, hostNetwork: false });
    }
  }
  return {
    context: 'podnet-lab',
    networks: [
      { cidr: big ? '10.0.0.0/8' : '10.0.0.0/11', role: 'pod', source: 'cluster CIDR' },
      { cidr: big ? '192.168.0.0/16' : '10.96.0.0/12', role: 'service', source: 'service CIDR' },
      { cidr: '172.16.0.0/12', role: 'node', source: 'node network' },
    ],
    nodes,
    pods,
    findings: [],
  };
}

/** Dual-stack seed: IPv6 pod network /56 cut into /64 per node, a /112 service network (log scale). */
export function dualStackInput(): MapInput {
  const seed = seedInput();
  return {
    ...seed,
    networks: [...seed.networks, { cidr: 'fd00:10::/56', role: 'pod', source: 'cluster CIDR' }, {
      cidr: 'fd00:96::/112',
      role: 'service',
      source: 'service CIDR',
    }, { cidr: 'fd00:172::/64', role: 'node', source: 'node network' }],
    nodes: seed.nodes.map((n, i) => ({
      ...n,
      internalIPs: [...n.internalIPs, `fd00:172::${11 + i}`],
      blocks: [...n.blocks, { cidr: `fd00:10:0:${i + 1}::/64`, source: 'node.spec.podCIDRs' }],
    })),
  };
}
