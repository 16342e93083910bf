// cilium-config: cluster-pool CIDR lists and mask sizes; ipv4-native-routing-cidr.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, str } from '../yamlTree';

export function extractCiliumConfig(data: YNode, ctx: ExtractContext, component: string, at: YNode): void {
  const owner = ctx.owner(at, 'cilium');
  const ipam = str(get(data, 'ipam')) ?? 'cluster-pool';
  const pod = { role: 'pod-network', component, source: 'cilium', owner, agreement: 'pool', list: 'words' } as const;
  ctx.ranges(get(data, 'ipv4-native-routing-cidr'), { role: 'route', component, source: 'cilium', field: 'ipv4-native-routing-cidr', owner });
  ctx.ranges(get(data, 'ipv6-native-routing-cidr'), { role: 'route', component, source: 'cilium', field: 'ipv6-native-routing-cidr', owner });
  if (ipam !== 'cluster-pool' && ipam !== 'cluster-pool-v2beta') return;
  const v4 = get(data, 'cluster-pool-ipv4-cidr');
  const v4Enabled = str(get(data, 'enable-ipv4')) !== 'false';
  if (v4Enabled) {
    const made = ctx.ranges(v4, { ...pod, field: 'cluster-pool-ipv4-cidr' });
    const anchor = v4 ?? at;
    if (!made.length && !v4) {
      ctx.defaultRange('10.0.0.0/8', at, { ...pod, field: 'cluster-pool-ipv4-cidr' }, 'cluster-pool-ipv4-cidr is not set: Cilium uses 10.0.0.0/8');
    }
    ctx.block(get(data, 'cluster-pool-ipv4-mask-size'), {
      component,
      source: 'cilium',
      field: 'cluster-pool-ipv4-mask-size',
      owner,
      kind: 'node-mask',
      family: 4,
      fallback: { prefix: 24, at: anchor, note: 'cluster-pool-ipv4-mask-size is not set: Cilium gives each node a /24' },
    });
  }
  if (str(get(data, 'enable-ipv6')) === 'true') {
    const v6 = get(data, 'cluster-pool-ipv6-cidr');
    const made = ctx.ranges(v6, { ...pod, field: 'cluster-pool-ipv6-cidr' });
    if (!made.length && !v6) {
      ctx.defaultRange('fd00::/104', at, { ...pod, field: 'cluster-pool-ipv6-cidr' }, 'cluster-pool-ipv6-cidr is not set: Cilium uses fd00::/104');
    }
    ctx.block(get(data, 'cluster-pool-ipv6-mask-size'), {
      component,
      source: 'cilium',
      field: 'cluster-pool-ipv6-mask-size',
      owner,
      kind: 'node-mask',
      family: 6,
      fallback: { prefix: 120, at: v6 ?? at, note: 'cluster-pool-ipv6-mask-size is not set: Cilium gives each node a /120' },
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
