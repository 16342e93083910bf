// IP parsing on the hot path (150,000 pod IPs): dotted IPv4 by hand (core/net/fastAddress), IPv6 memoised.
import type { IpFamily } from '../net/cidr';
import { parseAddress } from '../net/cidr';
import { ipv4ToNumber } from '../net/fastAddress';

export interface ParsedIp {
  readonly family: IpFamily;
  readonly value: bigint;
}

const cache = new Map<string, ParsedIp | undefined>();

/** Parses a bare address; undefined when it is not one. Results for IPv6 are memoised. */
export function parseIp(text: string): ParsedIp | undefined {
  if (!text.includes(':')) {
    const v = ipv4ToNumber(text);
    return v < 0 ? undefined : { family: 4, value: BigInt(v) };
  }
  if (cache.has(text)) return cache.get(text);
  const parsed = parseAddress(text);
  if (cache.size > 10_000) cache.clear();
  cache.set(text, parsed);
  return parsed;
}
