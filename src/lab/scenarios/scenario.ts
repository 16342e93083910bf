// What a scenario is: a named starting state plus the cluster's address plan for node IPAM.
import type { StoredObject } from '../store/storedObject';
import type { GeneratedObjects } from '../store/storedEntry';

export interface ScenarioOptions {
  readonly nodes?: number;
  readonly podsPerNode?: number;
  /** Overrides the scenario's cluster CIDR (comma-separated for dual-stack). */
  readonly clusterCidr?: string;
  readonly nodeMaskSize?: number;
}

export interface ScenarioData {
  readonly objects: StoredObject[];
  /** Objects generated on demand (the scale scenario's nodes and pods), seeded after `objects`. */
  readonly generated?: readonly GeneratedObjects[];
  /** kube-controller-manager --cluster-cidr (one per family). */
  readonly clusterCidrs: string[];
  /** --node-cidr-mask-size-ipv4 / -ipv6. */
  readonly nodeMaskSizeV4: number;
  readonly nodeMaskSizeV6: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  build(options: ScenarioOptions): ScenarioData;
}

/**
 * A scenario's data with node IPAM on --cluster-cidr (the option, else the scenario's own range;
 * comma-separated for dual-stack) and --node-cidr-mask-size (the option, else /24; /64 for IPv6).
 */
export function ipamData(objects: StoredObject[], o: ScenarioOptions, clusterCidr: string): ScenarioData {
  return { objects, clusterCidrs: (o.clusterCidr ?? clusterCidr).split(',').map((c) => c.trim()), nodeMaskSizeV4: o.nodeMaskSize ?? 24, nodeMaskSizeV6: 64 };
}

/** A scenario's data without node IPAM (the CNI allocates: Calico, Cilium). */
export const noIpamData = (objects: StoredObject[]): ScenarioData => ({ objects, clusterCidrs: [], nodeMaskSizeV4: 24, nodeMaskSizeV6: 64 });

/** Every object of a scenario, the generated ones built (small scenarios and tests only). */
export function scenarioObjects(data: ScenarioData): StoredObject[] {
  return [...data.objects, ...(data.generated ?? []).flatMap((g) => Array.from({ length: g.count }, (_, i) => g.at(i)))];
}
