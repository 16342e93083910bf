// Talos machine configs, both styles: the v1alpha1 document (`version: v1alpha1`, or a patch with
// `machine:` / `cluster.network`) with cluster.network.podSubnets / serviceSubnets, and the
// multi-document style's `kind: KubeNetworkConfig`. Node networks from interface addresses and
// kubelet nodeIP.validSubnets. Defaults (10.244.0.0/16, 10.96.0.0/12) only for a full config, not
// a patch, and only where the document has cluster.network. Field paths: docs/sources.md.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items, str } from '../yamlTree';

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
  networks(net, ctx, component, 'cluster.network', full && net !== undefined ? net : undefined);
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
  ctx.rangeList(getPath(root, 'machine', 'kubelet', 'nodeIP', 'validSubnets'), {
    role: 'node-network',
    component,
    source: 'talos',
    field: 'machine.kubelet.nodeIP.validSubnets',
    owner,
  });
}

export function extractTalosKubeNetworkConfig(root: YNode, ctx: ExtractContext): void {
  networks(root, ctx, 'Talos KubeNetworkConfig', '', get(root, 'kind') ?? root);
}

function networks(net: YNode | undefined, ctx: ExtractContext, component: string, prefix: string, defaultsAt: YNode | undefined): void {
  const owner = ctx.owner(net ?? defaultsAt ?? { kind: 'alias', start: 0, end: 0 }, 'talos');
  const p = prefix ? `${prefix}.` : '';
  const pod = { role: 'pod-network', component, source: 'talos', field: `${p}podSubnets`, owner, agreement: 'cluster', dualStack: true } as const;
  const svc = { role: 'service-network', component, source: 'talos', field: `${p}serviceSubnets`, owner, dualStack: true } as const;
  const podNode = get(net, 'podSubnets');
  const pods = ctx.rangeList(podNode, pod);
  if (!pods.length && podNode === undefined && defaultsAt) {
    ctx.defaultRange('10.244.0.0/16', defaultsAt, pod, `${p}podSubnets is not set: Talos uses 10.244.0.0/16`);
  }
  const svcNode = get(net, 'serviceSubnets');
  if (!ctx.rangeList(svcNode, svc).length && svcNode === undefined && defaultsAt) {
    ctx.defaultRange('10.96.0.0/12', defaultsAt, svc, `${p}serviceSubnets is not set: Talos uses 10.96.0.0/12`);
  }
  if (pods.some((r) => r.value.ok && r.value.family === 4) || (podNode === undefined && defaultsAt)) {
    ctx.block(undefined, {
      component,
      source: 'talos',
      field: 'node-cidr-mask-size-ipv4',
      owner,
      kind: 'node-mask',
      family: 4,
      fallback: {
        prefix: 24,
        at: podNode ?? defaultsAt ?? net ?? { kind: 'alias', start: 0, end: 0 },
        note: 'kube-controller-manager gives each node a /24 unless its extraArgs say otherwise',
      },
    });
  }
}
