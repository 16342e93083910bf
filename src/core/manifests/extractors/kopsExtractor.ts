// kops Cluster (kops.k8s.io): the network fields at the top of spec (v1alpha2, the older layout)
// or under spec.networking (v1alpha3 and newer kops output), whichever the file uses; pod and
// service ranges default from nonMasqueradeCIDR as kops does for its default 100.64.0.0/10.
// Field paths: docs/sources.md.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items } from '../yamlTree';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';

const DEFAULT_NON_MASQUERADE = '100.64.0.0/10';

export function extractKopsCluster(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `kops ${describeObject(meta)}`;
  const owner = ctx.owner(root, 'kops');
  const base = { component, source: 'kops', owner } as const;
  const spec = get(root, 'spec');
  const networking = get(spec, 'networking');
  // Each field where this file writes it: spec.networking.X first (newer layout), else spec.X.
  const field = (name: string): { node: YNode | undefined; path: string } => {
    const nested = get(networking, name);
    return nested !== undefined ? { node: nested, path: `spec.networking.${name}` } : { node: get(spec, name), path: `spec.${name}` };
  };
  const at = get(root, 'kind') ?? root;
  const network = field('networkCIDR');
  ctx.ranges(network.node, { ...base, role: 'vpc', field: network.path });
  const additional = field('additionalNetworkCIDRs');
  ctx.rangeList(additional.node, { ...base, role: 'vpc', field: additional.path });
  const nonMasq = field('nonMasqueradeCIDR');
  const nm = ctx.ranges(nonMasq.node, { ...base, role: 'route', field: nonMasq.path });
  const defaultNm = nonMasq.node === undefined || (nm.length === 1 && nm[0].text === DEFAULT_NON_MASQUERADE);
  const pod = field('podCIDR');
  const podO = { ...base, role: 'pod-network', field: pod.path, agreement: 'cluster' } as const;
  if (!ctx.ranges(pod.node, podO).length && pod.node === undefined && defaultNm) {
    ctx.defaultRange('100.96.0.0/11', at, podO, `${pod.path} is not set: kops takes 100.96.0.0/11 from nonMasqueradeCIDR ${DEFAULT_NON_MASQUERADE}`);
  }
  const svc = field('serviceClusterIPRange');
  const svcO = { ...base, role: 'service-network', field: svc.path } as const;
  if (!ctx.ranges(svc.node, svcO).length && svc.node === undefined && defaultNm) {
    ctx.defaultRange('100.64.0.0/13', at, svcO, `${svc.path} is not set: kops takes 100.64.0.0/13 from nonMasqueradeCIDR ${DEFAULT_NON_MASQUERADE}`);
  }
  const subnets = field('subnets');
  items(subnets.node).forEach((s, i) => {
    ctx.ranges(get(s, 'cidr'), { ...base, role: 'node-network', field: `${subnets.path}[${i}].cidr` });
    ctx.ranges(get(s, 'ipv6CIDR'), { ...base, role: 'node-network', field: `${subnets.path}[${i}].ipv6CIDR` });
  });
  ctx.ranges(getPath(spec, 'kubeControllerManager', 'clusterCIDR'), {
    ...base,
    role: 'pod-network',
    field: 'spec.kubeControllerManager.clusterCIDR',
    agreement: 'cluster',
    owner: `${owner}/kcm`,
  });
  ctx.ranges(getPath(spec, 'kubeProxy', 'clusterCIDR'), {
    ...base,
    role: 'pod-network',
    field: 'spec.kubeProxy.clusterCIDR',
    agreement: 'cluster',
    owner: `${owner}/kube-proxy`,
  });
}

/** kops InstanceGroup: up to spec.maxSize nodes. */
export function extractKopsInstanceGroup(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  ctx.nodeCount(getPath(root, 'spec', 'maxSize'), `spec.maxSize (kops ${describeObject(meta)})`);
}
