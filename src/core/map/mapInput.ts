// What the map builder needs, by name rather than by index: the adapter from the cluster model
// (and the linter's findings, core/map/manifestFindings) produces this; the builder resolves
// names and does the maths the model has not already done.
import type { BlockOfNode } from '../cluster/findings';
import type { PodBlock } from '../cluster/podBlock';
import type { DataPath } from '../dataPath/dataPath';
import type { FileTarget, NetworkRole, Severity } from './mapModel';

export interface MapInputNetwork {
  readonly cidr: string;
  readonly role: NetworkRole;
  readonly source: string;
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
}

export interface MapInputPod {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly node: string;
  readonly hostNetwork: boolean;
}

export type MapInputTarget =
  | { readonly kind: 'network'; readonly cidr: string }
  | { readonly kind: 'node'; readonly name: string }
  | { readonly kind: 'block'; readonly node: string; readonly cidr: string }
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string }
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
