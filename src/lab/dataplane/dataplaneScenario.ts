// The address plan of a data-plane lab: nodes on the LAN 198.18.0.0/24 from .11, the cluster's pod
// network inside 198.19.0.0/16, and a starting point without a CNI (its pods would otherwise claim
// IPs no plugin gave them). The scenario's kubeadm-config says the same pod subnet node IPAM uses.
import { containsAddress, overlaps, parseCidr } from '../../core/net/cidr';
import type { Cidr } from '../../core/net/cidr';
import type { ScenarioData } from '../scenarios/scenario';
import type { StoredObject } from '../store/storedObject';
import { lanGateway } from './labNetwork';
import { labDataplaneAnnotation } from '../../core/labMarks';

export const dataplaneClusterCidr = '198.19.0.0/16';
/** On every node of a data-plane lab: its pods are real (`podnet check` runs only there). */
export { labDataplaneAnnotation };
export const dataplaneNodeMaskSize = 24;
export const dataplaneScenarios = ['no-cni', 'empty'];
/** The API's port on the LAN (kube-apiserver's). */
export const lanApiPort = 6443;
const firstNodeOctet = 11;
const lastNodeOctet = 250;

const cidr = (text: string): Cidr => {
  const p = parseCidr(text);
  if (!p.ok) throw new Error(p.error);
  return p.cidr;
};
const podRange = cidr(dataplaneClusterCidr);
/** IPv6 pod networks come from 2001:2::/48, outside the LAN's 2001:2::/64. */
const podRange6 = cidr('2001:2::/48');
const lanRange6 = cidr('2001:2::/64');

export interface DataplanePlan {
  readonly clusterCidr: string;
  readonly nodeMaskSize: number;
  /** An IPv6 range too: nodes get an IPv6 InternalIP on the LAN (2001:2::11, …). */
  readonly dualStack?: boolean;
}

/** Checks the lab options a data plane can honour; fills in its defaults. */
export function dataplanePlan(scenario: string, clusterCidr: string | undefined, nodeMaskSize: number | undefined): DataplanePlan {
  if (!dataplaneScenarios.includes(scenario)) {
    throw new Error(
      `the data plane starts from a cluster without a CNI: use --scenario ${dataplaneScenarios.join(' or ')} (not "${scenario}"), then install one`,
    );
  }
  const texts = (clusterCidr ?? dataplaneClusterCidr).split(',').map((c) => c.trim());
  const families = new Set<number>();
  for (const text of texts) {
    const p = parseCidr(text);
    if (!p.ok) throw new Error(`--cluster-cidr ${text}: ${p.error}`);
    const c = p.cidr;
    if (families.has(c.family)) throw new Error(`--cluster-cidr ${texts.join(',')}: one range per family`);
    families.add(c.family);
    const inside = (r: Cidr): boolean => containsAddress(r, c.family, c.start) && containsAddress(r, c.family, c.end);
    if (c.family === 4 && !inside(podRange)) throw new Error(`--cluster-cidr ${text}: a data-plane lab keeps its pod network inside ${dataplaneClusterCidr}`);
    if (c.family === 6 && (!inside(podRange6) || overlaps(c, lanRange6))) {
      throw new Error(`--cluster-cidr ${text}: a data-plane lab keeps its IPv6 pod network inside 2001:2::/48, off the LAN's 2001:2::/64`);
    }
  }
  if (!families.has(4)) throw new Error(`--cluster-cidr ${texts.join(',')}: a data-plane lab needs an IPv4 pod network (inside ${dataplaneClusterCidr})`);
  return { clusterCidr: texts.join(','), nodeMaskSize: nodeMaskSize ?? dataplaneNodeMaskSize, dualStack: families.has(6) };
}

export const nodeLanAddress = (index: number): string => {
  if (firstNodeOctet + index > lastNodeOctet) throw new Error(`a data-plane lab has room for ${lastNodeOctet - firstNodeOctet + 1} nodes`);
  return `198.18.0.${firstNodeOctet + index}`;
};

interface NodeView {
  status?: { addresses?: { type: string; address: string }[] };
}
interface PodView {
  status?: { hostIP?: string; hostIPs?: { ip: string }[]; podIP?: string; podIPs?: { ip: string }[] };
}

/** Moves the scenario's nodes onto the LAN (and their hostNetwork pods' IPs with them); kubeadm-config names the pod subnet. */
export function adaptScenario(data: ScenarioData, plan: DataplanePlan): ScenarioData {
  const moved = new Map<string, string>();
  const serviceCidrs = ((data.objects.find((o) => o.kind === 'ServiceCIDR')?.spec as { cidrs?: string[] } | undefined)?.cidrs ?? []).join(',');
  let index = 0;
  const objects = data.objects.map((o): StoredObject => {
    if (o.kind === 'Node') {
      const next = structuredClone(o) as StoredObject;
      next.metadata.annotations = { ...next.metadata.annotations, [labDataplaneAnnotation]: 'true' };
      const addresses = (next as unknown as NodeView).status?.addresses ?? [];
      const address = nodeLanAddress(index++);
      for (const a of addresses) {
        if (a.type === 'InternalIP') {
          moved.set(a.address, address);
          a.address = address;
        }
      }
      if (plan.dualStack) {
        const at = addresses.findIndex((a) => a.type === 'InternalIP');
        addresses.splice(at + 1, 0, { type: 'InternalIP', address: `2001:2::${address.split('.')[3]}` });
      }
      return next;
    }
    if (o.kind === 'ConfigMap' && o.metadata.name === 'kubeadm-config' && o.metadata.namespace === 'kube-system') {
      return { ...o, data: { ...(o.data as Record<string, string>), ClusterConfiguration: clusterConfiguration(plan.clusterCidr, serviceCidrs) } };
    }
    return o;
  });
  for (const o of objects) {
    if (o.kind !== 'Pod') continue;
    const s = (o as unknown as PodView).status;
    if (!s) continue;
    const map = (ip: string | undefined): string | undefined => (ip && moved.get(ip)) || ip;
    s.hostIP = map(s.hostIP);
    s.podIP = map(s.podIP);
    for (const x of [...(s.hostIPs ?? []), ...(s.podIPs ?? [])]) x.ip = map(x.ip) as string;
  }
  return { ...data, objects, clusterCidrs: plan.clusterCidr.split(','), nodeMaskSizeV4: plan.nodeMaskSize };
}

function clusterConfiguration(podSubnet: string, serviceSubnet: string): string {
  return [
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'kind: ClusterConfiguration',
    'kubernetesVersion: v1.33.0',
    `controlPlaneEndpoint: ${lanGateway}:${lanApiPort}`,
    'networking:',
    '  dnsDomain: cluster.local',
    `  podSubnet: ${podSubnet}`,
    ...(serviceSubnet ? [`  serviceSubnet: ${serviceSubnet}`] : []),
    '',
  ].join('\n');
}

/** The names pods use for the API, as kube-apiserver's certificate carries them: the kubernetes Service's ClusterIP(s) and DNS names. */
export function apiServiceNames(data: ScenarioData): string[] {
  const svc = data.objects.find((o) => o.kind === 'Service' && o.metadata.namespace === 'default' && o.metadata.name === 'kubernetes');
  const ips = (svc?.spec as { clusterIPs?: string[]; clusterIP?: string } | undefined)?.clusterIPs ?? [];
  return [...ips, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
}
