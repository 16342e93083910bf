// What the map builder needs, by name rather than by index: the adapter from the cluster model
// (and from the linter's diagnostics) produces this; the builder resolves names and does the maths.
import type { DataPath } from '../dataPath/dataPath';
import type { NetworkRole, Severity } from './mapModel';

export interface MapInputNetwork {
  readonly cidr: string;
  readonly role: NetworkRole;
  readonly source: string;
}

export interface MapInputBlock {
  readonly cidr: string;
  readonly source: string;
  /** Derived from the node's pod IPs, stated by no object: drawn as a guess. */
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
  | { readonly kind: 'file'; readonly uri: string; readonly line: number; readonly character: number; readonly label: string };

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
  readonly dataPath?: DataPath;
}
