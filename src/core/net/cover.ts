// The smallest CIDR that covers a set of ranges of one family: a pod network inferred from the node
// blocks, a node LAN the map draws from the InternalIPs. Pure bigint maths over parsed ranges.
import type { Cidr, IpFamily } from './cidr';
import { familyBits, formatCidr } from './cidr';

/** Undefined for an empty list; the family is the first CIDR's (callers pass one family). */
export function smallestCover(cidrs: readonly Pick<Cidr, 'family' | 'start' | 'end'>[]): string | undefined {
  return cidrs.length === 0 ? undefined : coveringCidr(cidrs[0].family, cidrs);
}

/** The smallest aligned network holding every range, with at least `minHostBits` host bits. */
export function coveringCidr(family: IpFamily, ranges: readonly { start: bigint; end: bigint }[], minHostBits = 0): string | undefined {
  if (ranges.length === 0) return undefined;
  let lo = ranges[0].start;
  let hi = ranges[0].end;
  for (const r of ranges) {
    if (r.start < lo) lo = r.start;
    if (r.end > hi) hi = r.end;
  }
  const bits = familyBits(family);
  // Grow the host part until one aligned network holds both ends.
  let host = minHostBits;
  while (host < bits && lo >> BigInt(host) !== hi >> BigInt(host)) host++;
  return formatCidr(family, (lo >> BigInt(host)) << BigInt(host), bits - host);
}
