// Helm values files of the CNI charts, recognised by the keys each chart's values.yaml has: flannel
// (podCidr + flannel), Calico's tigera-operator (installation + tigeraOperator), Antrea
// (trafficEncapMode + nodeIPAM/antreaProxy) and Cilium (ipam + one of CILIUM_KEYS). The
// values use the same names as the config each chart renders, so the config extractors read them.
// Field paths: docs/sources.md.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, pairsOf, str } from '../yamlTree';
import { extractCiliumPodPoolSpec } from './ciliumPoolExtractor';
import { extractAntreaAgentConf, extractAntreaControllerConf } from './antreaExtractor';
import { extractCalicoInstallationSpec } from './calicoPoolExtractor';
import { nodeMask, rangeListOrDefault } from './fieldDefaults';

type ValuesKind = 'flannel' | 'tigera-operator' | 'antrea' | 'cilium';

const has = (root: YNode, key: string) => get(root, key) !== undefined;

/** Top-level keys of Cilium's chart that, beside an `ipam` map, say the values are Cilium's (an IPv6-only file has no ipv4 key). */
const CILIUM_KEYS = ['hubble', 'kubeProxyReplacement', 'ipv4NativeRoutingCIDR', 'ipv6NativeRoutingCIDR', 'routingMode', 'bgpControlPlane'];

/** Keys of the chart's `ipam.operator` no other chart has: enough on their own (a values file setting only IPAM). */
const CILIUM_OPERATOR_KEYS = ['clusterPoolIPv4PodCIDRList', 'clusterPoolIPv6PodCIDRList', 'autoCreateCiliumPodIPPools'];

export function helmValuesKind(root: YNode): ValuesKind | undefined {
  if (root.kind !== 'map' || has(root, 'kind') || has(root, 'apiVersion')) return undefined;
  if (has(root, 'podCidr') && get(root, 'flannel')?.kind === 'map') return 'flannel';
  if (get(root, 'installation')?.kind === 'map' && has(root, 'tigeraOperator')) return 'tigera-operator';
  if (has(root, 'trafficEncapMode') && (has(root, 'nodeIPAM') || has(root, 'antreaProxy'))) return 'antrea';
  const ipam = get(root, 'ipam');
  if (ipam?.kind === 'map' && (CILIUM_KEYS.some((k) => has(root, k)) || CILIUM_OPERATOR_KEYS.some((k) => getPath(ipam, 'operator', k) !== undefined))) {
    return 'cilium';
  }
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
  // The chart renders podCidr / podCidrv6 into net-conf.json without SubnetLen: Flannel's /24 and /64 apply.
  for (const [family, key, lenKey, len] of [[4, 'podCidr', 'SubnetLen', 24], [6, 'podCidrv6', 'IPv6SubnetLen', 64]] as const) {
    const node = get(root, key);
    if (!ctx.ranges(node, { ...pod, field: key }).length) continue;
    ctx.block(undefined, {
      component,
      source: 'flannel',
      field: lenKey,
      owner,
      kind: 'flannel-subnet',
      family,
      fallback: { prefix: len, at: node ?? root, note: `the chart sets no ${lenKey}: Flannel uses /${len} per node` },
    });
  }
}

function cilium(root: YNode, ctx: ExtractContext, first: YNode): void {
  const component = 'Cilium Helm values';
  const owner = ctx.owner(root, 'cilium-values');
  const base = { component, source: 'cilium', owner } as const;
  const ipam = get(root, 'ipam');
  const mode = str(get(ipam, 'mode')) ?? 'cluster-pool';
  ctx.ranges(get(root, 'ipv4NativeRoutingCIDR'), { ...base, role: 'route', field: 'ipv4NativeRoutingCIDR' });
  ctx.ranges(get(root, 'ipv6NativeRoutingCIDR'), { ...base, role: 'route', field: 'ipv6NativeRoutingCIDR' });
  const op = get(ipam, 'operator');
  if (mode === 'multi-pool') {
    for (const p of pairsOf(get(op, 'autoCreateCiliumPodIPPools'))) {
      extractCiliumPodPoolSpec(p.value, ctx, `${component} pool ${p.keyText}`, `ipam.operator.autoCreateCiliumPodIPPools.${p.keyText}`, p.value ?? p.key);
    }
  }
  if (mode !== 'cluster-pool') return;
  // The chart's values.yaml: ipv4.enabled true, ipv6.enabled false; pools 10.0.0.0/8 in /24s, fd00::/104 in /120s.
  for (
    const [family, enabled, cidr, mask] of [
      [4, str(getPath(root, 'ipv4', 'enabled')) !== 'false', '10.0.0.0/8', 24],
      [6, str(getPath(root, 'ipv6', 'enabled')) === 'true', 'fd00::/104', 120],
    ] as const
  ) {
    if (!enabled) continue;
    const listKey = `clusterPoolIPv${family}PodCIDRList`;
    const maskKey = `clusterPoolIPv${family}MaskSize`;
    const list = get(op, listKey);
    const field = `ipam.operator.${listKey}`;
    rangeListOrDefault(ctx, list, { ...base, role: 'pod-network', agreement: 'pool', field, scalarOk: true, list: 'words' }, {
      cidr,
      at: first,
      note: `${field} is not set: the chart uses ${cidr}`,
    });
    nodeMask(ctx, get(op, maskKey), base, `ipam.operator.${maskKey}`, family, {
      prefix: mask,
      at: list ?? first,
      note: `${maskKey} is not set: the chart gives each node a /${mask}`,
    });
  }
}
