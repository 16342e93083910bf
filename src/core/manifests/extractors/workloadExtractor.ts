// Weave Net and calico-node: their pod network is a container environment variable (or flag).
import type { ExtractContext } from '../extractContext';
import { isPlaceholder } from '../rangeValue';
import type { YNode } from '../yamlTree';
import { argValue, envValue, findContainers } from './containers';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';

export function extractWorkloads(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  for (const c of findContainers(root)) {
    if (c.name === 'weave') weave(c.node, c.nameNode, meta, ctx);
    else if (c.name === 'calico-node') calicoNode(c.node, c.nameNode, meta, ctx);
  }
}

function weave(container: YNode, nameNode: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `Weave Net ${meta.kind ? describeObject(meta) : 'container weave'}`;
  const o = { role: 'pod-network', component, source: 'weave', field: 'IPALLOC_RANGE', owner: ctx.owner(nameNode, 'weave'), agreement: 'pool' } as const;
  const env = envValue(container, 'IPALLOC_RANGE');
  if (env && ctx.ranges(env, o).length) return;
  if (env && env.kind === 'scalar' && env.value !== null && !isPlaceholder(String(env.value))) return;
  const arg = argValue(container, '--ipalloc-range');
  if (arg && ctx.ranges(arg.node, { ...o, field: '--ipalloc-range' }, arg.offset).length) return;
  ctx.defaultRange('10.32.0.0/12', nameNode, o, 'IPALLOC_RANGE is not set, so Weave Net uses its default 10.32.0.0/12');
}

function calicoNode(container: YNode, nameNode: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `Calico ${meta.kind ? describeObject(meta) : 'container calico-node'}`;
  const owner = ctx.owner(nameNode, 'calico-node');
  const base = { role: 'pod-network', component, source: 'calico', owner, agreement: 'pool' } as const;
  const v4 = ctx.ranges(envValue(container, 'CALICO_IPV4POOL_CIDR'), { ...base, field: 'CALICO_IPV4POOL_CIDR' });
  ctx.ranges(envValue(container, 'CALICO_IPV6POOL_CIDR'), { ...base, field: 'CALICO_IPV6POOL_CIDR' });
  const b4 = envValue(container, 'CALICO_IPV4POOL_BLOCK_SIZE');
  if (b4) ctx.block(b4, { component, source: 'calico', field: 'CALICO_IPV4POOL_BLOCK_SIZE', owner, kind: 'calico-block', family: 4 });
  const b6 = envValue(container, 'CALICO_IPV6POOL_BLOCK_SIZE');
  if (b6) ctx.block(b6, { component, source: 'calico', field: 'CALICO_IPV6POOL_BLOCK_SIZE', owner, kind: 'calico-block', family: 6 });
  // Only a pool-creating calico-node (calico-ipam) has the 192.168.0.0/16 default; canal passes usePodCidr.
  const usesCalicoIpam = envValue(container, 'CALICO_IPV4POOL_IPIP') !== undefined || envValue(container, 'CALICO_IPV4POOL_VXLAN') !== undefined;
  const isCanal = /canal/.test(meta.name);
  if (!v4.length && envValue(container, 'CALICO_IPV4POOL_CIDR') === undefined && usesCalicoIpam && !isCanal) {
    ctx.defaultRange(
      '192.168.0.0/16',
      nameNode,
      { ...base, field: 'CALICO_IPV4POOL_CIDR' },
      "CALICO_IPV4POOL_CIDR is not set: Calico creates its default pool 192.168.0.0/16 (or adopts kubeadm's podSubnet)",
    );
  }
}
