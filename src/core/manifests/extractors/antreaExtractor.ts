// Antrea: antrea-controller.conf / antrea-agent.conf (YAML inside ConfigMap strings), and its
// IPPool (secondary networks) and ExternalIPPool (egress / load-balancer IPs) resources.
import type { RangeRole } from '../addressRange';
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items } from '../yamlTree';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';
import { defaultNodeMask } from './fieldDefaults';
import { startEndRange } from './startEndRange';

export function extractAntreaControllerConf(root: YNode, ctx: ExtractContext, component: string): void {
  const ipam = get(root, 'nodeIPAM');
  const owner = ctx.owner(root, 'antrea-controller');
  const pods = items(get(ipam, 'clusterCIDRs')).flatMap((n, i) =>
    ctx.ranges(n, { role: 'pod-network', component, source: 'antrea', field: `nodeIPAM.clusterCIDRs[${i}]`, owner, agreement: 'cluster' })
  );
  ctx.ranges(get(ipam, 'serviceCIDR'), { role: 'service-network', component, source: 'antrea', field: 'nodeIPAM.serviceCIDR', owner });
  ctx.ranges(get(ipam, 'serviceCIDRv6'), { role: 'service-network', component, source: 'antrea', field: 'nodeIPAM.serviceCIDRv6', owner });
  for (const family of [4, 6] as const) {
    const first = pods.find((p) => p.value.ok && p.value.family === family);
    if (!first) continue;
    const field = family === 4 ? 'nodeIPAM.nodeCIDRMaskSizeIPv4' : 'nodeIPAM.nodeCIDRMaskSizeIPv6';
    const maskNode = get(ipam, family === 4 ? 'nodeCIDRMaskSizeIPv4' : 'nodeCIDRMaskSizeIPv6');
    ctx.block(maskNode, {
      component,
      source: 'antrea',
      field,
      owner,
      kind: 'node-mask',
      family,
      fallback: {
        prefix: defaultNodeMask(family),
        at: get(ipam, 'clusterCIDRs') ?? root,
        note: `${field} is not set: Antrea uses /${defaultNodeMask(family)}`,
      },
    });
  }
}

export function extractAntreaAgentConf(root: YNode, ctx: ExtractContext, component: string): void {
  const owner = ctx.owner(root, 'antrea-agent');
  ctx.ranges(get(root, 'serviceCIDR'), { role: 'service-network', component, source: 'antrea', field: 'serviceCIDR', owner });
  ctx.ranges(get(root, 'serviceCIDRv6'), { role: 'service-network', component, source: 'antrea', field: 'serviceCIDRv6', owner });
  ctx.ranges(get(root, 'podCIDRs'), { role: 'pod-network', component, source: 'antrea', field: 'podCIDRs', owner, list: 'words', agreement: 'local' });
  items(get(root, 'transportInterfaceCIDRs')).forEach((n, i) =>
    ctx.ranges(n, { role: 'node-network', component, source: 'antrea', field: `transportInterfaceCIDRs[${i}]`, owner })
  );
  items(getPath(root, 'egress', 'exceptCIDRs')).forEach((n, i) =>
    ctx.ranges(n, { role: 'route', component, source: 'antrea', field: `egress.exceptCIDRs[${i}]`, owner })
  );
}

/** crd.antrea.io IPPool (secondary networks) and ExternalIPPool (egress / LB IPs). */
export function extractAntreaPool(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const role: RangeRole = meta.kind === 'ExternalIPPool' ? 'lb-pool' : 'secondary-network';
  const component = `Antrea ${describeObject(meta)}`;
  const owner = ctx.owner(root, 'antrea-pool');
  const spec = get(root, 'spec');
  items(get(spec, 'ipRanges')).forEach((r, i) => {
    ctx.ranges(get(r, 'cidr'), { role, component, source: 'antrea', field: `spec.ipRanges[${i}].cidr`, owner });
    const start = get(r, 'start');
    const end = get(r, 'end');
    if (start && end) {
      startEndRange(ctx, start, end, { role, component, source: 'antrea', field: `spec.ipRanges[${i}]`, owner, firstKey: 'start', lastKey: 'end' });
    }
  });
  const gw = getPath(spec, 'subnetInfo', 'gateway');
  ctx.ranges(gw, { role: 'address', component, source: 'antrea', field: 'spec.subnetInfo.gateway', owner, form: 'address' });
}
