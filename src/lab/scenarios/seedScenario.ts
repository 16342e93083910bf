// The default lab cluster (scenario "seed"): three nodes on 172.31.0.0/16, Weave Net on its default 10.32.0.0/12
// with a /24 block per node, an app, a database and a pod with a sidecar.
import type { StoredObject } from '../store/storedObject';
import type { Scenario } from './scenario';
import { ipamData } from './scenario';
import { clusterBasics, clusterRole, clusterRoleBinding, namespace, node, pod, service, serviceAccount } from './clusterObjects';
import type { PodSpec } from './clusterObjects';
import type { LabNode } from './kubeSystemPods';
import { cniDaemonSet, coreDns, daemonSetWithPods, kubeProxy } from './kubeSystemPods';

export const seedNodes: LabNode[] = [
  { name: 'node-1', ip: '172.31.1.10' },
  { name: 'node-2', ip: '172.31.1.11' },
  { name: 'node-3', ip: '172.31.1.12' },
];
export const seedBlocks = ['10.32.1.0/24', '10.32.2.0/24', '10.32.3.0/24'];

export function weaveNet(nodes: readonly LabNode[], ipallocRange?: string): StoredObject[] {
  const ds = cniDaemonSet({
    namespace: 'kube-system',
    name: 'weave-net',
    labels: { name: 'weave-net' },
    image: 'weaveworks/weave-kube:2.8.1',
    env: [{ name: 'HOSTNAME', value: '' }, ...(ipallocRange ? [{ name: 'IPALLOC_RANGE', value: ipallocRange }] : []), {
      name: 'INIT_CONTAINER',
      value: 'true',
    }],
    extraContainers: [{ name: 'weave-npc', image: 'weaveworks/weave-npc:2.8.1', securityContext: { privileged: true } }],
  });
  (((ds.spec as Record<string, unknown>).template as Record<string, unknown>).spec as { containers: { env?: unknown[] }[] }).containers[0].env = [
    { name: 'HOSTNAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
    ...(ipallocRange ? [{ name: 'IPALLOC_RANGE', value: ipallocRange }] : []),
    { name: 'INIT_CONTAINER', value: 'true' },
  ];
  return [
    serviceAccount('kube-system', 'weave-net'),
    clusterRole('weave-net', [{ apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] }]),
    clusterRoleBinding('weave-net', 'weave-net', { namespace: 'kube-system', name: 'weave-net' }),
    ...daemonSetWithPods(ds, nodes),
  ];
}

/** A Running pod of the shop namespace on node n. */
const shopPod = (n: LabNode, podIP: string, p: Omit<PodSpec, 'namespace' | 'nodeName' | 'hostIP' | 'podIP'>): StoredObject =>
  pod({ namespace: 'shop', nodeName: n.name, hostIP: n.ip, podIP, ...p });

export const seedScenario: Scenario = {
  name: 'seed',
  description: 'three nodes on 172.31.0.0/16, Weave Net 10.32.0.0/12 with a /24 per node, app + database + sidecar pods',
  build: (options) => {
    const nodes = seedNodes;
    const [n1, n2, n3] = nodes;
    const objects: StoredObject[] = [
      ...clusterBasics(['10.96.0.0/12'], '10.96.0.1'),
      namespace('shop'),
      serviceAccount('shop', 'default'),
      ...nodes.map((n, i) => node({ name: n.name, internalIP: n.ip, podCIDRs: [seedBlocks[i]], ready: true, controlPlane: i === 0 })),
      ...weaveNet(nodes, '10.32.0.0/12'),
      ...kubeProxy(nodes),
      ...coreDns([{ node: n1, ip: '10.32.1.2' }, { node: n2, ip: '10.32.2.2' }], '10.96.0.10'),
      shopPod(n1, '10.32.1.10', {
        name: 'app-7c5ddbdf54-8xk2p',
        labels: { app: 'app', tier: 'web' },
        owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'app-7c5ddbdf54' },
        ageMinutes: 120,
      }),
      shopPod(n3, '10.32.3.15', {
        name: 'db-0',
        labels: { app: 'db', tier: 'data' },
        owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' },
        image: 'docker.io/library/postgres:16.4',
        sidecar: { name: 'metrics', image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0' },
        ageMinutes: 240,
      }),
      shopPod(n2, '10.32.2.20', {
        name: 'api-6b8f9d7c4f-q9z7r',
        labels: { app: 'api', tier: 'web' },
        owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-6b8f9d7c4f' },
        sidecar: { name: 'envoy', image: 'docker.io/envoyproxy/envoy:v1.31.2' },
        ageMinutes: 90,
      }),
      service('shop', 'app', '10.96.120.15', [{ name: 'http', port: 80, targetPort: 8080 }], { app: 'app' }),
      service('shop', 'db', '10.96.130.40', [{ name: 'postgres', port: 5432 }], { app: 'db' }),
    ];
    return ipamData(objects, options, '10.32.0.0/12');
  },
};
