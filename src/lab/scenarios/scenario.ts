// What a scenario is: a named starting state plus the cluster's address plan for node IPAM.
import type { KubeObject } from '../store/kubeObject';

export interface ScenarioOptions {
  readonly nodes?: number;
  readonly podsPerNode?: number;
  /** Overrides the scenario's cluster CIDR (comma-separated for dual-stack). */
  readonly clusterCidr?: string;
  readonly nodeMaskSize?: number;
}

export interface ScenarioData {
  readonly objects: KubeObject[];
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
