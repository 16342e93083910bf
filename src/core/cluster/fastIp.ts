// IP parsing on the hot path (150,000 pod IPs): dotted IPv4 by hand, IPv6 through core/net.
import type { IpFamily } from '../net/cidr';
import { parseAddress } from '../net/cidr';

export interface ParsedIp {
  readonly family: IpFamily;
  readonly value: bigint;
}

const cache = new Map<string, ParsedIp | undefined>();

function parseV4(text: string): bigint | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3) return undefined;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0 || part > 255) return undefined;
  return BigInt(value * 256 + part);
}

/** Parses a bare address; undefined when it is not one. Results for IPv6 are memoised. */
export function parseIp(text: string): ParsedIp | undefined {
  if (!text.includes(':')) {
    const v = parseV4(text);
    return v === undefined ? undefined : { family: 4, value: v };
  }
  if (cache.has(text)) return cache.get(text);
  const parsed = parseAddress(text);
  if (cache.size > 10_000) cache.clear();
  cache.set(text, parsed);
  return parsed;
}
