// What install needs to know about the cluster before touching it: the kinds the cluster view
// watches (src/kube/clusterResources.ts), each listed once, stripped and fed to a ClusterModel, so
// the installer sees the CNI, the pod and service networks and the nodes exactly as the tree,
// `podnet inspect` and the live lint rules do (core/cluster/cniDetection + networkDiscovery).
import { ClusterModel } from '../../core/cluster/clusterModel';
import type { CniInfo } from '../../core/cluster/cniDetection';
import type { SourcedCidr } from '../../core/cluster/networkDiscovery';
import { clusterResources } from '../../kube/clusterResources';
import type { KubeApi } from '../../kube/kubeApi';
import { KubeApiError } from '../../kube/kubeApi';

export interface SurveyNode {
  readonly name: string;
  readonly internalIPs: readonly string[];
  readonly podCIDRs: readonly string[];
  readonly ready: boolean;
}

export interface OtherCni {
  /** What it was recognised by ("DaemonSet kube-flannel/kube-flannel-ds"). */
  readonly what: string;
  /** Which CNI, when known ("flannel"). */
  readonly name?: string;
}

/** A kind the survey could not read: said, never taken as absent. */
export interface UnreadableKind {
  readonly kind: string;
  readonly reason: string;
}

export interface ClusterSurvey {
  readonly nodes: SurveyNode[];
  /** Service network CIDRs the cluster states (ServiceCIDR objects, kubeadm-config, kube-apiserver flags). */
  readonly serviceCIDRs: readonly SourcedCidr[];
  /** default/kubernetes' ClusterIP when no service CIDR is stated: a fallback check. */
  readonly serviceIPs: readonly string[];
  /** Pod networks the cluster states (Podnet's settings, kubeadm-config podSubnet, --cluster-cidr, kube-proxy). */
  readonly clusterCIDRs: readonly SourcedCidr[];
  readonly otherCnis: readonly OtherCni[];
  /** Podnet's own bridge CNI is there (a re-install): its nodes are Ready because of Podnet. */
  readonly podnetInstalled?: boolean;
  readonly unreadable?: readonly UnreadableKind[];
}

/** The kinds the survey needs (the watcher's others: pods and the CNI CRDs, are not). */
const surveyed = new Set(['nodes', 'daemonsets', 'configmaps/kube-system', 'configmaps/kube-flannel', 'servicecidrs', 'kubernetes-service', 'controlplane']);

/** Kind ids as people read them. */
const kindLabels: Readonly<Record<string, string>> = {
  daemonsets: 'DaemonSets',
  'configmaps/kube-system': 'ConfigMaps in kube-system',
  'configmaps/kube-flannel': 'ConfigMaps in kube-flannel',
  servicecidrs: 'ServiceCIDRs',
  'kubernetes-service': 'the default/kubernetes Service',
  controlplane: 'the control-plane pods in kube-system',
};

function unreadableReason(error: KubeApiError): string {
  const word = error.status === 403 ? 'forbidden' : error.status === 401 ? 'unauthorized' : `HTTP ${error.status}`;
  return `${word} (${error.message})`;
}

export async function surveyCluster(api: KubeApi, signal?: AbortSignal): Promise<ClusterSurvey> {
  const model = new ClusterModel();
  const unreadable: UnreadableKind[] = [];
  const unreadableIds = new Set<string>();
  const resources = clusterResources(model).filter((r) => surveyed.has(r.spec.id));
  await Promise.all(
    resources.map(async (r) => {
      for (const path of r.spec.paths) {
        try {
          const items = await api.list<unknown>(r.spec.query ? `${path}?${r.spec.query}` : path, signal);
          for (const raw of items) {
            const item = r.spec.strip(raw);
            if (item) r.sink.upsert(item);
          }
          return;
        } catch (error) {
          // Nodes decide everything: no survey without them.
          if (r.required || !(error instanceof KubeApiError)) throw error;
          // 404: this API version is not served (older ServiceCIDR): try the next path, else absent.
          if (error.status === 404) continue;
          unreadable.push({ kind: kindLabels[r.spec.id] ?? r.spec.id, reason: unreadableReason(error) });
          unreadableIds.add(r.spec.id);
          return;
        }
      }
    }),
  );
  model.setUnreadable(unreadableIds);
  return surveyOf(model, unreadable);
}

/** The survey as the model reads it: nodes, CNI and networks come from core, nothing is re-derived here. */
export function surveyOf(model: ClusterModel, unreadable: readonly UnreadableKind[] = []): ClusterSurvey {
  const nodes = model.nodes().flatMap((
    n,
  ) => (n.info ? [{ name: n.name, internalIPs: n.info.internalIPs, podCIDRs: n.info.podCIDRs, ready: n.info.ready }] : []));
  const cni: CniInfo = model.cni;
  const { podNetworks, serviceNetworks, serviceIpHint } = model.networks;
  // "unknown (could not read DaemonSets)" is not a CNI found: preflight says what could not be read.
  const found = cni.name !== 'none' && cni.name !== 'podnet-bridge' && !(model.unreadable.has('daemonsets') && cni.evidence.startsWith('unknown'));
  return {
    nodes,
    serviceCIDRs: serviceNetworks,
    serviceIPs: serviceIpHint ? [serviceIpHint] : [],
    clusterCIDRs: podNetworks.filter((p) => !p.assumed),
    otherCnis: found ? [cni.name === 'unknown' ? { what: cni.evidence } : { what: cni.evidence, name: cni.name }] : [],
    podnetInstalled: cni.name === 'podnet-bridge',
    unreadable,
  };
}
