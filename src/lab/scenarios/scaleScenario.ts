// Generated large clusters (`--nodes 5000 --pods-per-node 30` = 150,000 pods; up to 65,536 nodes,
// GKE's largest): Flannel on 10.64.0.0/10 with a /24 per node (a /26 above 16,384 nodes), nodes on
// 172.16.0.0/12, realistic ~4.7 KB pods across 20 namespaces, so list and watch costs are honest.
// Nodes and pods are generators (object i built from i alone): the lab keeps them as indexes until
// written (store/storedEntry.ts), and a benchmark can stream a million of them.
import type { StoredObject } from '../store/storedObject';
import type { GeneratedObjects } from '../store/storedEntry';
import type { Scenario, ScenarioOptions } from './scenario';
import { clusterBasics, namespace, serviceAccount } from './clusterObjects';
import type { NodeSpec, PodSpec } from './clusterObjects';
import { flannel } from './cniScenarios';
import { daemonSetPodSpec, kubeProxyDaemonSet, placedOnNode } from './kubeSystemPods';
import { nodeBuilder, podBuilder, templatedObjects } from './generatedTemplates';
import type { LabNode } from './kubeSystemPods';
import { addressIn } from './scenarioKit';
import { ipv4ToNumber, numberToIpv4 } from '../../core/net/fastAddress';

const podNetwork = '10.64.0.0/10';
const apps = ['frontend', 'cart', 'checkout', 'catalog', 'payments', 'search', 'ads', 'email', 'shipping', 'currency'];
const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789'; // the apiserver's generateName alphabet
const suffixSpace = 27 ** 5;

/**
 * A 5-character generateName-style suffix, distinct for every i below 27^5 (14.3 million): i is
 * scrambled by a multiplication that is a bijection modulo 27^5 (7919 is prime to 3), so names
 * look random and never collide, as the apiserver retries until they do not.
 */
export function uniqueSuffix(i: number): string {
  let n = (i * 7919 + 104_729) % suffixSpace;
  let out = '';
  for (let d = 0; d < 5; d++, n = Math.floor(n / 27)) out += suffixAlphabet[n % 27];
  return out;
}

export interface ScaleCluster {
  /** The objects but the nodes and pods (namespaces, DaemonSets, config maps, services). */
  readonly small: StoredObject[];
  /** The nodes, then the DaemonSet pods (flannel, kube-proxy: one each per node), then the application pods. */
  readonly generated: GeneratedObjects[];
  /** All but the application pods, built at once (the nodes and DaemonSet pods too). */
  readonly base: StoredObject[];
  /** The application pods, one at a time. */
  pods(): Generator<StoredObject>;
  /** Application pods (nodes × pods per node); the DaemonSet pods are two per node on top. */
  readonly podCount: number;
  readonly clusterCidrs: string[];
  readonly mask: number;
}

const indexes = (count: number) => Array.from({ length: count }, (_, i) => i);

