// What the map builder needs, by name rather than by index: the adapter from the cluster model
// (and the linter's findings, core/map/manifestFindings) produces this; the builder resolves
// names and does the maths the model has not already done.
import type { NamespacedName } from '../cluster/namespacedName';
import type { BlockOfNode, FindingSubject } from '../cluster/findings';
import type { PodBlock } from '../cluster/podBlock';
import type { DataPath } from '../dataPath/dataPath';
import type { FileTarget, NetworkRole, Severity } from './mapModel';

export interface MapInputNetwork {
  readonly cidr: string;
  readonly role: NetworkRole;
  readonly source: string;
  /** Derived, not declared (a group's detail keeps the whole cluster's inferred networks, not its own blocks' cover). */
  readonly inferred?: boolean;
}

export interface MapInputBlock {
  readonly cidr: string;
  readonly source: string;
  /** The block as the cluster model parsed it: not parsed again. */
  readonly parsed?: Pick<PodBlock, 'family' | 'prefix' | 'start' | 'end'>;
  /** Derived from the node's pod IPs, stated by no object (core/cluster/podBlock isJudged): drawn as a guess, never judged. */
  readonly guessed?: boolean;
  /** When the cluster model already counted them (the tree shows the same numbers). */
  readonly used?: number;
  readonly usable?: string;
}

export interface MapInputNode {
  readonly name: string;
  readonly internalIPs: readonly string[];
  readonly ready?: boolean;
  readonly blocks: readonly MapInputBlock[];
  /** Pods on the node as the cluster model counted them: the aggregated overview reads no pods. */
  readonly podCount?: number;
}

export interface MapInputPod extends NamespacedName {
  readonly ip: string;
  readonly node: string;
  readonly hostNetwork: boolean;
}

export type MapInputTarget =
  | { readonly kind: 'network'; readonly cidr: string }
  | { readonly kind: 'block'; readonly node: string; readonly cidr: string }
  /** A node or a pod as a cluster finding names it; a pod's node: where it runs (the aggregated overview counts its findings in that node's group). */
  | Exclude<FindingSubject, { kind: 'pod' }>
  | (Extract<FindingSubject, { kind: 'pod' }> & { readonly node?: string })
  | FileTarget;

export interface MapInputFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly origin: 'cluster' | 'manifest';
  readonly targets: readonly MapInputTarget[];
}

export interface MapInput {
  readonly context: string;
  readonly networks: readonly MapInputNetwork[];
  readonly nodes: readonly MapInputNode[];
  readonly pods: readonly MapInputPod[];
  readonly findings: readonly MapInputFinding[];
  /** The overlapping block pairs the cluster model found (its node-block-overlap findings); absent: the builder sweeps the blocks itself. */
  readonly blockOverlaps?: readonly (readonly [BlockOfNode, BlockOfNode])[];
  readonly dataPath?: DataPath;
}
