// kube-system/kubeadm-config's ClusterConfiguration: its networking section, read as YAML (quoted,
// flow or block style alike), never by pattern.
import { load } from 'js-yaml';

export interface KubeadmNetworking {
  /** networking.podSubnet, split at commas (one range per family). */
  readonly podSubnets: readonly string[];
  /** networking.serviceSubnet, split at commas. */
  readonly serviceSubnets: readonly string[];
}

const none: KubeadmNetworking = { podSubnets: [], serviceSubnets: [] };

const ranges = (v: unknown): string[] => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s.includes('/')) : []);

/** The networking of a ClusterConfiguration text; none when it is empty or not YAML. */
export function kubeadmNetworking(clusterConfiguration: string | undefined): KubeadmNetworking {
  if (!clusterConfiguration?.trim()) return none;
  let doc: unknown;
  try {
    doc = load(clusterConfiguration, { json: true });
  } catch {
    // A ConfigMap kubeadm could not read either: no range is stated.
    return none;
  }
  const networking = (doc as { networking?: { podSubnet?: unknown; serviceSubnet?: unknown } } | null)?.networking;
  return { podSubnets: ranges(networking?.podSubnet), serviceSubnets: ranges(networking?.serviceSubnet) };
}
