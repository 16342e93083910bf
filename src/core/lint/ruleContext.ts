// What every rule gets: all ranges and block sizes of the lint set, optional live-cluster facts,
// and a way to report.
import type { BlockEntry, NodeCountEntry } from '../manifests/addressRange';
import type { RawFinding } from './finding';
import type { LiveClusterFacts } from './liveClusterFacts';
import type { OkRange, WRange } from './workspaceRange';

export type WBlock = BlockEntry & { readonly file: string };
export type WNodeCount = NodeCountEntry & { readonly file: string };

export interface RuleContext {
  readonly ranges: readonly WRange[];
  readonly ok: readonly OkRange[];
  readonly blocks: readonly WBlock[];
  /** kubelet maxPods (KubeletConfiguration in the set, else 110). */
  readonly maxPods: number;
  /** Node counts the configurations ask for, per file (capacityRules). */
  readonly nodeCounts?: readonly WNodeCount[];
  readonly cluster?: LiveClusterFacts;
  emit(finding: RawFinding): void;
  /** A fix replacing `r` with the nearest free range of the same size, if there is one. */
  freeRangeFix(r: OkRange): RawFinding['fixes'];
}

/** Ranges that take part in overlap and free-space reasoning (routes, single addresses and VPCs do not). */
export const isNetwork = (r: WRange): boolean => r.role !== 'route' && r.role !== 'address' && r.role !== 'vpc' && r.role !== 'node-ip-filter';
