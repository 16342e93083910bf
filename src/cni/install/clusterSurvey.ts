// What install needs to know about the cluster before touching it, read with a few LIST calls.
import type { CniKubeApi } from './cniKubeApi';
import { KubeApiError } from './cniKubeApi';
import { appName } from '../names';

export interface SurveyNode {
  readonly name: string;
  readonly internalIPs: string[];
  readonly podCIDRs: string[];
  readonly ready: boolean;
}

export interface OtherCni {
  readonly what: string;
  readonly why: string;
}

export interface ClusterSurvey {
  readonly nodes: SurveyNode[];
  /** Service network CIDRs found (ServiceCIDR objects, kubeadm-config, kube-apiserver flags). */
  readonly serviceCIDRs: { cidr: string; source: string }[];
  /** ClusterIPs actually in use (kubernetes.default first): a fallback when no CIDR is published. */
  readonly serviceIPs: string[];
  /** The cluster pod CIDR(s) the cluster publishes (kubeadm-config podSubnet, controller-manager flag). */
  readonly clusterCIDRs: { cidr: string; source: string }[];
  readonly otherCnis: OtherCni[];
  /** Podnet's own DaemonSet is there (a re-install): its nodes are Ready because of Podnet. */
  readonly podnetInstalled?: boolean;
}

type Raw = Record<string, unknown> & { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };

/** DaemonSets and ConfigMaps of the CNIs people run, by name (kube-system and their own namespaces). */
const knownCniDaemonSets = ['kube-flannel-ds', 'calico-node', 'cilium', 'weave-net', 'kindnet', 'kube-router', 'antrea-agent', 'canal', 'kube-ovn-cni', 'ovnkube-node', 'aws-node', 'azure-cni', 'romana-agent'];
const knownCniConfigMaps = ['kube-flannel-cfg', 'calico-config', 'cilium-config', 'weave-net', 'antrea-config', 'canal-config', 'kube-router-cfg', 'kindnet-cfg'];

function flagValue(args: unknown, flag: string): string | undefined {
  if (!Array.isArray(args)) return undefined;
  for (const a of args) if (typeof a === 'string' && a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
  return undefined;
}

const isPodnet = (o: Raw): boolean => o.metadata?.labels?.['app.kubernetes.io/name'] === appName;

export async function surveyCluster(api: CniKubeApi, signal?: AbortSignal): Promise<ClusterSurvey> {
  const optional = async <T>(p: Promise<T[]>): Promise<T[]> => {
    try {
      return await p;
    } catch (error) {
      if (error instanceof KubeApiError && (error.status === 404 || error.status === 403)) return [];
      throw error;
    }
  };
  const [rawNodes, daemonSets, systemConfigMaps, serviceCidrObjects, systemPods, defaultServices] = await Promise.all([
    api.list<Raw>('/api/v1/nodes', signal),
    api.list<Raw>('/apis/apps/v1/daemonsets', signal),
    optional(api.list<Raw>('/api/v1/namespaces/kube-system/configmaps', signal)),
    optional(api.list<Raw>('/apis/networking.k8s.io/v1/servicecidrs', signal)),
    optional(api.list<Raw>('/api/v1/namespaces/kube-system/pods', signal)),
    optional(api.list<Raw>('/api/v1/namespaces/default/services', signal)),
  ]);

  const nodes: SurveyNode[] = rawNodes.map((n) => {
    const spec = (n.spec ?? {}) as { podCIDR?: string; podCIDRs?: string[] };
    const status = (n.status ?? {}) as { addresses?: { type: string; address: string }[]; conditions?: { type: string; status: string }[] };
    return {
      name: n.metadata?.name ?? '',
      internalIPs: (status.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address),
      podCIDRs: spec.podCIDRs?.length ? spec.podCIDRs : spec.podCIDR ? [spec.podCIDR] : [],
      ready: (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    };
  });

  const serviceCIDRs: ClusterSurvey['serviceCIDRs'] = [];
  const clusterCIDRs: ClusterSurvey['clusterCIDRs'] = [];
  for (const sc of serviceCidrObjects) for (const cidr of ((sc.spec as { cidrs?: string[] })?.cidrs ?? [])) serviceCIDRs.push({ cidr, source: `ServiceCIDR ${sc.metadata?.name}` });
  const kubeadm = systemConfigMaps.find((c) => c.metadata?.name === 'kubeadm-config');
  const clusterConfiguration = (kubeadm?.data as Record<string, string> | undefined)?.ClusterConfiguration ?? '';
  const serviceSubnet = /serviceSubnet:\s*"?([0-9a-fA-F:.,/]+)/.exec(clusterConfiguration)?.[1];
  const podSubnet = /podSubnet:\s*"?([0-9a-fA-F:.,/]+)/.exec(clusterConfiguration)?.[1];
  for (const cidr of serviceSubnet?.split(',') ?? []) serviceCIDRs.push({ cidr, source: 'kubeadm-config serviceSubnet' });
  for (const cidr of podSubnet?.split(',') ?? []) clusterCIDRs.push({ cidr, source: 'kubeadm-config podSubnet' });
  for (const pod of systemPods) {
    for (const c of ((pod.spec as { containers?: { command?: string[]; args?: string[] }[] })?.containers ?? [])) {
      const args = [...(c.command ?? []), ...(c.args ?? [])];
      const svc = flagValue(args, '--service-cluster-ip-range');
      const cc = flagValue(args, '--cluster-cidr');
      for (const cidr of svc?.split(',') ?? []) serviceCIDRs.push({ cidr, source: `${pod.metadata?.name} --service-cluster-ip-range` });
      for (const cidr of cc?.split(',') ?? []) clusterCIDRs.push({ cidr, source: `${pod.metadata?.name} --cluster-cidr` });
    }
  }
  const kubernetesService = defaultServices.find((s) => s.metadata?.name === 'kubernetes');
  const serviceIPs = [kubernetesService, ...defaultServices.filter((s) => s !== kubernetesService)]
    .flatMap((s) => ((s?.spec as { clusterIPs?: string[]; clusterIP?: string } | undefined)?.clusterIPs ?? [(s?.spec as { clusterIP?: string } | undefined)?.clusterIP]))
    .filter((ip): ip is string => typeof ip === 'string' && ip !== 'None' && ip.length > 0);

  const otherCnis: OtherCni[] = [];
  for (const ds of daemonSets) {
    if (isPodnet(ds)) continue;
    const where = `DaemonSet ${ds.metadata?.namespace}/${ds.metadata?.name}`;
    const volumes = ((ds.spec as { template?: { spec?: { volumes?: { hostPath?: { path?: string } }[] } } })?.template?.spec?.volumes ?? []);
    if (volumes.some((v) => (v.hostPath?.path ?? '').replace(/\/+$/, '') === '/etc/cni/net.d')) otherCnis.push({ what: where, why: 'mounts the host\'s /etc/cni/net.d' });
    else if (knownCniDaemonSets.includes(ds.metadata?.name ?? '')) otherCnis.push({ what: where, why: 'is a known CNI DaemonSet' });
  }
  // A known CNI ConfigMap counts only when no DaemonSet already gave the CNI away (one cause, one line).
  for (const cm of otherCnis.length ? [] : systemConfigMaps) {
    if (!isPodnet(cm) && knownCniConfigMaps.includes(cm.metadata?.name ?? '')) otherCnis.push({ what: `ConfigMap kube-system/${cm.metadata?.name}`, why: 'is a known CNI configuration' });
  }
  return { nodes, serviceCIDRs, serviceIPs, clusterCIDRs, otherCnis, podnetInstalled: daemonSets.some(isPodnet) };
}
