// Cluster API: the core Cluster (spec.clusterNetwork), the kubeadm configs inside
// KubeadmControlPlane / KubeadmConfig(Template), and the CAPZ AzureCluster / CAPA AWSCluster
// networks. Field paths: docs/sources.md.
import { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items, str } from '../yamlTree';
import { rangeListOrDefault, rangesOrDefault } from './fieldDefaults';
import { extractClusterConfiguration, extractInitOrJoin } from './kubeadmExtractor';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';

export const CAPI_GROUP = 'cluster.x-k8s.io';
export const BOOTSTRAP_KINDS: ReadonlySet<string> = new Set(['KubeadmControlPlane', 'KubeadmControlPlaneTemplate', 'KubeadmConfig', 'KubeadmConfigTemplate']);

export function extractCapiCluster(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `Cluster API ${describeObject(meta)}`;
  const owner = ctx.owner(root, 'capi');
  const net = getPath(root, 'spec', 'clusterNetwork');
  const base = { component, source: 'cluster-api', owner, dualStack: true } as const;
  ctx.rangeList(getPath(net, 'pods', 'cidrBlocks'), { ...base, role: 'pod-network', field: 'spec.clusterNetwork.pods.cidrBlocks', agreement: 'cluster' });
  const fallback = DEFAULT_SERVICES.get(str(getPath(root, 'spec', 'controlPlaneRef', 'kind')) ?? 'KubeadmControlPlane');
  rangeListOrDefault(
    ctx,
    getPath(net, 'services', 'cidrBlocks'),
    { ...base, role: 'service-network', field: 'spec.clusterNetwork.services.cidrBlocks' },
    fallback && { cidr: fallback.cidr, at: get(root, 'kind') ?? root, note: `spec.clusterNetwork.services is not set: ${fallback.who} uses ${fallback.cidr}` },
  );
}

/**
 * The service range a control plane uses when the Cluster sets none (no controlPlaneRef: machines
 * bootstrapped by kubeadm). A managed control plane (EKS picks 10.100.0.0/16 or 172.20.0.0/16 by
 * the VPC; AKS, ROSA) or an unknown provider is not given kubeadm's: no default is assumed there.
 */
const DEFAULT_SERVICES: ReadonlyMap<string, { readonly cidr: string; readonly who: string }> = new Map([
  ['KubeadmControlPlane', { cidr: '10.96.0.0/12', who: 'kubeadm' }],
  ['TalosControlPlane', { cidr: '10.96.0.0/12', who: 'Talos' }],
  ['KThreesControlPlane', { cidr: '10.43.0.0/16', who: 'k3s' }],
  ['RKE2ControlPlane', { cidr: '10.43.0.0/16', who: 'RKE2' }],
]);

/** KubeadmControlPlane spec.kubeadmConfigSpec, KubeadmConfig spec, KubeadmConfigTemplate spec.template.spec. */
export function extractKubeadmBootstrap(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const spec = meta.kind === 'KubeadmControlPlane' ?
    getPath(root, 'spec', 'kubeadmConfigSpec')
    : meta.kind === 'KubeadmControlPlaneTemplate' ?
    getPath(root, 'spec', 'template', 'spec', 'kubeadmConfigSpec')
    : meta.kind === 'KubeadmConfigTemplate'
    ? getPath(root, 'spec', 'template', 'spec')
    : get(root, 'spec');
  if (meta.kind === 'KubeadmControlPlane') ctx.nodeCount(getPath(root, 'spec', 'replicas'), `spec.replicas (${describeObject(meta)})`);
  const inner = new ExtractContext(ctx.layer, ctx.out, { ...ctx.flags, networkingFromCluster: true });
  const label = (part: string): ObjectMeta => ({ ...meta, kind: `${meta.kind} ${part}` });
  const cc = get(spec, 'clusterConfiguration');
  if (cc?.kind === 'map') extractClusterConfiguration(cc, label('clusterConfiguration'), inner);
  for (const part of ['initConfiguration', 'joinConfiguration']) {
    const c = get(spec, part);
    if (c?.kind === 'map') extractInitOrJoin(c, label(part), inner);
  }
}

export function extractAzureCluster(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `CAPZ ${describeObject(meta)}`;
  const owner = ctx.owner(root, 'capz');
  const at = get(root, 'kind') ?? root;
  const net = getPath(root, 'spec', 'networkSpec');
  const base = { component, source: 'capz', owner } as const;
  // CAPZ's webhook defaults (internal/api/v1beta1/azurecluster_default.go): VNet 10.0.0.0/8,
  // control-plane subnet 10.0.0.0/16, node subnet 10.1.0.0/16.
  const vnetField = 'spec.networkSpec.vnet.cidrBlocks';
  rangeListOrDefault(ctx, getPath(net, 'vnet', 'cidrBlocks'), { ...base, role: 'vpc', field: vnetField }, {
    cidr: '10.0.0.0/8',
    at,
    note: `${vnetField} is not set: CAPZ uses 10.0.0.0/8`,
  });
  const subnets = get(net, 'subnets');
  items(subnets).forEach((subnet, i) => {
    const field = `spec.networkSpec.subnets[${i}].cidrBlocks`;
    const role = str(get(subnet, 'role'));
    const cidr = role === 'control-plane' ? '10.0.0.0/16' : role === 'node' ? '10.1.0.0/16' : undefined;
    const fallback = cidr ? { cidr, at: get(subnet, 'role') ?? subnet, note: `${field} is not set: CAPZ gives the ${role} subnet ${cidr}` } : undefined;
    rangeListOrDefault(ctx, get(subnet, 'cidrBlocks'), { ...base, role: 'node-network', field }, fallback);
  });
  if (subnets === undefined) {
    for (const [cidr, which] of [['10.0.0.0/16', 'control-plane'], ['10.1.0.0/16', 'node']]) {
      const note = `spec.networkSpec.subnets is not set: CAPZ creates the ${which} subnet ${cidr}`;
      ctx.defaultRange(cidr, at, { ...base, role: 'node-network', field: 'spec.networkSpec.subnets' }, note);
    }
  }
}

