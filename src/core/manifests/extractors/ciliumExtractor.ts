// cilium-config: cluster-pool CIDR lists and mask sizes; ipv4-native-routing-cidr.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, str } from '../yamlTree';
import { nodeMask, rangesOrDefault } from './fieldDefaults';

export function extractCiliumConfig(data: YNode, ctx: ExtractContext, component: string, at: YNode): void {
  const owner = ctx.owner(at, 'cilium');
  const base = { component, source: 'cilium', owner } as const;
  const ipam = str(get(data, 'ipam')) ?? 'cluster-pool';
  ctx.ranges(get(data, 'ipv4-native-routing-cidr'), { ...base, role: 'route', field: 'ipv4-native-routing-cidr' });
  ctx.ranges(get(data, 'ipv6-native-routing-cidr'), { ...base, role: 'route', field: 'ipv6-native-routing-cidr' });
  if (ipam !== 'cluster-pool' && ipam !== 'cluster-pool-v2beta') return;
  // Cilium's defaults: IPv4 on with 10.0.0.0/8 in /24s, IPv6 off (fd00::/104 in /120s when on).
  for (
    const [family, enabled, cidr, mask] of [
      [4, str(get(data, 'enable-ipv4')) !== 'false', '10.0.0.0/8', 24],
      [6, str(get(data, 'enable-ipv6')) === 'true', 'fd00::/104', 120],
    ] as const
  ) {
    if (!enabled) continue;
    const field = `cluster-pool-ipv${family}-cidr`;
    const pool = get(data, field);
    const pod = { ...base, role: 'pod-network', field, agreement: 'pool', list: 'words' } as const;
    rangesOrDefault(ctx, pool, pod, { cidr, at, note: `${field} is not set: Cilium uses ${cidr}` });
    const maskField = `cluster-pool-ipv${family}-mask-size`;
    nodeMask(ctx, get(data, maskField), base, maskField, family, {
      prefix: mask,
      at: pool ?? at,
      note: `${maskField} is not set: Cilium gives each node a /${mask}`,
    });
  }
}

/** ip-masq-agent's config (Cilium, GKE): CIDRs that are not masqueraded. */
export function extractIpMasqConfig(root: YNode, ctx: ExtractContext, component: string): void {
  const owner = ctx.owner(root, 'ip-masq-agent');
  const list = get(root, 'nonMasqueradeCIDRs');
  if (list?.kind === 'seq') {
    list.items.forEach((n, i) => ctx.ranges(n, { role: 'route', component, source: 'ip-masq-agent', field: `nonMasqueradeCIDRs[${i}]`, owner }));
  }
}
