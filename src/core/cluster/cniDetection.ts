// Which CNI runs the cluster, read from its DaemonSets and ConfigMaps (names and images are
// what each project ships; see test/fixtures/corpus). The CNI decides where a node's block is.
import type { ConfigMapInfo, DaemonSetInfo } from './clusterTypes';
import { qualifiedName } from './namespacedName';

/**
 * The ConfigMap Podnet's bridge CNI writes its settings to (kube-system, keys `cluster-cidr` and
 * `node-mask-size`). The installer names it in src/cni/names.ts; core may not import cni, so a
 * unit test holds the two equal.
 */
export const podnetSettingsConfigMap = 'podnet-bridge-cni';

export type CniName = 'calico' | 'cilium' | 'weave' | 'flannel' | 'kindnet' | 'kube-router' | 'antrea' | 'podnet-bridge' | 'unknown' | 'none';

/** Where each node's pod block comes from under this CNI. */
export type IpamMode = 'node-podcidr' | 'calico-ipam' | 'cilium-cluster-pool' | 'weave-ipam';

export interface CniInfo {
  readonly name: CniName;
  readonly ipam: IpamMode;
  /** Human-readable: what it was recognised by. */
  readonly evidence: string;
}

interface Rule {
  readonly name: Exclude<CniName, 'unknown' | 'none'>;
  readonly daemonSet: RegExp;
  readonly image: RegExp;
}

// Order matters: a cluster running Multus or a chained plugin has several; the first wins.
const rules: readonly Rule[] = [
  { name: 'calico', daemonSet: /^calico-node$/, image: /(^|\/)calico\/node[:@]|\/calico-node[:@]/ },
  { name: 'cilium', daemonSet: /^cilium$/, image: /(^|\/)cilium\/cilium[:@]/ },
  { name: 'weave', daemonSet: /^weave-net$/, image: /weave-kube[:@]/ },
  { name: 'flannel', daemonSet: /^kube-flannel(-ds)?$/, image: /flannel(?!-cni-plugin)[^/]*[:@]/ },
  { name: 'kindnet', daemonSet: /^kindnet$/, image: /kindnetd[:@]/ },
  { name: 'kube-router', daemonSet: /^kube-router$/, image: /kube-router[:@]/ },
  { name: 'antrea', daemonSet: /^antrea-agent$/, image: /antrea-agent[^/]*[:@]|antrea\/antrea-ubuntu/ },
  { name: 'podnet-bridge', daemonSet: /^podnet(-bridge)?(-cni|-agent)?$/, image: /podnet/ },
];

/**
 * CNIs Podnet has no model of, known by their DaemonSet's name: still a CNI (the installer refuses
 * to add a second one; the tree says which), with node podCIDRs as the best guess of its blocks.
 */
const otherKnownCnis: Readonly<Record<string, string>> = {
  canal: 'Canal',
  'kube-ovn-cni': 'Kube-OVN',
  'ovnkube-node': 'OVN-Kubernetes',
  'aws-node': 'Amazon VPC CNI',
  'azure-cni': 'Azure CNI',
  'azure-cns': 'Azure CNI',
  'romana-agent': 'Romana',
  'kube-multus-ds': 'Multus',
};

/** A CNI's ConfigMap alone (DaemonSets not listable, or not created yet), in this order. */
const configMapRules: readonly { readonly configMap: string; readonly name: Exclude<CniName, 'unknown' | 'none'> }[] = [
  { configMap: 'kube-flannel-cfg', name: 'flannel' },
  { configMap: 'cilium-config', name: 'cilium' },
  { configMap: podnetSettingsConfigMap, name: 'podnet-bridge' },
  { configMap: 'calico-config', name: 'calico' },
  { configMap: 'canal-config', name: 'calico' },
  { configMap: 'antrea-config', name: 'antrea' },
  { configMap: 'kube-router-cfg', name: 'kube-router' },
  { configMap: 'weave-net', name: 'weave' },
];

export function detectCni(daemonSets: Iterable<DaemonSetInfo>, configMaps: Iterable<ConfigMapInfo>): CniInfo {
  const sets = [...daemonSets];
  const maps = new Map<string, ConfigMapInfo>();
  for (const cm of configMaps) maps.set(cm.name, cm);
  for (const rule of rules) {
    const ds = sets.find((d) => rule.daemonSet.test(d.name) || d.images.some((i) => rule.image.test(i)));
    if (!ds) continue;
    const evidence = `DaemonSet ${qualifiedName(ds)}`;
    return { name: rule.name, ipam: ipamFor(rule.name, maps), evidence };
  }
  const known = sets.find((d) => otherKnownCnis[d.name] !== undefined);
  if (known) return { name: 'unknown', ipam: 'node-podcidr', evidence: `DaemonSet ${qualifiedName(known)} (${otherKnownCnis[known.name]})` };
  for (const rule of configMapRules) {
    if (maps.has(rule.configMap)) return { name: rule.name, ipam: ipamFor(rule.name, maps), evidence: `ConfigMap ${rule.configMap}` };
  }
  // Any other DaemonSet writing the host's CNI config directory is a CNI too (kube-proxy is not).
  const other = sets.find((d) => d.mountsCniConfig && d.name !== 'kube-proxy');
  if (other) return { name: 'unknown', ipam: 'node-podcidr', evidence: `DaemonSet ${qualifiedName(other)} mounts /etc/cni/net.d` };
  return { name: 'none', ipam: 'node-podcidr', evidence: 'no CNI DaemonSet found' };
}

function ipamFor(name: CniName, maps: ReadonlyMap<string, ConfigMapInfo>): IpamMode {
  if (name === 'calico') return 'calico-ipam';
  if (name === 'weave') return 'weave-ipam';
  if (name === 'cilium') {
    // Cilium's default IPAM is cluster-pool; `ipam: kubernetes` uses node.spec.podCIDR.
    const mode = maps.get('cilium-config')?.data['ipam'];
    return mode === 'kubernetes' ? 'node-podcidr' : 'cilium-cluster-pool';
  }
  return 'node-podcidr';
}

/** ConfigMaps whose data Podnet keeps when stripping (everything else keeps only its name). */
export const networkConfigMapNames: ReadonlySet<string> = new Set([
  'kubeadm-config',
  'kube-proxy',
  'kube-flannel-cfg',
  'cilium-config',
  'calico-config',
  'antrea-config',
  'kube-router-cfg',
  podnetSettingsConfigMap,
]);