/** The scale cluster: the small objects at once, nodes and pods as generators. */
export function scaleCluster(o: ScenarioOptions): ScaleCluster {
  const count = o.nodes ?? 1000;
  const per = o.podsPerNode ?? 30;
  const mask = o.nodeMaskSize ?? (count > 2 ** (24 - 10) ? 26 : 24);
  const blocks = 2 ** (mask - 10);
  if (count > blocks) throw new Error(`--nodes ${count}: the scale scenario's 10.64.0.0/10 holds ${blocks.toLocaleString('en-US')} /${mask} blocks`);
  const blockSize = 2 ** (32 - mask);
  if (per + 3 > blockSize) throw new Error(`--pods-per-node ${per}: a /${mask} block holds ${blockSize - 3} pods`);
  // Addresses by integer arithmetic: nodes and pods are built on every read, parsing CIDRs each time showed.
  const firstNodeIp = ipv4ToNumber(addressIn('172.16.0.0/12', 256 + 10));
  const first = ipv4ToNumber(addressIn(podNetwork, 0));
  const labNode = (i: number): LabNode => ({ name: `node-${String(i + 1).padStart(5, '0')}`, ip: numberToIpv4(firstNodeIp + i) });
  const namespaces = Array.from({ length: 20 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
  const flannelObjects = flannel([], podNetwork);
  const daemonSets = [flannelObjects.find((x) => x.kind === 'DaemonSet') as StoredObject, kubeProxyDaemonSet()];
  const small: StoredObject[] = [
    ...clusterBasics(['10.96.0.0/12'], '10.96.0.1'),
    ...namespaces.flatMap((ns) => [namespace(ns), serviceAccount(ns, 'default')]),
    ...flannelObjects,
    daemonSets[1]!,
  ];
  const nodes = templatedObjects(
    { apiVersion: 'v1', kind: 'Node', count, keyAt: (i) => ({ namespace: '', name: labNode(i).name }) },
    (i): NodeSpec => {
      const n = labNode(i);
      return { name: n.name, internalIP: n.ip, podCIDRs: [`${numberToIpv4(first + i * blockSize)}/${mask}`], ready: true, controlPlane: i === 0 };
    },
    nodeBuilder,
    (i) => (i === 0 ? 0 : 1),
  );
  // Pod j of DaemonSet d runs on node j; its suffix is distinct across both DaemonSets.
  const daemonSetOf = (i: number): StoredObject => daemonSets[Math.floor(i / count)]!;
  const daemonPodName = (i: number): string => `${daemonSetOf(i).metadata.name}-${uniqueSuffix(i)}`;
  const daemonPods = templatedObjects(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      count: daemonSets.length * count,
      keyAt: (i) => ({ namespace: daemonSetOf(i).metadata.namespace as string, name: daemonPodName(i) }),
    },
    (i) => daemonSetPodSpec(daemonSetOf(i), labNode(i % count), daemonPodName(i)),
    podBuilder((o, spec) => placedOnNode(o, spec.nodeName as string)),
    (i) => Math.floor(i / count),
  );
  const replicaSet = (serial: number): string => `${apps[serial % apps.length]}-${(7_000_000_000 + (serial % 97) * 1_000_003).toString(36)}`;
  const appPods = templatedObjects(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      count: count * per,
      keyAt: (serial) => ({ namespace: namespaces[serial % namespaces.length]!, name: `${replicaSet(serial)}-${uniqueSuffix(serial)}` }),
    },
    (serial): PodSpec => {
      const i = Math.floor(serial / per);
      const k = serial % per;
      const n = labNode(i);
      const app = apps[serial % apps.length]!;
      const ns = namespaces[serial % namespaces.length]!;
      const rs = replicaSet(serial);
      return {
        namespace: ns,
        name: `${rs}-${uniqueSuffix(serial)}`,
        nodeName: n.name,
        hostIP: n.ip,
        podIP: numberToIpv4(first + i * blockSize + 2 + k),
        labels: { app, team: ns },
        owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs },
        ageMinutes: 60 + (serial % 600),
      };
    },
    podBuilder(),
    () => 0,
  );
  const all = (g: GeneratedObjects) => indexes(g.count).map((i) => g.at(i));
  return {
    small,
    generated: [nodes, daemonPods, appPods],
    get base() {
      return [...small, ...all(nodes), ...all(daemonPods)];
    },
    *pods() {
      for (let i = 0; i < appPods.count; i++) yield appPods.at(i);
    },
    podCount: appPods.count,
    clusterCidrs: [o.clusterCidr ?? podNetwork],
    mask,
  };
}

export const scaleScenario: Scenario = {
  name: 'scale',
  description: 'generated: --nodes N (default 1000, at most 65,536) x --pods-per-node M (default 30) on Flannel 10.64.0.0/10, nodes on 172.16.0.0/12',
  build: (o) => {
    const c = scaleCluster(o);
    return { objects: c.small, generated: c.generated, clusterCidrs: c.clusterCidrs, nodeMaskSizeV4: c.mask, nodeMaskSizeV6: 64 };
  },
};
