// Talos machine configs, both styles: the v1alpha1 document (`version: v1alpha1`, or a patch with
// `machine:` / `cluster.network`) with cluster.network.podSubnets / serviceSubnets, and the
// multi-document style's `kind: KubeNetworkConfig`. Node networks from interface addresses and
// kubelet nodeIP.validSubnets. Defaults (10.244.0.0/16, 10.96.0.0/12) only for a full config, not
// a patch, and only where the document has cluster.network. Field paths: docs/sources.md.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items, str } from '../yamlTree';
import { nodeMask, rangeListOrDefault } from './fieldDefaults';

export const isTalosMachineConfig = (root: YNode): boolean =>
  root.kind === 'map' && get(root, 'kind') === undefined && get(root, 'apiVersion') === undefined &&
  (str(get(root, 'version')) === 'v1alpha1' || get(root, 'machine') !== undefined ||
    getPath(root, 'cluster', 'network', 'podSubnets') !== undefined || getPath(root, 'cluster', 'network', 'serviceSubnets') !== undefined);

export function extractTalosMachineConfig(root: YNode, ctx: ExtractContext): void {
  const full = str(get(root, 'version')) === 'v1alpha1';
  const component = full ? 'Talos machine config' : 'Talos machine config patch';
  const net = getPath(root, 'cluster', 'network');
  // Newer Talos writes the networks in a KubeNetworkConfig document instead: without cluster.network
  // this document says nothing about them, so no default is assumed here.
  const args = getPath(root, 'cluster', 'controllerManager', 'extraArgs');
  networks(net, ctx, component, 'cluster.network', full && net !== undefined ? net : undefined, (family) => {
    const key = `node-cidr-mask-size-ipv${family}`;
    return { node: get(args, key), field: `cluster.controllerManager.extraArgs.${key}` };
  });
  const owner = ctx.owner(root, 'talos-machine');
  items(getPath(root, 'machine', 'network', 'interfaces')).forEach((iface, i) => {
    items(get(iface, 'addresses')).forEach((a, j) =>
      ctx.ranges(a, { role: 'node-network', component, source: 'talos', field: `machine.network.interfaces[${i}].addresses[${j}]`, owner, allowHostBits: true })
    );
    ctx.ranges(get(iface, 'cidr'), {
      role: 'node-network',
      component,
      source: 'talos',
      field: `machine.network.interfaces[${i}].cidr`,
      owner,
      allowHostBits: true,
    });
  });
  // validSubnets picks the node IP; `!CIDR` excludes addresses (Talos' negative match): checked as a
  // value, never as a network of the nodes.
  const validSubnets = getPath(root, 'machine', 'kubelet', 'nodeIP', 'validSubnets');
  const subnet = { component, source: 'talos', owner } as const;
  if (validSubnets?.kind !== 'seq') ctx.rangeList(validSubnets, { ...subnet, role: 'node-ip-filter', field: 'machine.kubelet.nodeIP.validSubnets' });
  else {
    validSubnets.items.forEach((item, i) => {
      const field = `machine.kubelet.nodeIP.validSubnets[${i}]`;
      const negative = item.kind === 'scalar' && typeof item.value === 'string' && item.value.startsWith('!');
      if (negative) ctx.ranges(item, { ...subnet, role: 'address', field: `${field} (excluded)`, allowHostBits: true }, 1);
      else ctx.ranges(item, { ...subnet, role: 'node-ip-filter', field });
    });
  }
}

export function extractTalosKubeNetworkConfig(root: YNode, ctx: ExtractContext): void {
  networks(root, ctx, 'Talos KubeNetworkConfig', '', get(root, 'kind') ?? root, (family) => {
    const key = `nodeCIDRMaskSizeIPv${family}`;
    return { node: get(root, key), field: key };
  });
}

/** Where a style writes the per-node mask of a family: KubeNetworkConfig's own field, or v1alpha1's controller-manager extraArgs. */
type MaskField = (family: 4 | 6) => { node: YNode | undefined; field: string };

function networks(net: YNode | undefined, ctx: ExtractContext, component: string, prefix: string, defaultsAt: YNode | undefined, masks: MaskField): void {
  const owner = ctx.owner(net ?? defaultsAt ?? { kind: 'alias', start: 0, end: 0 }, 'talos');
  const p = prefix ? `${prefix}.` : '';
  const pod = { role: 'pod-network', component, source: 'talos', field: `${p}podSubnets`, owner, agreement: 'cluster', dualStack: true } as const;
  const svc = { role: 'service-network', component, source: 'talos', field: `${p}serviceSubnets`, owner, dualStack: true } as const;
  const podNode = get(net, 'podSubnets');
  const fallback = (field: string, cidr: string) => (defaultsAt ? { cidr, at: defaultsAt, note: `${field} is not set: Talos uses ${cidr}` } : undefined);
  const pods = rangeListOrDefault(ctx, podNode, pod, fallback(`${p}podSubnets`, '10.244.0.0/16'));
  rangeListOrDefault(ctx, get(net, 'serviceSubnets'), svc, fallback(`${p}serviceSubnets`, '10.96.0.0/12'));
  // Talos passes a node mask only for the families its pod subnets have (constants: /24 and /64).
  for (const [family, prefixLength] of [[4, 24], [6, 64]] as const) {
    const has = pods.some((r) => r.value.ok && r.value.family === family) || (family === 4 && podNode === undefined && defaultsAt !== undefined);
    if (!has) continue;
    const m = masks(family);
    nodeMask(ctx, m.node, { component, source: 'talos', owner }, m.field, family, {
      prefix: prefixLength,
      at: podNode ?? defaultsAt ?? net ?? { kind: 'alias', start: 0, end: 0 },
      note: `${m.field} is not set: Talos gives each node a /${prefixLength}`,
    });
  }
}
