// The cluster's pod and service networks, from the objects that state them.
import type { ApiServiceInfo, ConfigMapInfo, ControlPlanePodInfo, DaemonSetInfo, ServiceCidrInfo } from './clusterTypes';
import type { CniInfo } from './cniDetection';
import { podnetSettingsConfigMap } from './cniDetection';
import { commandFlag } from './commandFlags';
import { flatYamlScalar } from './flatYamlScalar';
import { kubeadmNetworking } from './kubeadmConfig';

export interface SourcedCidr {
  readonly cidr: string;
  readonly source: string;
  /** A CNI's built-in default, not a value the cluster states (Weave without IPALLOC_RANGE). */
  readonly assumed?: true;
}

export interface Networks {
  readonly podNetworks: readonly SourcedCidr[];
  readonly serviceNetworks: readonly SourcedCidr[];
  /** The default/kubernetes ClusterIP when no service CIDR is known: a hint, not a range. */
  readonly serviceIpHint?: string;
}

const splitList = (v: string | undefined): string[] => (v ? v.split(/[\s,]+/).filter((s) => s.includes('/')) : []);

export function discoverNetworks(
  cni: CniInfo,
  daemonSets: Iterable<DaemonSetInfo>,
  configMaps: Iterable<ConfigMapInfo>,
  serviceCidrs: Iterable<ServiceCidrInfo>,
  apiService: ApiServiceInfo | undefined,
  controlPlane: Iterable<ControlPlanePodInfo> = [],
): Networks {
  const maps = new Map<string, ConfigMapInfo>();
  for (const cm of configMaps) maps.set(cm.name, cm);
  const sets = [...daemonSets];
  const pod: SourcedCidr[] = [];
  const add = (list: SourcedCidr[], cidrs: readonly string[], source: string, assumed = false) => {
    for (const cidr of cidrs) if (!list.some((c) => c.cidr === cidr)) list.push(assumed ? { cidr, source, assumed } : { cidr, source });
  };
  const pods = [...controlPlane];
  /** A flag of the first control-plane pod of this component that sets it. */
  const flag = (component: string, name: string): { value: string; pod: string } | undefined => {
    for (const p of pods) {
      const value = p.component === component ? commandFlag(p.args, name) : undefined;
      if (value !== undefined) return { value, pod: p.name };
    }
    return undefined;
  };
  const env = (dsName: RegExp, key: string) => sets.find((d) => dsName.test(d.name))?.env[key];

  switch (cni.name) {
    case 'weave': {
      const ds = sets.find((d) => d.name === 'weave-net');
      const arg = ds?.args.find((a) => a.startsWith('--ipalloc-range='))?.slice('--ipalloc-range='.length);
      const range = ds?.env['IPALLOC_RANGE'] ?? arg;
      add(pod, range ? [range] : ['10.32.0.0/12'], range ? 'weave-net IPALLOC_RANGE' : 'Weave default (IPALLOC_RANGE unset)', !range);
      break;
    }
    case 'flannel': {
      const conf = maps.get('kube-flannel-cfg')?.data['net-conf.json'];
      try {
        const parsed = conf ? (JSON.parse(conf) as { Network?: string; IPv6Network?: string }) : {};
        add(pod, [parsed.Network, parsed.IPv6Network].filter((c): c is string => !!c), 'kube-flannel-cfg net-conf.json');
      } catch {
        // A broken net-conf.json is the linter's business; here it just gives no range.
      }
      break;
    }
    case 'calico':
      add(pod, splitList(env(/^calico-node$/, 'CALICO_IPV4POOL_CIDR')), 'calico-node CALICO_IPV4POOL_CIDR');
      add(pod, splitList(env(/^calico-node$/, 'CALICO_IPV6POOL_CIDR')), 'calico-node CALICO_IPV6POOL_CIDR');
      break;
    case 'cilium': {
      const data = maps.get('cilium-config')?.data ?? {};
      if (cni.ipam === 'cilium-cluster-pool') {
        add(pod, splitList(data['cluster-pool-ipv4-cidr']), 'cilium-config cluster-pool-ipv4-cidr');
        add(pod, splitList(data['cluster-pool-ipv6-cidr']), 'cilium-config cluster-pool-ipv6-cidr');
      }
      break;
    }
    case 'podnet-bridge':
      // The range the installer wrote (comma-separated for dual-stack), the one its agents carve blocks from.
      add(pod, splitList(maps.get(podnetSettingsConfigMap)?.data['cluster-cidr']), `ConfigMap ${podnetSettingsConfigMap} cluster-cidr`);
      break;
    case 'kindnet':
      add(pod, splitList(env(/^kindnet$/, 'POD_SUBNET')), 'kindnet POD_SUBNET');
      break;
    default:
      break;
  }
  const kubeadm = kubeadmNetworking(maps.get('kubeadm-config')?.data['ClusterConfiguration']);
  add(pod, kubeadm.podSubnets, 'kubeadm-config podSubnet');
  const clusterCidrFlag = flag('kube-controller-manager', '--cluster-cidr');
  if (clusterCidrFlag) add(pod, splitList(clusterCidrFlag.value), `${clusterCidrFlag.pod} --cluster-cidr`);
  add(pod, splitList(flatYamlScalar(maps.get('kube-proxy')?.data['config.conf'], 'clusterCIDR')), 'kube-proxy clusterCIDR');

  const service: SourcedCidr[] = [];
  for (const s of serviceCidrs) add(service, [...s.cidrs], `ServiceCIDR ${s.name}`);
  if (service.length === 0) add(service, kubeadm.serviceSubnets, 'kubeadm-config serviceSubnet');
  if (service.length === 0) {
    const range = flag('kube-apiserver', '--service-cluster-ip-range') ?? flag('kube-controller-manager', '--service-cluster-ip-range');
    if (range) add(service, splitList(range.value), `${range.pod} --service-cluster-ip-range`);
  }
  const hint = service.length === 0 ? apiService?.clusterIPs.find((ip) => ip && ip !== 'None') : undefined;
  return hint ? { podNetworks: pod, serviceNetworks: service, serviceIpHint: hint } : { podNetworks: pod, serviceNetworks: service };
}
