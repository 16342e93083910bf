// Address blocks no cluster network may use, whatever the platform (IANA special-purpose
// registries: RFC 6890, RFC 3927, RFC 4291, RFC 5771), with why, as intervals.
import type { IpFamily } from './cidr';
import { parseCidr } from './cidr';

export interface SpecialRange {
  readonly cidr: string;
  readonly family: IpFamily;
  readonly start: bigint;
  readonly end: bigint;
  readonly why: string;
}

const special = (cidr: string, why: string): SpecialRange => {
  const p = parseCidr(cidr);
  if (!p.ok) throw new Error(p.error);
  return { cidr, family: p.cidr.family, start: p.cidr.start, end: p.cidr.end, why };
};

export const FORBIDDEN_RANGES: readonly SpecialRange[] = [
  special('0.0.0.0/8', '"this network" (RFC 6890): not routable as a destination'),
  special('127.0.0.0/8', 'loopback: every node answers these addresses itself'),
  special('169.254.0.0/16', 'link-local (RFC 3927): never routed, and clouds serve their metadata API at 169.254.169.254'),
  special('224.0.0.0/4', 'multicast: not unicast addresses'),
  special('240.0.0.0/4', 'reserved (RFC 1112 class E): Linux and most routers drop it'),
  special('::1/128', 'IPv6 loopback'),
  special('fe80::/10', 'IPv6 link-local: never routed'),
  special('ff00::/8', 'IPv6 multicast'),
];
