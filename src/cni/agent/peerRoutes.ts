// Which routes this node needs: every other node's pod block via that node's InternalIP of the same
// family (host-gw style). Pure, so it is unit-tested without a cluster.

export interface NodeLike {
  metadata?: { name?: string; resourceVersion?: string };
  spec?: { podCIDR?: string; podCIDRs?: string[] };
  status?: { addresses?: { type?: string; address?: string }[] };
}

export interface PeerRoutes {
  readonly routes: Map<string, string>;
  readonly problems: string[];
}

export function podCidrsOf(node: NodeLike): string[] {
  const list = node.spec?.podCIDRs?.length ? node.spec.podCIDRs : node.spec?.podCIDR ? [node.spec.podCIDR] : [];
  return [...new Set(list)];
}

export function internalIpsOf(node: NodeLike): string[] {
  return (node.status?.addresses ?? []).filter((a) => a.type === 'InternalIP' && a.address).map((a) => a.address as string);
}

const isV6 = (text: string): boolean => text.includes(':');

export function peerRoutes(self: string, nodes: Iterable<NodeLike>): PeerRoutes {
  const routes = new Map<string, string>();
  const problems: string[] = [];
  for (const node of nodes) {
    const name = node.metadata?.name;
    if (!name || name === self) continue;
    const cidrs = podCidrsOf(node);
    if (cidrs.length === 0) continue; // not allocated yet: nothing to route to
    const ips = internalIpsOf(node);
    for (const cidr of cidrs) {
      const via = ips.find((ip) => isV6(ip) === isV6(cidr));
      if (!via) {
        problems.push(`node ${name} has no IPv${isV6(cidr) ? 6 : 4} InternalIP for its block ${cidr}`);
        continue;
      }
      if (routes.has(cidr)) {
        problems.push(`block ${cidr} is claimed by more than one node (${name} included): routed to the first`);
        continue;
      }
      routes.set(cidr, via);
    }
  }
  return { routes, problems };
}
