// Consistency findings of the live cluster: what is wrong with its address plan right now.

import type { NamespacedName } from './namespacedName';
import { qualifiedName } from './namespacedName';

export type FindingCode =
  | 'pod-ip-outside-block'
  | 'node-block-overlap'
  | 'block-overlaps-node-network'
  | 'block-overlaps-service-network'
  | 'pod-network-overlaps-service-network'
  | 'node-without-block'
  | 'block-exhausted'
  | 'block-nearly-exhausted'
  | 'duplicate-pod-ip'
  | 'podnet-agent-unready';

export type FindingSeverity = 'error' | 'warning';

export type FindingSubject =
  | { readonly kind: 'node'; readonly name: string }
  | ({ readonly kind: 'pod' } & NamespacedName);

export interface Finding {
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  readonly message: string;
  /** The elements it concerns (both nodes of an overlap, every pod sharing an IP...); none for the cluster's own settings. */
  readonly subjects: readonly FindingSubject[];
  /** node-block-overlap: the two blocks, as the model parsed them (the map draws their shared part). */
  readonly blocks?: readonly [BlockOfNode, BlockOfNode];
}

export interface BlockOfNode {
  readonly node: string;
  readonly cidr: string;
}

export const findingTitles: Readonly<Record<FindingCode, string>> = {
  'pod-ip-outside-block': 'Pod IP outside its node’s block',
  'node-block-overlap': 'Node blocks overlap',
  'block-overlaps-node-network': 'Pod block overlaps the node network',
  'block-overlaps-service-network': 'Pod block overlaps the service network',
  'pod-network-overlaps-service-network': 'Pod network overlaps the service network',
  'node-without-block': 'Node has no pod block',
  'block-exhausted': 'Pod block exhausted',
  'block-nearly-exhausted': 'Pod block nearly exhausted',
  'duplicate-pod-ip': 'Duplicate pod IP',
  'podnet-agent-unready': 'Podnet agent not ready on this node',
};

/** Each finding's rule code: docs/rules.md#pn19x documents it, the Problems panel shows it. */
export const findingRule: Readonly<Record<FindingCode, string>> = {
  'pod-ip-outside-block': 'PN190',
  'node-block-overlap': 'PN191',
  'block-overlaps-node-network': 'PN192',
  'block-overlaps-service-network': 'PN193',
  'pod-network-overlaps-service-network': 'PN194',
  'node-without-block': 'PN195',
  'block-exhausted': 'PN196',
  'block-nearly-exhausted': 'PN197',
  'duplicate-pod-ip': 'PN198',
  'podnet-agent-unready': 'PN199',
};

/** Share of a block in use from which it counts as nearly exhausted. */
export const nearlyExhaustedRatio = 0.9;

export const nodeSubject = (name: string): FindingSubject => ({ kind: 'node', name });

export const subjectKey = (s: FindingSubject): string => (s.kind === 'node' ? `node:${s.name}` : `pod:${qualifiedName(s)}`);
