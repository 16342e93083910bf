// k0s ClusterConfig (k0s.k0sproject.io), alone or inside a k0sctl Cluster (spec.k0s.config):
// spec.network.podCIDR / serviceCIDR (defaults 10.244.0.0/16, 10.96.0.0/12), the dual-stack IPv6
// twins, the controller-manager node masks (defaults /24 and /117) and the API and etcd peer
// addresses. Field paths: docs/sources.md.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath } from '../yamlTree';
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
  const read = (node: YNode | undefined, o: typeof pod | (typeof base & { role: 'service-network' }), field: string, fallback?: string) => {
    const made = ctx.ranges(node, { ...o, field });
    if (!made.length && node === undefined && fallback) ctx.defaultRange(fallback, at, { ...o, field }, `${field} is not set: k0s uses ${fallback}`);
    return made;
  };
  const v4 = read(get(net, 'podCIDR'), pod, `${p}.podCIDR`, '10.244.0.0/16');
  read(get(net, 'serviceCIDR'), { ...base, role: 'service-network' }, `${p}.serviceCIDR`, '10.96.0.0/12');
  const dual = get(net, 'dualStack');
  const v6 = read(get(dual, 'IPv6podCIDR'), pod, `${p}.dualStack.IPv6podCIDR`);
  read(get(dual, 'IPv6serviceCIDR'), { ...base, role: 'service-network' }, `${p}.dualStack.IPv6serviceCIDR`);
  const args = getPath(spec, 'controllerManager', 'extraArgs');
  const anchor = get(net, 'podCIDR') ?? at;
  if (v4.some((r) => r.value.ok) || get(net, 'podCIDR') === undefined) {
    ctx.block(get(args, 'node-cidr-mask-size-ipv4') ?? get(args, 'node-cidr-mask-size'), {
      ...base,
      field: 'node-cidr-mask-size-ipv4',
      kind: 'node-mask',
      family: 4,
      fallback: { prefix: 24, at: anchor, note: 'node-cidr-mask-size-ipv4 is not set: each node gets a /24' },
    });
  }
  if (v6.some((r) => r.value.ok)) {
    ctx.block(get(args, 'node-cidr-mask-size-ipv6'), {
      ...base,
      field: 'node-cidr-mask-size-ipv6',
      kind: 'node-mask',
      family: 6,
      fallback: { prefix: 117, at: get(dual, 'IPv6podCIDR') ?? anchor, note: 'node-cidr-mask-size-ipv6 is not set: k0s gives each node a /117' },
    });
  }
  const address = (node: YNode | undefined, field: string) => ctx.ranges(node, { ...base, role: 'node-network', field, form: 'address' });
  address(getPath(spec, 'api', 'address'), `${prefix}spec.api.address`);
  address(getPath(spec, 'storage', 'etcd', 'peerAddress'), `${prefix}spec.storage.etcd.peerAddress`);
}
