// A node's pod block: the range its pods' IPs come from, and which object said so.
import type { IpFamily } from '../net/cidr';
import { formatCidr, parseCidr, usableAddresses } from '../net/cidr';

export type BlockSource = 'node-spec' | 'calico-ipamblock' | 'ciliumnode' | 'derived';

export const blockSourceLabels: Readonly<Record<BlockSource, string>> = {
  'node-spec': 'node.spec.podCIDRs',
  'calico-ipamblock': 'Calico IPAMBlock (affinity host:NODE)',
  ciliumnode: 'CiliumNode spec.ipam.podCIDRs',
  derived: 'derived: Weave has its own IPAM and no per-node block; this is node.spec.podCIDR when the pod IPs fall inside it, else the smallest CIDR covering them',
};

export interface PodBlock {
  readonly cidr: string;
  readonly family: IpFamily;
  readonly prefix: number;
  readonly start: bigint;
  readonly end: bigint;
  readonly source: BlockSource;
}

export function toBlock(cidr: string, source: BlockSource): PodBlock | undefined {
  const parsed = parseCidr(cidr);
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
  return { cidr: formatCidr(family, start, prefix), family, prefix, start, end: start + size - 1n, source: 'derived' };
}

export const blockUsable = (b: PodBlock): number => Number(usableAddresses(b));

export const sameBlocks = (a: readonly PodBlock[], b: readonly PodBlock[]): boolean =>
  a.length === b.length && a.every((x, i) => x.cidr === b[i]!.cidr && x.source === b[i]!.source);
