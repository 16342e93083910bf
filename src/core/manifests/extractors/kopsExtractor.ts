// kops Cluster (kops.k8s.io): the network fields where the object's version keeps them — at the top
// of spec in v1alpha2, under spec.networking in v1alpha3 (kops ignores them in the other place) —
// with the defaults kops derives from nonMasqueradeCIDR. Field paths: docs/sources.md.
import { formatCidr, parseCidr } from '../../net/cidr';
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items, str } from '../yamlTree';
import { rangesOrDefault } from './fieldDefaults';
import { checkKopsNetworking } from './kopsValidation';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';

type NetworkField = 'networkCIDR' | 'additionalNetworkCIDRs' | 'nonMasqueradeCIDR' | 'podCIDR' | 'serviceClusterIPRange' | 'subnets';
/** kops' own default (upup/pkg/fi/cloudup/defaults.go). */
const DEFAULT_NON_MASQUERADE = '100.64.0.0/10';

/**
 * Where this version reads a network field. v1alpha2 marks NetworkingSpec's copies `json:"-"` and
 * v1alpha3's ClusterSpec has none at the top, so kops' non-strict decoder drops the other place.
 */
function layoutOf(apiVersion: string): 'spec' | 'networking' | 'either' {
  if (apiVersion === 'kops.k8s.io/v1alpha2') return 'spec';
  if (apiVersion === 'kops.k8s.io/v1alpha3') return 'networking';
  return 'either';
}

export function extractKopsCluster(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `kops ${describeObject(meta)}`;
  const owner = ctx.owner(root, 'kops');
  const base = { component, source: 'kops', owner } as const;
  const spec = get(root, 'spec');
  const networking = get(spec, 'networking');
  const layout = layoutOf(meta.apiVersion);
  const field = (name: NetworkField): { node: YNode | undefined; path: string } => {
    const nested = { node: get(networking, name), path: `spec.networking.${name}` };
    const top = { node: get(spec, name), path: `spec.${name}` };
    if (layout === 'either') return nested.node !== undefined ? nested : top;
    const [read, ignored] = layout === 'networking' ? [nested, top] : [top, nested];
    if (ignored.node !== undefined) {
      ctx.problem(
        'PN101',
        `${meta.apiVersion} reads ${name} at ${read.path}: kops ignores ${ignored.path}, so it does not set this range (${component})`,
        ctx.headSpan(ignored.node),
      );
    }
    return read;
  };
  const at = get(root, 'kind') ?? root;
  const network = field('networkCIDR');
  const vpc = ctx.ranges(network.node, { ...base, role: 'vpc', field: network.path });
  const additional = field('additionalNetworkCIDRs');
  vpc.push(...ctx.rangeList(additional.node, { ...base, role: 'vpc', field: additional.path }));
  const nonMasq = field('nonMasqueradeCIDR');
  const nm = ctx.ranges(nonMasq.node, { ...base, role: 'route', field: nonMasq.path });
  const nmText = nonMasq.node === undefined ? DEFAULT_NON_MASQUERADE : nm.length === 1 && nm[0].value.ok ? nm[0].text : undefined;
  const derived = nmText === undefined ? undefined : derivedRanges(nmText);
  const why = `from nonMasqueradeCIDR ${nmText}${nonMasq.node === undefined ? " (kops' default)" : ''}`;
  // With Amazon VPC CNI pods take VPC addresses, and kops derives its podCIDR from the VPC instead.
  const amazonVpc = get(networking, 'amazonVPC') ?? get(networking, 'amazonvpc');
  const pod = field('podCIDR');
  const pods = rangesOrDefault(
    ctx,
    pod.node,
    { ...base, role: 'pod-network', field: pod.path, agreement: 'cluster' },
    derived?.pod && !amazonVpc ? { cidr: derived.pod, at, note: `${pod.path} is not set: kops takes ${derived.pod} ${why}` } : undefined,
  );
  const svc = field('serviceClusterIPRange');
  rangesOrDefault(
    ctx,
    svc.node,
    { ...base, role: 'service-network', field: svc.path },
    derived ? { cidr: derived.service, at, note: `${svc.path} is not set: kops uses ${derived.service} (${why})` } : undefined,
  );
  const ciliumEni = str(getPath(networking, 'cilium', 'ipam')) === 'eni';
  checkKopsNetworking(ctx, component, { nonMasquerade: nm, pods, vpc }, amazonVpc !== undefined || ciliumEni);
  const subnets = field('subnets');
  items(subnets.node).forEach((s, i) => {
    ctx.ranges(get(s, 'cidr'), { ...base, role: 'node-network', field: `${subnets.path}[${i}].cidr` });
    ctx.ranges(get(s, 'ipv6CIDR'), { ...base, role: 'node-network', field: `${subnets.path}[${i}].ipv6CIDR` });
  });
  for (const part of ['kubeControllerManager', 'kubeProxy']) {
    ctx.ranges(getPath(spec, part, 'clusterCIDR'), {
      ...base,
      role: 'pod-network',
      field: `spec.${part}.clusterCIDR`,
      agreement: 'cluster',
      owner: `${owner}/${part === 'kubeProxy' ? 'kube-proxy' : 'kcm'}`,
    });
  }
}

/**
 * kops' assignSubnets (upup/pkg/fi/cloudup/populate_cluster_spec.go): an IPv4 nonMasqueradeCIDR
 * gives podCIDR its upper half (100.64.0.0/10 → 100.96.0.0/11) and services 100.64.0.0/13 whatever
 * it is; an IPv6 one (kops requires ::/0) gives no podCIDR and services fd00:5e4f:ce::/108.
 */
function derivedRanges(nonMasq: string): { pod?: string; service: string } | undefined {
  const p = parseCidr(nonMasq);
  if (!p.ok) return undefined;
  if (p.cidr.family === 6) return { service: 'fd00:5e4f:ce::/108' };
  const { start, prefix } = p.cidr;
  const pod = prefix < 32 ? formatCidr(4, start | (1n << BigInt(31 - prefix)), prefix + 1) : undefined;
  return { ...(pod ? { pod } : {}), service: '100.64.0.0/13' };
}

/** kops InstanceGroup: up to spec.maxSize nodes. */
export function extractKopsInstanceGroup(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  ctx.nodeCount(getPath(root, 'spec', 'maxSize'), `spec.maxSize (kops ${describeObject(meta)})`);
}
