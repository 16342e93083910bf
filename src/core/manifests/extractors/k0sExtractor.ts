// k0s ClusterConfig (k0s.k0sproject.io), alone or inside a k0sctl Cluster (spec.k0s.config):
// spec.network.podCIDR / serviceCIDR (defaults 10.244.0.0/16, 10.96.0.0/12), the dual-stack IPv6
// twins, the controller-manager node masks (k0s' /24, and /117 for IPv6) and the API and etcd peer
// addresses. Field paths: docs/sources.md.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, str } from '../yamlTree';
import { nodeMask, rangesOrDefault } from './fieldDefaults';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';

export function extractK0sConfig(config: YNode, meta: ObjectMeta, ctx: ExtractContext, prefix = ''): void {
  const component = `k0s ${describeObject(meta)}`;
  const owner = ctx.owner(config, 'k0s');
  const base = { component, source: 'k0s', owner } as const;
  const spec = get(config, 'spec');
  const net = get(spec, 'network');
  const at = get(config, 'kind') ?? config;
  const p = `${prefix}spec.network`;
  const pod = { ...base, role: 'pod-network', agreement: 'cluster' } as const;
  const svc = { ...base, role: 'service-network' } as const;
  const dflt = (field: string, cidr: string) => ({ cidr, at, note: `${field} is not set: k0s uses ${cidr}` });
  const podNode = get(net, 'podCIDR');
  const v4 = rangesOrDefault(ctx, podNode, { ...pod, field: `${p}.podCIDR` }, dflt(`${p}.podCIDR`, '10.244.0.0/16'));
  rangesOrDefault(ctx, get(net, 'serviceCIDR'), { ...svc, field: `${p}.serviceCIDR` }, dflt(`${p}.serviceCIDR`, '10.96.0.0/12'));
  const dual = get(net, 'dualStack');
  // The IPv6 twins are read even when dualStack is off (k0s then ignores them), so a typo is still found.
  const v6 = ctx.ranges(get(dual, 'IPv6podCIDR'), { ...pod, field: `${p}.dualStack.IPv6podCIDR` });
  ctx.ranges(get(dual, 'IPv6serviceCIDR'), { ...svc, field: `${p}.dualStack.IPv6serviceCIDR` });
  // k0s' controller-manager component: dual-stack gets -ipv4 24 and -ipv6 117, single stack
  // node-cidr-mask-size 24 (117 for IPv6 single stack); spec.controllerManager.extraArgs override them.
  const args = getPath(spec, 'controllerManager', 'extraArgs');
  const anchor = podNode ?? at;
  const mask = (key: string, family: 4 | 6, anchorAt: YNode) => {
    const prefixLength = family === 4 ? 24 : 117;
    nodeMask(ctx, get(args, key), base, key, family, { prefix: prefixLength, at: anchorAt, note: `${key} is not set: k0s gives each node a /${prefixLength}` });
  };
  if (str(get(dual, 'enabled')) === 'true') {
    if (v4.some((r) => r.value.ok) || podNode === undefined) mask('node-cidr-mask-size-ipv4', 4, anchor);
    if (v6.some((r) => r.value.ok)) mask('node-cidr-mask-size-ipv6', 6, get(dual, 'IPv6podCIDR') ?? anchor);
  } else {
    const family = v4.find((r) => r.value.ok)?.value;
    if (family?.ok || podNode === undefined) mask('node-cidr-mask-size', family?.ok ? family.family : 4, anchor);
  }
  const address = (node: YNode | undefined, field: string) => ctx.ranges(node, { ...base, role: 'node-network', field, form: 'address' });
  address(getPath(spec, 'api', 'address'), `${prefix}spec.api.address`);
  address(getPath(spec, 'storage', 'etcd', 'peerAddress'), `${prefix}spec.storage.etcd.peerAddress`);
}
