// Helm values files of the CNI charts, recognised by the keys each chart's values.yaml has: flannel
// (podCidr + flannel), Calico's tigera-operator (installation + tigeraOperator), Antrea
// (trafficEncapMode + nodeIPAM/antreaProxy) and Cilium (ipam + hubble/kubeProxyReplacement). The
// values use the same names as the config each chart renders, so the config extractors read them.
// Field paths: docs/sources.md.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, str } from '../yamlTree';
import { extractAntreaAgentConf, extractAntreaControllerConf } from './antreaExtractor';
import { extractCalicoInstallationSpec } from './calicoPoolExtractor';

type ValuesKind = 'flannel' | 'tigera-operator' | 'antrea' | 'cilium';

const has = (root: YNode, key: string) => get(root, key) !== undefined;

export function helmValuesKind(root: YNode): ValuesKind | undefined {
  if (root.kind !== 'map' || has(root, 'kind') || has(root, 'apiVersion')) return undefined;
  if (has(root, 'podCidr') && get(root, 'flannel')?.kind === 'map') return 'flannel';
  if (get(root, 'installation')?.kind === 'map' && has(root, 'tigeraOperator')) return 'tigera-operator';
  if (has(root, 'trafficEncapMode') && (has(root, 'nodeIPAM') || has(root, 'antreaProxy'))) return 'antrea';
  if (get(root, 'ipam')?.kind === 'map' && (has(root, 'hubble') || has(root, 'kubeProxyReplacement') || has(root, 'ipv4NativeRoutingCIDR'))) return 'cilium';
  return undefined;
}

export function extractHelmValues(root: YNode, kind: ValuesKind, ctx: ExtractContext): void {
  const first = root.kind === 'map' && root.pairs.length ? root.pairs[0].key : root;
  if (kind === 'flannel') flannel(root, ctx);
  else if (kind === 'tigera-operator') {
    const key = root.kind === 'map' ? root.pairs.find((p) => p.keyText === 'installation')?.key : undefined;
    extractCalicoInstallationSpec(get(root, 'installation'), 'Calico tigera-operator Helm values', 'installation', key ?? first, root, ctx);
  } else if (kind === 'antrea') {
    extractAntreaAgentConf(root, ctx, 'Antrea Helm values');
    extractAntreaControllerConf(root, ctx, 'Antrea Helm values');
  } else cilium(root, ctx, first);
}

function flannel(root: YNode, ctx: ExtractContext): void {
  const component = 'flannel Helm values';
  const owner = ctx.owner(root, 'flannel-values');
  const pod = { role: 'pod-network', component, source: 'flannel', owner, agreement: 'node-cidr' } as const;
  const v4 = get(root, 'podCidr');
  if (ctx.ranges(v4, { ...pod, field: 'podCidr' }).length) {
    ctx.block(undefined, {
      component,
      source: 'flannel',
      field: 'SubnetLen',
      owner,
      kind: 'flannel-subnet',
      family: 4,
      fallback: { prefix: 24, at: v4 ?? root, note: 'the chart sets no SubnetLen: Flannel uses /24 per node' },
    });
  }
  const v6 = get(root, 'podCidrv6');
  if (ctx.ranges(v6, { ...pod, field: 'podCidrv6' }).length) {
    ctx.block(undefined, {
      component,
      source: 'flannel',
      field: 'IPv6SubnetLen',
      owner,
      kind: 'flannel-subnet',
      family: 6,
      fallback: { prefix: 64, at: v6 ?? root, note: 'the chart sets no IPv6SubnetLen: Flannel uses /64 per node' },
    });
  }
}

function cilium(root: YNode, ctx: ExtractContext, first: YNode): void {
  const component = 'Cilium Helm values';
  const owner = ctx.owner(root, 'cilium-values');
  const ipam = get(root, 'ipam');
  const mode = str(get(ipam, 'mode')) ?? 'cluster-pool';
  ctx.ranges(get(root, 'ipv4NativeRoutingCIDR'), { role: 'route', component, source: 'cilium', field: 'ipv4NativeRoutingCIDR', owner });
  ctx.ranges(get(root, 'ipv6NativeRoutingCIDR'), { role: 'route', component, source: 'cilium', field: 'ipv6NativeRoutingCIDR', owner });
  if (mode !== 'cluster-pool') return;
  const op = get(ipam, 'operator');
  const pod = { role: 'pod-network', component, source: 'cilium', owner, agreement: 'pool' } as const;
  const family = (f: 4 | 6, enabled: boolean, defaultCidr: string, defaultMask: number) => {
    if (!enabled) return;
    const listKey = f === 4 ? 'clusterPoolIPv4PodCIDRList' : 'clusterPoolIPv6PodCIDRList';
    const maskKey = f === 4 ? 'clusterPoolIPv4MaskSize' : 'clusterPoolIPv6MaskSize';
    const list = get(op, listKey);
    const field = `ipam.operator.${listKey}`;
    const made = ctx.rangeList(list, { ...pod, field, scalarOk: true, list: 'words' });
    if (!made.length && list === undefined) ctx.defaultRange(defaultCidr, first, { ...pod, field }, `${field} is not set: the chart uses ${defaultCidr}`);
    ctx.block(get(op, maskKey), {
      component,
      source: 'cilium',
      field: `ipam.operator.${maskKey}`,
      owner,
      kind: 'node-mask',
      family: f,
      fallback: { prefix: defaultMask, at: list ?? first, note: `${maskKey} is not set: the chart gives each node a /${defaultMask}` },
    });
  };
  family(4, str(getPath(root, 'ipv4', 'enabled')) !== 'false', '10.0.0.0/8', 24);
  family(6, str(getPath(root, 'ipv6', 'enabled')) === 'true', 'fd00::/104', 120);
}
