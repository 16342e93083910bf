// The smallest CIDR covering a set of ranges: how the map draws a network nobody declared
// (the pod network from the node blocks, the node LAN from the InternalIPs).
import { familyBits, formatCidr } from '../net/cidr';
import type { IpFamily } from '../net/cidr';

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
  const start = (lo >> BigInt(host)) << BigInt(host);
  return formatCidr(family, start, bits - host);
}
