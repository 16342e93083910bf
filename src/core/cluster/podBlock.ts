// A node's pod block: the range its pods' IPs come from, and which object said so.
import type { IpFamily } from '../net/cidr';
import { formatCidr, usableAddresses } from '../net/cidr';
import { fastParseCidr } from '../net/fastAddress';

/**
 * derived-podcidr: Weave (own IPAM, no per-node block) whose pods' IPs follow node.spec.podCIDR
 * — checked like a real block. derived-pod-ips: the smallest CIDR covering the node's pod IPs,
 * a description only (never reported as overlapping, exhausted or missing).
 */
export type BlockSource = 'node-spec' | 'calico-ipamblock' | 'ciliumnode' | 'derived-podcidr' | 'derived-pod-ips';

export const blockSourceLabels: Readonly<Record<BlockSource, string>> = {
  'node-spec': 'node.spec.podCIDRs',
  'calico-ipamblock': 'Calico IPAMBlock (affinity host:NODE)',
  ciliumnode: 'CiliumNode spec.ipam.podCIDRs',
  'derived-podcidr': 'derived: Weave has its own IPAM and no per-node block; its pods here take their IPs from node.spec.podCIDR',
  'derived-pod-ips': 'derived: Weave has its own IPAM and no per-node block; the smallest CIDR covering this node’s pod IPs',
};

export interface PodBlock {
  readonly cidr: string;
  readonly family: IpFamily;
  readonly prefix: number;
  readonly start: bigint;
  readonly end: bigint;
  readonly source: BlockSource;
}

/** Whether a block is checked (overlaps, exhaustion, pods outside it): a block only estimated from pod IPs never is. */
export const isJudged = (block: Pick<PodBlock, 'source'>): boolean => block.source !== 'derived-pod-ips';

export function toBlock(cidr: string, source: BlockSource): PodBlock | undefined {
  const parsed = fastParseCidr(cidr);
  if (!parsed.ok) return undefined;
  const c = parsed.cidr;
  return { cidr: formatCidr(c.family, c.start, c.prefix), family: c.family, prefix: c.prefix, start: c.start, end: c.end, source };
}

/** The smallest CIDR holding every address given (used for Weave, whose ranges are not per-node CIDRs). */
export function coveringBlock(family: IpFamily, values: readonly bigint[]): PodBlock | undefined {
  if (values.length === 0) return undefined;
  let min = values[0]!;
  let max = values[0]!;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const bits = family === 4 ? 32 : 128;
  const hostBits = (min ^ max).toString(2).length - (min === max ? 1 : 0);
  const prefix = bits - hostBits;
  const size = 1n << BigInt(hostBits);
  const start = (min / size) * size;
  return { cidr: formatCidr(family, start, prefix), family, prefix, start, end: start + size - 1n, source: 'derived-pod-ips' };
}

export const blockUsable = (b: PodBlock): number => Number(usableAddresses(b));

export const sameBlocks = (a: readonly PodBlock[], b: readonly PodBlock[]): boolean =>
  a.length === b.length && a.every((x, i) => x.cidr === b[i]!.cidr && x.source === b[i]!.source);
