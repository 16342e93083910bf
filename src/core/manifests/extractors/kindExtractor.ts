// kind Cluster: networking.podSubnet/serviceSubnet (kind's defaults when absent) and the kubeadm
// configs embedded as YAML strings in kubeadmConfigPatches, cluster-wide and per node
// (nodes[].kubeadmConfigPatches). kind matches a patch by its kind alone, and its own docs write
// patches without apiVersion, so the kind is enough here too.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, items, str } from '../yamlTree';
import { extractClusterConfiguration, extractInitOrJoin, extractKubelet, extractKubeProxy } from './kubeadmExtractor';
import type { ObjectMeta } from './objectMeta';
import { describeObject, objectMeta } from './objectMeta';

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
  if (!ctx.ranges(podNode, pod).length && !podNode) {
    for (const d of defaults('10.244.0.0/16', 'fd00:10:244::/56')) ctx.defaultRange(d, at, pod, `networking.podSubnet is not set: kind uses ${d}`);
  }
  const svcNode = get(net, 'serviceSubnet');
  if (!ctx.ranges(svcNode, svc).length && !svcNode) {
    for (const d of defaults('10.96.0.0/16', 'fd00:10:96::/112')) ctx.defaultRange(d, at, svc, `networking.serviceSubnet is not set: kind uses ${d}`);
  }
  const patches = (list: YNode | undefined, where: string) =>
    items(list).forEach((patch, i) => {
      const inner = ctx.embed(patch, 'yaml', `${where}[${i}]`, { inKind: true });
      if (inner) extractKindPatch(inner.root, inner.ctx);
    });
  patches(get(root, 'kubeadmConfigPatches'), 'kubeadmConfigPatches');
  items(get(root, 'nodes')).forEach((node, n) => patches(get(node, 'kubeadmConfigPatches'), `nodes[${n}].kubeadmConfigPatches`));
}

function extractKindPatch(root: YNode, ctx: ExtractContext): void {
  const meta = objectMeta(root);
  if (meta.group !== '' && meta.group !== 'kubeadm.k8s.io' && meta.group !== 'kubeproxy.config.k8s.io' && meta.group !== 'kubelet.config.k8s.io') return;
  if (meta.kind === 'ClusterConfiguration') extractClusterConfiguration(root, meta, ctx);
  else if (meta.kind === 'InitConfiguration' || meta.kind === 'JoinConfiguration') extractInitOrJoin(root, meta, ctx);
  else if (meta.kind === 'KubeProxyConfiguration') extractKubeProxy(root, meta, ctx);
  else if (meta.kind === 'KubeletConfiguration') extractKubelet(root, ctx);
}
