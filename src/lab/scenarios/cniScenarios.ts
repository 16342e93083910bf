// One scenario per popular CNI, each with the objects where that CNI keeps its address plan
// (what Podnet's tree and linter must read): Weave's IPALLOC_RANGE, Flannel's net-conf.json,
// Calico's IPPool and IPAM blocks, Cilium's CiliumNodes and cilium-config, kind's kindnet.
import type { StoredObject } from '../store/storedObject';
import type { Scenario, ScenarioOptions } from './scenario';
import { ipamData, noIpamData } from './scenario';
import { clusterBasics, configMap, namespace, node, serviceAccount, stableUid } from './clusterObjects';
import { cniDaemonSet, coreDns, daemonSetWithPods, kubeProxy } from './kubeSystemPods';
import type { LabNode } from './kubeSystemPods';
import { addressIn, appPods, blockOf, crd, labNodes } from './scenarioKit';
import { weaveNet } from './seedScenario';

const nodeCount = (o: ScenarioOptions): number => o.nodes ?? 3;
const perNode = (o: ScenarioOptions): number => o.podsPerNode ?? 2;

/** A cluster whose nodes carry podCIDRs from node IPAM (kubeadm --pod-network-cidr), plus the CNI objects. */
export function podCidrCluster(
  o: ScenarioOptions,
  podNetwork: string,
  mask: number,
  nodes: LabNode[],
  cni: (nodes: LabNode[]) => StoredObject[],
  serviceNetwork = '10.96.0.0/12',
  firstBlock = 1,
): StoredObject[] {
  const blocks = nodes.map((_, i) => blockOf(podNetwork, mask, i + firstBlock));
  return [
    ...clusterBasics([serviceNetwork], addressIn(serviceNetwork, 1)),
    ...nodes.map((n, i) => node({ name: n.name, internalIP: n.ip, podCIDRs: [blocks[i]], ready: true, controlPlane: i === 0 })),
    ...cni(nodes),
    ...kubeProxy(nodes),
    ...coreDns(
      [{ node: nodes[0], ip: addressIn(blocks[0], 2) }, { node: nodes[1 % nodes.length], ip: addressIn(blocks[1 % nodes.length], 3) }],
      addressIn(serviceNetwork, 10),
    ),
    ...appPods(nodes, perNode(o), (i, k) => addressIn(blocks[i], 10 + k)),
  ];
}

export const weaveScenario: Scenario = {
  name: 'weave',
  description: 'Weave Net on its default 10.32.0.0/12 (no IPALLOC_RANGE set), node podCIDRs /24 from kube-controller-manager',
  build: (o) => ipamData(podCidrCluster(o, '10.32.0.0/12', 24, labNodes(nodeCount(o), '172.31.0.0/16'), (nodes) => weaveNet(nodes)), o, '10.32.0.0/12'),
};

export function flannel(nodes: LabNode[], network: string): StoredObject[] {
  const ds = cniDaemonSet({
    namespace: 'kube-flannel',
    name: 'kube-flannel-ds',
    labels: { app: 'flannel', 'k8s-app': 'flannel' },
    image: 'ghcr.io/flannel-io/flannel:v0.26.1',
    serviceAccountName: 'flannel',
  });
  const spec = ((ds.spec as Record<string, unknown>).template as { spec: { containers: Record<string, unknown>[]; volumes: unknown[] } }).spec;
  spec.containers[0].name = 'kube-flannel';
  spec.containers[0].command = ['/opt/bin/flanneld', '--ip-masq', '--kube-subnet-mgr'];
  spec.volumes.push({ name: 'flannel-cfg', configMap: { name: 'kube-flannel-cfg', defaultMode: 420 } }, {
    name: 'run',
    hostPath: { path: '/run/flannel', type: '' },
  });
  return [
    namespace('kube-flannel'),
    serviceAccount('kube-flannel', 'flannel'),
    configMap('kube-flannel', 'kube-flannel-cfg', {
      'cni-conf.json': JSON.stringify(
        {
          name: 'cbr0',
          cniVersion: '0.3.1',
          plugins: [{ type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } }, { type: 'portmap', capabilities: { portMappings: true } }],
        },
        null,
        2,
      ),
      'net-conf.json': `{\n  "Network": "${network}",\n  "EnableNFTables": false,\n  "Backend": {\n    "Type": "vxlan"\n  }\n}\n`,
    }, { app: 'flannel', tier: 'node', 'k8s-app': 'flannel' }),
    ...daemonSetWithPods(ds, nodes),
  ];
}

