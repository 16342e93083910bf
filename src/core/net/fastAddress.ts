// The one fast IP parser. Pod IPs are parsed by the hundred thousand on every model update;
// dotted IPv4 is done by hand (a char loop into a plain number: no regex, no split, no bigint),
// everything else goes through parseAddress, memoised (a pod's IPv6 address is read again on
// every change of its node).
import { parseAddress, parseCidr } from './cidr';
import type { CidrParse, IpFamily } from './cidr';

/** "10.32.1.2" → 169877762; -1 when not four dotted decimals 0..255 (a leading zero too, as Go's net.ParseIP). */
export function ipv4ToNumber(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1;
}

/** 169877762 → "10.32.1.2" (ipv4ToNumber's inverse). */
export const numberToIpv4 = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

export interface ParsedAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

const ipv6Cache = new Map<string, ParsedAddress | undefined>();

/** A bare address; undefined when it is not one. */
export function fastParseAddress(text: string): ParsedAddress | undefined {
  if (!text.includes(':')) {
    const v = ipv4ToNumber(text);
    return v < 0 ? undefined : { family: 4, value: BigInt(v) };
  }
  if (ipv6Cache.has(text)) return ipv6Cache.get(text);
  const parsed = parseAddress(text);
  if (ipv6Cache.size > 10_000) ipv6Cache.clear();
  ipv6Cache.set(text, parsed);
  return parsed;
}

/** A dotted IPv4 CIDR as plain numbers; undefined for anything else (no BigInt: 65,000 node blocks per relint). */
export function ipv4CidrBounds(text: string): { value: number; prefix: number; start: number; end: number } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const value = ipv4ToNumber(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (value < 0 || !/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) return undefined;
  const prefix = Number(prefixText);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(value / size) * size;
  return { value, prefix, start, end: start + size - 1 };
}

/** parseCidr with the IPv4 fast path (5,000 node blocks per update); the same result or error. */
export function fastParseCidr(text: string): CidrParse {
  const b = ipv4CidrBounds(text);
  if (!b) return parseCidr(text);
  return { ok: true, cidr: { family: 4, prefix: b.prefix, address: BigInt(b.value), start: BigInt(b.start), end: BigInt(b.end), text } };
}
