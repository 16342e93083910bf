// CIDR parsing and arithmetic on bigint intervals. ip-address validates and parses; the rest is
// plain bigint maths so comparisons are exact for IPv4 and IPv6 alike.
import { Address4, Address6 } from 'ip-address';

export type IpFamily = 4 | 6;

/** A parsed CIDR: [start, end] inclusive as bigints, plus what the user wrote. */
export interface Cidr {
  readonly family: IpFamily;
  readonly prefix: number;
  /** The address as written (may have host bits set). */
  readonly address: bigint;
  /** First address of the network (host bits cleared). */
  readonly start: bigint;
  /** Last address of the network. */
  readonly end: bigint;
  readonly text: string;
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; error: string };

export const familyBits = (family: IpFamily): number => (family === 4 ? 32 : 128);

/** Parses "10.32.0.0/12" or "fd00::/104"; a bare address is not a CIDR. */
export function parseCidr(text: string): CidrParse {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { ok: false, error: `"${trimmed}" has no prefix length (expected address/prefix)` };
  const prefixText = trimmed.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return { ok: false, error: `"${trimmed}" has an invalid prefix length "${prefixText}"` };
  const family: IpFamily = trimmed.includes(':') ? 6 : 4;
  const prefix = Number(prefixText);
  const bits = familyBits(family);
  if (prefix > bits) return { ok: false, error: `"${trimmed}": prefix /${prefix} is longer than ${bits} bits (IPv${family})` };
  const address = parseAddress(trimmed.slice(0, slash));
  if (address === undefined || address.family !== family) {
    return { ok: false, error: `"${trimmed}" is not a valid IPv${family} address` };
  }
  const size = 1n << BigInt(bits - prefix);
  const start = (address.value / size) * size;
  return { ok: true, cidr: { family, prefix, address: address.value, start, end: start + size - 1n, text: trimmed } };
}

/** Parses a bare IPv4 or IPv6 address. */
export function parseAddress(text: string): { family: IpFamily; value: bigint } | undefined {
  const t = text.trim();
  if (t.includes('/') || t.length === 0) return undefined;
  if (t.includes(':')) {
    if (!Address6.isValid(t) || t.includes('%')) return undefined;
    return { family: 6, value: new Address6(t).bigInt() };
  }
  // ip-address accepts shorthands like "10.1" in some versions; insist on four dotted decimals.
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(t) || !Address4.isValid(t)) return undefined;
  return { family: 4, value: new Address4(t).bigInt() };
}

export function formatAddress(family: IpFamily, value: bigint): string {
  if (family === 4) {
    // By hand: called for every node block on every node update (5,000 nodes), ip-address is ~20× slower here.
    const v = Number(value);
    return `${Math.floor(v / 16777216) % 256}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
  }
  return Address6.fromBigInt(value).correctForm();
}

export function formatCidr(family: IpFamily, start: bigint, prefix: number): string {
  return `${formatAddress(family, start)}/${prefix}`;
}

export const hasHostBits = (cidr: Cidr): boolean => cidr.address !== cidr.start;
export const cidrSize = (cidr: Pick<Cidr, 'start' | 'end'>): bigint => cidr.end - cidr.start + 1n;

export function overlaps(a: Pick<Cidr, 'family' | 'start' | 'end'>, b: Pick<Cidr, 'family' | 'start' | 'end'>): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

export function containsAddress(cidr: Pick<Cidr, 'family' | 'start' | 'end'>, family: IpFamily, value: bigint): boolean {
  return cidr.family === family && cidr.start <= value && value <= cidr.end;
}

/** Usable host addresses for pods in a block: IPv4 loses network, broadcast... and the gateway is counted by callers. */
export function usableAddresses(cidr: Pick<Cidr, 'family' | 'prefix'>): bigint {
  const size = 1n << BigInt(familyBits(cidr.family) - cidr.prefix);
  if (cidr.family === 4) return cidr.prefix >= 31 ? size : size - 2n;
  return size - 1n;
}
