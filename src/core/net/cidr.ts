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

const MAPPED_V4 = 0xffffn; // ::ffff:a.b.c.d is an IPv4 address to Go's net.IP.To4 and to Kubernetes

/**
 * Parses "10.32.0.0/12" or "fd00::/104" the way Go's net.ParseCIDR does (which Kubernetes and
 * kubeadm use): no whitespace, no zone, no leading zeros; an IPv4-mapped IPv6 CIDR
 * (::ffff:10.96.0.0/108) is the IPv4 CIDR it maps (10.96.0.0/12). A bare address is not a CIDR.
 */
export function parseCidr(text: string): CidrParse {
  if (/\s/.test(text)) return { ok: false, error: whitespaceError(text) };
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, error: `"${text}" has no prefix length (expected address/prefix)` };
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return { ok: false, error: `"${text}" has an invalid prefix length "${prefixText}"` };
  const written: IpFamily = addressText.includes(':') ? 6 : 4;
  let prefix = Number(prefixText);
  if (prefix > familyBits(written)) return { ok: false, error: `"${text}": prefix /${prefix} is longer than ${familyBits(written)} bits (IPv${written})` };
  const address = parseAddress(addressText);
  if (address === undefined) return { ok: false, error: addressError(text, addressText, written) };
  if (address.family === 4 && written === 6) {
    if (prefix < 96) {
      return { ok: false, error: `"${text}" is an IPv4-mapped address (::ffff:a.b.c.d), which Kubernetes reads as IPv4, but /${prefix} is shorter than /96` };
    }
    prefix -= 96;
  }
  const bits = familyBits(address.family);
  const size = 1n << BigInt(bits - prefix);
  const start = (address.value / size) * size;
  return { ok: true, cidr: { family: address.family, prefix, address: address.value, start, end: start + size - 1n, text } };
}

const whitespaceError = (text: string) => `"${text}" contains whitespace, which Go's net.ParseCIDR (kubeadm, Kubernetes) rejects`;

function addressError(text: string, addressText: string, family: IpFamily): string {
  const zero = /^\d{1,3}(\.\d{1,3}){3}$/.test(addressText) ? addressText.split('.').find((o) => /^0\d/.test(o)) : undefined;
  if (zero) {
    const sloppy = addressText.split('.').map((o) => String(Number(o))).join('.');
    const rest = text.slice(addressText.length);
    return `"${text}" has a leading zero (${zero}): Go's net.ParseCIDR rejects it, kubeadm and kube-controller-manager parse it "sloppily" as ${sloppy}${rest}, and C's inet_aton reads ${zero} as octal`;
  }
  if (family === 6 && addressText.includes('%')) return `"${text}" has a zone (${addressText.slice(addressText.indexOf('%'))}); a CIDR cannot carry one`;
  return `"${text}" is not a valid IPv${family} address`;
}

/** Parses a bare IPv4 or IPv6 address like Go's net.ParseIP; IPv4-mapped IPv6 is IPv4. */
export function parseAddress(text: string): { family: IpFamily; value: bigint } | undefined {
  const t = text;
  if (t.includes('/') || t.length === 0 || /\s/.test(t)) return undefined;
  if (t.includes(':')) {
    if (!Address6.isValid(t) || t.includes('%')) return undefined;
    const value = new Address6(t).bigInt();
    if (value >> 32n === MAPPED_V4) return { family: 4, value: value & 0xffffffffn };
    return { family: 6, value };
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

/** Whether `inner` lies wholly inside `outer` (same family). */
export function containsRange(outer: Pick<Cidr, 'family' | 'start' | 'end'>, inner: Pick<Cidr, 'family' | 'start' | 'end'>): boolean {
  return outer.family === inner.family && outer.start <= inner.start && inner.end <= outer.end;
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