/** AKS through CAPZ: AzureManagedControlPlane's VNet and node subnet, and the ranges AKS forbids. */
export function extractAzureManagedControlPlane(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `CAPZ ${describeObject(meta)} (AKS)`;
  const owner = ctx.owner(root, 'aks');
  const at = get(root, 'kind') ?? root;
  const base = { component, source: 'aks', owner } as const;
  const vnet = getPath(root, 'spec', 'virtualNetwork');
  // internal/api/v1beta1/azuremanagedcontrolplane_default.go: DefaultAKSVnetCIDR, DefaultAKSNodeSubnetCIDR.
  for (
    const [node, role, field, cidr] of [
      [get(vnet, 'cidrBlock'), 'vpc', 'spec.virtualNetwork.cidrBlock', '10.0.0.0/8'],
      [getPath(vnet, 'subnet', 'cidrBlock'), 'node-network', 'spec.virtualNetwork.subnet.cidrBlock', '10.240.0.0/16'],
    ] as const
  ) {
    rangesOrDefault(ctx, node, { ...base, role, field }, { cidr, at, note: `${field} is not set: CAPZ uses ${cidr} for AKS` });
  }
  ctx.ranges(getPath(root, 'spec', 'dnsServiceIP'), { ...base, role: 'address', field: 'spec.dnsServiceIP', form: 'address' });
  // AKS refuses these for the cluster's service and pod ranges (169.254.0.0/16 is forbidden everywhere: PN116 too).
  for (const cidr of ['172.30.0.0/16', '172.31.0.0/16', '192.0.2.0/24']) {
    ctx.defaultRange(cidr, at, { ...base, role: 'reserved', field: 'AKS reserved ranges' }, `AKS does not allow ${cidr} for the cluster's networks`);
  }
}

/**
 * spec.network of CAPA's AWSCluster and of its EKS control plane, AWSManagedControlPlane (one
 * network spec, and CAPA's network service creates either VPC alike): the VPC (10.0.0.0/16 when
 * neither an existing VPC id nor an IPAM pool is given: pkg/cloud/services/network/vpc.go), its
 * secondary blocks, and the subnets.
 */
export function extractCapaNetwork(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const base = { component: `CAPA ${describeObject(meta)}`, source: 'capa', owner: ctx.owner(root, 'capa') } as const;
  const net = getPath(root, 'spec', 'network');
  const vpc = get(net, 'vpc');
  const created = get(vpc, 'id') === undefined && get(vpc, 'ipamPool') === undefined;
  rangesOrDefault(
    ctx,
    get(vpc, 'cidrBlock'),
    { ...base, role: 'vpc', field: 'spec.network.vpc.cidrBlock' },
    created
      ? { cidr: '10.0.0.0/16', at: get(root, 'kind') ?? root, note: 'spec.network.vpc.cidrBlock is not set: CAPA creates its VPC with 10.0.0.0/16' }
      : undefined,
  );
  items(get(vpc, 'secondaryCidrBlocks')).forEach((b, i) => {
    ctx.ranges(get(b, 'ipv4CidrBlock'), { ...base, role: 'vpc', field: `spec.network.vpc.secondaryCidrBlocks[${i}].ipv4CidrBlock` });
  });
  ctx.ranges(getPath(vpc, 'ipv6', 'cidrBlock'), { ...base, role: 'vpc', field: 'spec.network.vpc.ipv6.cidrBlock' });
  items(get(net, 'subnets')).forEach((subnet, i) => {
    ctx.ranges(get(subnet, 'cidrBlock'), { ...base, role: 'node-network', field: `spec.network.subnets[${i}].cidrBlock` });
    ctx.ranges(get(subnet, 'ipv6CidrBlock'), { ...base, role: 'node-network', field: `spec.network.subnets[${i}].ipv6CidrBlock` });
  });
}

/** ROSA (OpenShift on AWS, hosted control plane) through CAPA: spec.network; the per-node block is hostPrefix (23 by default). */
export function extractRosaControlPlane(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `CAPA ${describeObject(meta)}`;
  const owner = ctx.owner(root, 'rosa');
  const base = { component, source: 'rosa', owner } as const;
  const net = getPath(root, 'spec', 'network');
  ctx.ranges(get(net, 'machineCIDR'), { ...base, role: 'node-network', field: 'spec.network.machineCIDR' });
  const pods = ctx.ranges(get(net, 'podCIDR'), { ...base, role: 'pod-network', field: 'spec.network.podCIDR' });
  ctx.ranges(get(net, 'serviceCIDR'), { ...base, role: 'service-network', field: 'spec.network.serviceCIDR' });
  const family = pods[0]?.value.ok ? pods[0].value.family : undefined;
  if (family === undefined) return;
  ctx.block(get(net, 'hostPrefix'), {
    ...base,
    field: 'spec.network.hostPrefix',
    kind: 'node-mask',
    family,
    fallback: { prefix: 23, at: get(net, 'podCIDR') ?? root, note: 'spec.network.hostPrefix is not set: CAPA uses 23' },
  });
}

/** MachineDeployment / MachinePool: the nodes they ask for (templated counts are not numbers and are skipped). */
export function extractMachineCount(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  ctx.nodeCount(getPath(root, 'spec', 'replicas'), `spec.replicas (${describeObject(meta)})`);
}
