// eksctl ClusterConfig (eksctl.io/v1alpha5): vpc.cidr (default 192.168.0.0/16), the subnets by
// availability zone, and kubernetesNetworkConfig.serviceIPv4CIDR (EKS picks 10.100.0.0/16, or
// 172.20.0.0/16 when the VPC is in 10.0.0.0/8). Pods take VPC addresses (VPC CNI), so no pod
// network is declared here. Field paths: docs/sources.md.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items, pairsOf } from '../yamlTree';
import { rangesOrDefault } from './fieldDefaults';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';

export function extractEksctlConfig(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `eksctl ${describeObject(meta)}`;
  const owner = ctx.owner(root, 'eksctl');
  const base = { component, source: 'eksctl', owner } as const;
  const at = get(root, 'kind') ?? root;
  const vpc = get(root, 'vpc');
  const cidr = get(vpc, 'cidr');
  const vpcDefault = get(vpc, 'id') === undefined
    ? { cidr: '192.168.0.0/16', at, note: 'vpc.cidr is not set: eksctl creates a VPC with 192.168.0.0/16' }
    : undefined;
  const vpcRanges = rangesOrDefault(ctx, cidr, { ...base, role: 'vpc', field: 'vpc.cidr' }, vpcDefault);
  // Further VPC space eksctl associates (pkg/apis/eksctl.io/v1alpha5/vpc.go): a BYO IPv6 CIDR and extra CIDRs.
  ctx.ranges(get(vpc, 'ipv6Cidr'), { ...base, role: 'vpc', field: 'vpc.ipv6Cidr' });
  for (const key of ['extraCIDRs', 'extraIPv6CIDRs']) ctx.rangeList(get(vpc, key), { ...base, role: 'vpc', field: `vpc.${key}` });
  for (const access of ['private', 'public']) {
    for (const az of pairsOf(getPath(vpc, 'subnets', access))) {
      ctx.ranges(get(az.value, 'cidr'), { ...base, role: 'node-network', field: `vpc.subnets.${access}.${az.keyText}.cidr` });
    }
  }
  // EKS hybrid nodes: the on-premises networks of the nodes and of their pods (own owner: they are
  // not subnets of the VPC, which stays the network of the cloud nodes).
  const remote = get(root, 'remoteNetworkConfig');
  const onPrem = { ...base, owner: `${owner}/remote` } as const;
  items(get(remote, 'remoteNodeNetworks')).forEach((n, i) =>
    ctx.rangeList(get(n, 'cidrs'), { ...onPrem, role: 'node-network', field: `remoteNetworkConfig.remoteNodeNetworks[${i}].cidrs` })
  );
  items(get(remote, 'remotePodNetworks')).forEach((n, i) =>
    ctx.rangeList(get(n, 'cidrs'), { ...onPrem, role: 'pod-network', field: `remoteNetworkConfig.remotePodNetworks[${i}].cidrs` })
  );
  for (const key of ['nodeGroups', 'managedNodeGroups']) {
    items(get(root, key)).forEach((ng, i) => {
      const size = get(ng, 'maxSize') ?? get(ng, 'desiredCapacity');
      ctx.nodeCount(size, `${key}[${i}].${get(ng, 'maxSize') ? 'maxSize' : 'desiredCapacity'} (${component})`);
    });
  }
  // EKS picks the service range when the file leaves it out: 172.20.0.0/16 if the VPC is in 10.0.0.0/8, else 10.100.0.0/16.
  const v = vpcRanges[0]?.value;
  const in10 = v?.ok && v.family === 4 && v.start >= 0x0a000000n && v.end <= 0x0affffffn;
  const pick = in10 ? '172.20.0.0/16' : '10.100.0.0/16';
  rangesOrDefault(ctx, getPath(root, 'kubernetesNetworkConfig', 'serviceIPv4CIDR'), {
    ...base,
    role: 'service-network',
    field: 'kubernetesNetworkConfig.serviceIPv4CIDR',
  }, {
    cidr: pick,
    at,
    note: `serviceIPv4CIDR is not set: EKS uses ${pick}${in10 ? ' (the VPC is in 10.0.0.0/8)' : ''}`,
  });
}
