// Flannel's net-conf.json (kube-flannel-cfg, canal-config): Network, SubnetLen, SubnetMin/Max, IPv6.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get } from '../yamlTree';

export function extractFlannelNetConf(root: YNode, ctx: ExtractContext, component: string, at: YNode): void {
  const owner = ctx.owner(at, 'flannel');
  const pod = { role: 'pod-network', component, source: 'flannel', owner, agreement: 'node-cidr' } as const;
  const v4Enabled = get(root, 'EnableIPv4')?.kind !== 'scalar' || (get(root, 'EnableIPv4') as { value: unknown }).value !== false;
  const network = get(root, 'Network');
  if (v4Enabled) {
    ctx.ranges(network, { ...pod, field: 'net-conf.json Network' });
    ctx.ranges(get(root, 'SubnetMin'), { role: 'address', component, source: 'flannel', field: 'net-conf.json SubnetMin', owner, form: 'address' });
    ctx.ranges(get(root, 'SubnetMax'), { role: 'address', component, source: 'flannel', field: 'net-conf.json SubnetMax', owner, form: 'address' });
    if (network) {
      ctx.block(get(root, 'SubnetLen'), {
        component,
        source: 'flannel',
        field: 'net-conf.json SubnetLen',
        owner,
        kind: 'flannel-subnet',
        family: 4,
        fallback: { prefix: 24, at: network, note: 'SubnetLen is not set: Flannel uses /24 per node' },
      });
    }
  }
  const v6 = get(root, 'IPv6Network');
  if (v6) {
    ctx.ranges(v6, { ...pod, field: 'net-conf.json IPv6Network' });
    ctx.block(get(root, 'IPv6SubnetLen'), {
      component,
      source: 'flannel',
      field: 'net-conf.json IPv6SubnetLen',
      owner,
      kind: 'flannel-subnet',
      family: 6,
      fallback: { prefix: 64, at: v6, note: 'IPv6SubnetLen is not set: Flannel uses /64 per node' },
    });
  }
}
