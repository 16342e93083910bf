// kubeadm ClusterConfiguration (networking + controller-manager/apiserver flags), Init/Join
// node addresses, KubeProxyConfiguration clusterCIDR and KubeletConfiguration maxPods.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items, pairsOf, str } from '../yamlTree';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';
import { defaultNodeMask } from './fieldDefaults';

/** extraArgs is a map in v1beta3 and a list of {name, value} in v1beta4. */
function extraArg(args: YNode | undefined, name: string): YNode | undefined {
  if (args?.kind === 'map') return get(args, name);
  for (const a of items(args)) if (str(get(a, 'name')) === name) return get(a, 'value');
  return undefined;
}

export function extractClusterConfiguration(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `kubeadm ${describeObject(meta).replace(/ config$/, '')}`;
  const owner = ctx.owner(root, 'kubeadm');
  const net = get(root, 'networking');
  const podSubnet = get(net, 'podSubnet');
  const pods = ctx.ranges(podSubnet, {
    role: 'pod-network',
    component,
    source: 'kubeadm',
    field: 'networking.podSubnet',
    owner,
    list: 'dual',
    agreement: 'cluster',
  });
  const svcNode = get(net, 'serviceSubnet');
  const svcs = ctx.ranges(svcNode, { role: 'service-network', component, source: 'kubeadm', field: 'networking.serviceSubnet', owner, list: 'dual' });
  if (!svcs.length && !svcNode && !ctx.flags.inKind && !ctx.flags.networkingFromCluster) {
    ctx.defaultRange('10.96.0.0/12', get(root, 'kind') ?? root, {
      role: 'service-network',
      component,
      source: 'kubeadm',
      field: 'networking.serviceSubnet',
      owner,
    }, 'networking.serviceSubnet is not set: kubeadm uses 10.96.0.0/12');
  }
  const cm = getPath(root, 'controllerManager', 'extraArgs');
  const cmComponent = `kube-controller-manager (${component})`;
  const cmOwner = `${owner}/cm`;
  const cmPods = ctx.ranges(extraArg(cm, 'cluster-cidr'), {
    role: 'pod-network',
    component: cmComponent,
    source: 'controller-manager',
    field: 'controllerManager.extraArgs cluster-cidr',
    owner: cmOwner,
    list: 'dual',
    agreement: 'cluster',
  });
  ctx.ranges(extraArg(cm, 'service-cluster-ip-range'), {
    role: 'service-network',
    component: cmComponent,
    source: 'controller-manager',
    field: 'controllerManager.extraArgs service-cluster-ip-range',
    owner: cmOwner,
    list: 'dual',
  });
  ctx.ranges(extraArg(getPath(root, 'apiServer', 'extraArgs'), 'service-cluster-ip-range'), {
    role: 'service-network',
    component: `kube-apiserver (${component})`,
    source: 'kubeadm',
    field: 'apiServer.extraArgs service-cluster-ip-range',
    owner,
    list: 'dual',
  });
  // Node masks: the controller-manager flags when given, else kubeadm's defaults (24 / 64).
  const allPods = [...pods, ...cmPods];
  for (const family of [4, 6] as const) {
    // In a kind patch the pod subnet is kind's: a mask flag applies to it without one here.
    if (!allPods.some((p) => p.value.ok && p.value.family === family) && !ctx.flags.inKind) continue;
    const flagged = extraArg(cm, family === 4 ? 'node-cidr-mask-size-ipv4' : 'node-cidr-mask-size-ipv6') ?? extraArg(cm, 'node-cidr-mask-size');
    const anchor = (cmPods.length ? extraArg(cm, 'cluster-cidr') : podSubnet) ?? root;
    ctx.block(flagged, {
      component: cmComponent,
      source: 'controller-manager',
      field: `node-cidr-mask-size${flagged ? '' : family === 4 ? '-ipv4' : '-ipv6'}`,
      owner: cmPods.some((p) => p.value.ok && p.value.family === family) ? cmOwner : owner,
      kind: 'node-mask',
      family,
      fallback: ctx.flags.inKind
        ? undefined
        : { prefix: defaultNodeMask(family), at: anchor, note: `node-cidr-mask-size is not set: each node gets a /${defaultNodeMask(family)}` },
    });
  }
}

export function extractInitOrJoin(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `kubeadm ${describeObject(meta)}`;
  const owner = ctx.owner(root, 'kubeadm-node');
  ctx.ranges(getPath(root, 'localAPIEndpoint', 'advertiseAddress'), {
    role: 'node-network',
    component,
    source: 'kubeadm',
    field: 'localAPIEndpoint.advertiseAddress',
    owner,
    form: 'address',
  });
  ctx.ranges(extraArg(getPath(root, 'nodeRegistration', 'kubeletExtraArgs'), 'node-ip'), {
    role: 'node-network',
    component,
    source: 'kubeadm',
    field: 'nodeRegistration.kubeletExtraArgs node-ip',
    owner,
    form: 'address',
    list: 'dual',
  });
}

export function extractKubeProxy(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  ctx.ranges(get(root, 'clusterCIDR'), {
    role: 'pod-network',
    component: `kube-proxy ${describeObject(meta)}`,
    source: 'kube-proxy',
    field: 'clusterCIDR',
    owner: ctx.owner(root, 'kube-proxy'),
    list: 'dual',
    agreement: 'cluster',
  });
}

export function extractKubelet(root: YNode, ctx: ExtractContext): void {
  const n = get(root, 'maxPods');
  if (n?.kind === 'scalar' && typeof n.value === 'number') ctx.out.maxPods.push({ value: n.value, span: ctx.span(n) });
}

/** A kubeadm config whose keys are not ranges, but whose pairs we still want to look at. */
export const hasKeys = (root: YNode, ...keys: string[]): boolean => pairsOf(root).some((p) => keys.includes(p.keyText));
