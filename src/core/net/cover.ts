// The smallest CIDR that covers a set of CIDRs of one family (e.g. a pod network inferred from the
// node blocks). Pure bigint maths over parsed CIDRs.
import type { Cidr } from './cidr';
import { familyBits, formatCidr } from './cidr';

/** Undefined for an empty list; the family is the first CIDR's (callers pass one family). */
export function smallestCover(cidrs: readonly Pick<Cidr, 'family' | 'start' | 'end'>[]): string | undefined {
  if (cidrs.length === 0) return undefined;
  const family = cidrs[0].family;
  const bits = familyBits(family);
  let start = cidrs[0].start;
  let end = cidrs[0].end;
  for (const c of cidrs) {
    if (c.start < start) start = c.start;
    if (c.end > end) end = c.end;
  }
  let prefix = bits;
  while (prefix > 0 && start >> BigInt(bits - prefix) !== end >> BigInt(bits - prefix)) prefix--;
  const size = 1n << BigInt(bits - prefix);
  return formatCidr(family, (start / size) * size, prefix);
}
