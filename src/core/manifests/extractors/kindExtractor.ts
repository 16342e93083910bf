// kind Cluster: networking.podSubnet/serviceSubnet (kind's defaults when absent) and the kubeadm
// configs embedded as YAML strings in kubeadmConfigPatches, cluster-wide and per node
// (nodes[].kubeadmConfigPatches), and the RFC 6902 patches of kubeadmConfigPatchesJSON6902 (both
// levels). kind matches a patch by its kind alone, and its own docs write patches without
// apiVersion, so the kind is enough here too.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, items, str } from '../yamlTree';
import { json6902Tree } from './json6902Patch';
import { extractClusterConfiguration, extractInitOrJoin, extractKubelet, extractKubeProxy } from './kubeadmExtractor';
import type { ObjectMeta } from './objectMeta';
import { describeObject, objectMeta } from './objectMeta';
import { defaultNodeMask } from './fieldDefaults';

export function extractKindCluster(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `kind ${describeObject(meta)}`;
  const owner = ctx.owner(root, 'kind');
  const net = get(root, 'networking');
  const family = str(get(net, 'ipFamily')) ?? 'ipv4';
  const at = get(root, 'kind') ?? root;
  const pod = { role: 'pod-network', component, source: 'kind', field: 'networking.podSubnet', owner, list: 'dual', agreement: 'cluster' } as const;
  const svc = { role: 'service-network', component, source: 'kind', field: 'networking.serviceSubnet', owner, list: 'dual' } as const;
  const defaults = (v4: string, v6: string) => (family === 'ipv6' ? [v6] : family === 'dual' ? [v4, v6] : [v4]);
  const podNode = get(net, 'podSubnet');
  const podRanges = ctx.ranges(podNode, pod);
  if (!podRanges.length && !podNode) {
    for (const d of defaults('10.244.0.0/16', 'fd00:10:244::/56')) {
      podRanges.push(ctx.defaultRange(d, at, pod, `networking.podSubnet is not set: kind uses ${d}`));
    }
  }
  const svcNode = get(net, 'serviceSubnet');
  const svcRanges = ctx.ranges(svcNode, svc);
  const patches = (list: YNode | undefined, where: string) =>
    items(list).forEach((patch, i) => {
      const inner = ctx.embed(patch, 'yaml', `${where}[${i}]`, { inKind: true });
      if (inner) extractKindPatch(inner.root, inner.ctx);
    });
  // kubeadmConfigPatchesJSON6902: {group, version, kind, patch}, the patch a YAML (or JSON) list of RFC 6902 operations.
  const json6902 = (list: YNode | undefined, where: string) =>
    items(list).forEach((entry, i) => {
      const inner = ctx.embed(get(entry, 'patch'), 'yaml', `${where}[${i}].patch`, { inKind: true });
      const tree = inner && json6902Tree(inner.root, inner.root);
      if (!inner || !tree) return;
      const group = str(get(entry, 'group')) ?? '';
      const version = str(get(entry, 'version')) ?? '';
      const meta = { ...objectMeta(tree), apiVersion: group ? `${group}/${version}` : version, group, kind: str(get(entry, 'kind')) ?? '' };
      extractKindPatch(tree, inner.ctx, meta);
    });
  const blocksBefore = ctx.out.blocks.length;
  const rangesBefore = ctx.out.ranges.length;
  patches(get(root, 'kubeadmConfigPatches'), 'kubeadmConfigPatches');
  json6902(get(root, 'kubeadmConfigPatchesJSON6902'), 'kubeadmConfigPatchesJSON6902');
  items(get(root, 'nodes')).forEach((node, n) => {
    patches(get(node, 'kubeadmConfigPatches'), `nodes[${n}].kubeadmConfigPatches`);
    json6902(get(node, 'kubeadmConfigPatchesJSON6902'), `nodes[${n}].kubeadmConfigPatchesJSON6902`);
  });
  // kind writes its serviceSubnet into kubeadm's ClusterConfiguration and then applies the patches:
  // a patched networking.serviceSubnet is the cluster's, and kind's default is not.
  const patchedServices = ctx.out.ranges.slice(rangesBefore).some((r) => r.role === 'service-network' && r.source === 'kubeadm');
  if (!svcRanges.length && !svcNode && !patchedServices) {
    for (const d of defaults('10.96.0.0/16', 'fd00:10:96::/112')) ctx.defaultRange(d, at, svc, `networking.serviceSubnet is not set: kind uses ${d}`);
  }
  // Every entry of nodes is a node (kind makes one control-plane node when the list is absent).
  const nodes = get(root, 'nodes');
  if (nodes?.kind === 'seq' && nodes.items.length > 0) ctx.out.nodeCounts?.push({ value: nodes.items.length, what: 'kind nodes', span: ctx.headSpan(nodes) });
  // kind's kubeadm templates set no node-cidr-mask-size: unless a patch does, kube-controller-manager's
  // own defaults cut its cluster-cidr (a /24 per node for IPv4, a /64 for IPv6). That is the pod
  // subnet, or a patched controllerManager cluster-cidr, whose families are then the only ones cut.
  const patched = ctx.out.blocks.slice(blocksBefore).filter((b) => b.kind === 'node-mask');
  const patchedCidrs = ctx.out.ranges.slice(rangesBefore).filter((r) => r.source === 'controller-manager' && r.role === 'pod-network');
  const cut = patchedCidrs.length ? patchedCidrs : podRanges;
  for (const family of [4, 6] as const) {
    if (!cut.some((r) => r.value.ok && r.value.family === family) || patched.some((b) => b.family === family)) continue;
    const prefix = defaultNodeMask(family);
    ctx.block(undefined, {
      component,
      source: 'kind',
      field: `node-cidr-mask-size-ipv${family}`,
      owner,
      kind: 'node-mask',
      family,
      fallback: { prefix, at: podNode ?? at, note: `kind sets no node-cidr-mask-size: kube-controller-manager gives each node a /${prefix}` },
    });
  }
}

function extractKindPatch(root: YNode, ctx: ExtractContext, meta: ObjectMeta = objectMeta(root)): void {
  if (meta.group !== '' && meta.group !== 'kubeadm.k8s.io' && meta.group !== 'kubeproxy.config.k8s.io' && meta.group !== 'kubelet.config.k8s.io') return;
  if (meta.kind === 'ClusterConfiguration') extractClusterConfiguration(root, meta, ctx);
  else if (meta.kind === 'InitConfiguration' || meta.kind === 'JoinConfiguration') extractInitOrJoin(root, meta, ctx);
  else if (meta.kind === 'KubeProxyConfiguration') extractKubeProxy(root, meta, ctx);
  else if (meta.kind === 'KubeletConfiguration') extractKubelet(root, ctx);
}