export const flannelScenario: Scenario = {
  name: 'flannel',
  description: 'Flannel (vxlan, kube-subnet-mgr) on 10.244.0.0/16 from kube-flannel-cfg, a /24 podCIDR per node',
  build: (o) =>
    ipamData(podCidrCluster(o, '10.244.0.0/16', 24, labNodes(nodeCount(o), '172.31.0.0/16'), (nodes) => flannel(nodes, '10.244.0.0/16')), o, '10.244.0.0/16'),
};

export const kindnetScenario: Scenario = {
  name: 'kindnet',
  description: 'a kind cluster: kindnet on 10.244.0.0/16, nodes on 172.18.0.0/16, services on 10.96.0.0/16',
  build: (o) => {
    const nodes: LabNode[] = Array.from(
      { length: nodeCount(o) },
      (_, i) => ({ name: i === 0 ? 'kind-control-plane' : `kind-worker${i === 1 ? '' : i}`, ip: addressIn('172.18.0.0/16', 2 + i) }),
    );
    const kindnet = (ns: LabNode[]): StoredObject[] => {
      const ds = cniDaemonSet({
        namespace: 'kube-system',
        name: 'kindnet',
        labels: { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' },
        image: 'docker.io/kindest/kindnetd:v20241108-5c6d2daf',
        env: [{ name: 'POD_SUBNET', value: '10.244.0.0/16' }, { name: 'CONTROL_PLANE_ENDPOINT', value: 'kind-control-plane:6443' }],
      });
      return [serviceAccount('kube-system', 'kindnet'), ...daemonSetWithPods(ds, ns)];
    };
    // kind numbers node blocks from 10.244.0.0/24 (the control plane's).
    return ipamData(podCidrCluster(o, '10.244.0.0/16', 24, nodes, kindnet, '10.96.0.0/16', 0), o, '10.244.0.0/16');
  },
};

export const calicoScenario: Scenario = {
  name: 'calico',
  description: 'Calico (manifest install): IPPool 192.168.0.0/16 blockSize 26, IPAM blocks with affinity host:NODE; nodes have no podCIDR',
  build: (o) => {
    const nodes = labNodes(nodeCount(o), '172.31.0.0/16');
    const blocks = nodes.map((_, i) => blockOf('192.168.0.0/16', 26, i * 4 + 1));
    const ds = cniDaemonSet({
      namespace: 'kube-system',
      name: 'calico-node',
      labels: { 'k8s-app': 'calico-node' },
      image: 'docker.io/calico/node:v3.29.1',
      env: [{ name: 'DATASTORE_TYPE', value: 'kubernetes' }, { name: 'CALICO_IPV4POOL_CIDR', value: '192.168.0.0/16' }, {
        name: 'CALICO_IPV4POOL_IPIP',
        value: 'Always',
      }, { name: 'IP', value: 'autodetect' }],
    });
    const blockName = (cidr: string): string => cidr.replace(/[./]/g, '-');
    const objects: StoredObject[] = [
      ...clusterBasics(['10.96.0.0/12'], '10.96.0.1'),
      ...nodes.map((n, i) => {
        const x = node({ name: n.name, internalIP: n.ip, ready: true, controlPlane: i === 0 });
        x.metadata.annotations = {
          ...x.metadata.annotations,
          'projectcalico.org/IPv4Address': `${n.ip}/16`,
          'projectcalico.org/IPv4IPIPTunnelAddr': addressIn(blocks[i], 0),
        };
        return x;
      }),
      crd('crd.projectcalico.org', 'IPAMBlock', 'ipamblocks', 'Cluster', 'v1'),
      crd('crd.projectcalico.org', 'IPPool', 'ippools', 'Cluster', 'v1'),
      crd('crd.projectcalico.org', 'BlockAffinity', 'blockaffinities', 'Cluster', 'v1'),
      {
        apiVersion: 'crd.projectcalico.org/v1',
        kind: 'IPPool',
        metadata: { name: 'default-ipv4-ippool', uid: stableUid('ippool') },
        spec: {
          cidr: '192.168.0.0/16',
          blockSize: 26,
          ipipMode: 'Always',
          natOutgoing: true,
          nodeSelector: 'all()',
          vxlanMode: 'Never',
          allowedUses: ['Workload', 'Tunnel'],
        },
      },
      ...nodes.flatMap((n, i) => [
        {
          apiVersion: 'crd.projectcalico.org/v1',
          kind: 'IPAMBlock',
          metadata: { name: blockName(blocks[i]), uid: stableUid(`block/${blocks[i]}`) },
          spec: { cidr: blocks[i], affinity: `host:${n.name}`, allocations: [0, null], unallocated: [], attributes: [], deleted: false, strictAffinity: false },
        },
        {
          apiVersion: 'crd.projectcalico.org/v1',
          kind: 'BlockAffinity',
          metadata: { name: `${n.name}-${blockName(blocks[i])}`, uid: stableUid(`aff/${blocks[i]}`) },
          spec: { cidr: blocks[i], deleted: 'false', node: n.name, state: 'confirmed' },
        },
      ]),
      ...cniPodsInBlocks(ds, 'calico-node', nodes, blocks, o),
    ];
    return noIpamData(objects);
  },
};

/** A CNI that allocates from its own per-node blocks: its DaemonSet and pods, kube-proxy, CoreDNS and the application pods in the blocks. */
function cniPodsInBlocks(ds: StoredObject, serviceAccountName: string, nodes: LabNode[], blocks: string[], o: ScenarioOptions): StoredObject[] {
  return [
    serviceAccount('kube-system', serviceAccountName),
    ...daemonSetWithPods(ds, nodes),
    ...kubeProxy(nodes),
    ...coreDns([{ node: nodes[0], ip: addressIn(blocks[0], 2) }, { node: nodes[1 % nodes.length], ip: addressIn(blocks[1 % nodes.length], 3) }], '10.96.0.10'),
    ...appPods(nodes, perNode(o), (i, k) => addressIn(blocks[i], 10 + k)),
  ];
}

export const ciliumScenario: Scenario = {
  name: 'cilium',
  description: 'Cilium cluster-pool IPAM: cilium-config 10.0.0.0/8 mask 24, CiliumNode spec.ipam.podCIDRs; nodes have no podCIDR',
  build: (o) => {
    const nodes = labNodes(nodeCount(o), '172.31.0.0/16');
    const blocks = nodes.map((_, i) => blockOf('10.0.0.0/8', 24, i));
    const ds = cniDaemonSet({
      namespace: 'kube-system',
      name: 'cilium',
      labels: { 'k8s-app': 'cilium' },
      image: 'quay.io/cilium/cilium:v1.16.4',
      extraContainers: [],
    });
    const objects: StoredObject[] = [
      ...clusterBasics(['10.96.0.0/12'], '10.96.0.1'),
      ...nodes.map((n, i) => node({ name: n.name, internalIP: n.ip, ready: true, controlPlane: i === 0 })),
      crd('cilium.io', 'CiliumNode', 'ciliumnodes', 'Cluster', 'v2', ['cn', 'ciliumn']),
      ...nodes.map((n, i) => ({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNode',
        metadata: { name: n.name, uid: stableUid(`cn/${n.name}`), labels: { 'kubernetes.io/hostname': n.name } },
        spec: { addresses: [{ type: 'InternalIP', ip: n.ip }, { type: 'CiliumInternalIP', ip: addressIn(blocks[i], 1) }], ipam: { podCIDRs: [blocks[i]] } },
      })),
      configMap('kube-system', 'cilium-config', {
        ipam: 'cluster-pool',
        'cluster-pool-ipv4-cidr': '10.0.0.0/8',
        'cluster-pool-ipv4-mask-size': '24',
        'enable-ipv4': 'true',
        'enable-ipv6': 'false',
        'routing-mode': 'tunnel',
        'tunnel-protocol': 'vxlan',
        'cluster-name': 'default',
        'kube-proxy-replacement': 'false',
      }),
      ...cniPodsInBlocks(ds, 'cilium', nodes, blocks, o),
    ];
    return noIpamData(objects);
  },
};
