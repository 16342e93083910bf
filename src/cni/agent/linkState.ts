// Interfaces and addresses from `ip addr show` (iproute2 and busybox print the same shape): the
// uplink (the interface holding the node's InternalIP) and its MTU, and the bridge's addresses.
import type { Cidr } from '../../core/net/cidr';
import { formatAddress, parseAddress, parseCidr } from '../../core/net/cidr';

export interface LinkInfo {
  readonly name: string;
  readonly mtu: number;
  /** Global addresses as "address/prefix" (link-local ones left out). */
  readonly addresses: { readonly text: string; readonly cidr: Cidr; readonly address: string }[];
}

export function parseAddrShow(text: string): LinkInfo[] {
  const links: { name: string; mtu: number; addresses: LinkInfo['addresses'][number][] }[] = [];
  for (const line of text.split('\n')) {
    const header = /^\d+:\s+([^:@\s]+)(?:@[^:\s]+)?:\s.*\bmtu\s+(\d+)/.exec(line);
    if (header) {
      links.push({ name: header[1], mtu: Number(header[2]), addresses: [] });
      continue;
    }
    const addr = /^\s+inet6?\s+(\S+)(.*)$/.exec(line);
    const link = links[links.length - 1];
    if (!addr || !link || /\bscope link\b/.test(addr[2])) continue;
    const parsed = parseCidr(addr[1]);
    const bare = parseAddress(addr[1].split('/')[0]);
    if (parsed.ok && bare) link.addresses.push({ text: addr[1], cidr: parsed.cidr, address: formatAddress(bare.family, bare.value) });
  }
  return links;
}

/** The interface holding one of `internalIps` (canonical texts). */
export function uplinkOf(links: readonly LinkInfo[], internalIps: readonly string[]): LinkInfo | undefined {
  return links.find((l) => l.addresses.some((a) => internalIps.includes(a.address)));
}
