// Cluster API: the core Cluster (spec.clusterNetwork), the kubeadm configs inside
// KubeadmControlPlane / KubeadmConfig(Template), and the CAPZ AzureCluster / CAPA AWSCluster
// networks. Field paths: docs/sources.md.
import { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items, str } from '../yamlTree';
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
  const services = getPath(net, 'services', 'cidrBlocks');
  const made = ctx.rangeList(services, { ...base, role: 'service-network', field: 'spec.clusterNetwork.services.cidrBlocks' });
  if (!made.length && !services) {
    // The kubeadm bootstrap provider leaves serviceSubnet to kubeadm, whose default applies.
    ctx.defaultRange('10.96.0.0/12', get(root, 'kind') ?? root, {
      role: 'service-network',
      component,
      source: 'cluster-api',
      field: 'spec.clusterNetwork.services.cidrBlocks',
      owner,
    }, 'spec.clusterNetwork.services is not set: kubeadm uses 10.96.0.0/12');
  }
}

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
  const vnet = getPath(net, 'vnet', 'cidrBlocks');
  const base = { component, source: 'capz', owner } as const;
  ctx.rangeList(vnet, { ...base, role: 'vpc', field: 'spec.networkSpec.vnet.cidrBlocks' });
  // CAPZ's webhook defaults (internal/api/v1beta1/azurecluster_default.go): VNet 10.0.0.0/8,
  // control-plane subnet 10.0.0.0/16, node subnet 10.1.0.0/16.
  if (vnet === undefined) {
    ctx.defaultRange(
      '10.0.0.0/8',
      at,
      { ...base, role: 'vpc', field: 'spec.networkSpec.vnet.cidrBlocks' },
      'spec.networkSpec.vnet.cidrBlocks is not set: CAPZ uses 10.0.0.0/8',
    );
  }
  const subnets = get(net, 'subnets');
  items(subnets).forEach((subnet, i) => {
    const blocks = get(subnet, 'cidrBlocks');
    const field = `spec.networkSpec.subnets[${i}].cidrBlocks`;
    ctx.rangeList(blocks, { ...base, role: 'node-network', field });
    const role = str(get(subnet, 'role'));
    const fallback = role === 'control-plane' ? '10.0.0.0/16' : role === 'node' ? '10.1.0.0/16' : undefined;
    if (blocks === undefined && fallback) {
      ctx.defaultRange(
        fallback,
        get(subnet, 'role') ?? subnet,
        { ...base, role: 'node-network', field },
        `${field} is not set: CAPZ gives the ${role} subnet ${fallback}`,
      );
    }
  });
  if (subnets === undefined) {
    ctx.defaultRange(
      '10.0.0.0/16',
      at,
      { ...base, role: 'node-network', field: 'spec.networkSpec.subnets' },
      'spec.networkSpec.subnets is not set: CAPZ creates the control-plane subnet 10.0.0.0/16',
    );
    ctx.defaultRange(
      '10.1.0.0/16',
      at,
      { ...base, role: 'node-network', field: 'spec.networkSpec.subnets' },
      'spec.networkSpec.subnets is not set: CAPZ creates the node subnet 10.1.0.0/16',
    );
  }
}

/** AKS through CAPZ: AzureManagedControlPlane's VNet and node subnet, and the ranges AKS forbids. */
export function extractAzureManagedControlPlane(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `CAPZ ${describeObject(meta)} (AKS)`;
  const owner = ctx.owner(root, 'aks');
  const at = get(root, 'kind') ?? root;
  const base = { component, source: 'aks', owner } as const;
  const vnet = getPath(root, 'spec', 'virtualNetwork');
  const vnetCidr = get(vnet, 'cidrBlock');
  if (!ctx.ranges(vnetCidr, { ...base, role: 'vpc', field: 'spec.virtualNetwork.cidrBlock' }).length && vnetCidr === undefined) {
    ctx.defaultRange(
      '10.0.0.0/8',
      at,
      { ...base, role: 'vpc', field: 'spec.virtualNetwork.cidrBlock' },
      'spec.virtualNetwork.cidrBlock is not set: CAPZ uses 10.0.0.0/8 for AKS',
    );
  }
  const subnet = getPath(vnet, 'subnet', 'cidrBlock');
  if (!ctx.ranges(subnet, { ...base, role: 'node-network', field: 'spec.virtualNetwork.subnet.cidrBlock' }).length && subnet === undefined) {
    ctx.defaultRange(
      '10.240.0.0/16',
      at,
      { ...base, role: 'node-network', field: 'spec.virtualNetwork.subnet.cidrBlock' },
      'spec.virtualNetwork.subnet.cidrBlock is not set: CAPZ uses 10.240.0.0/16',
    );
  }
  ctx.ranges(getPath(root, 'spec', 'dnsServiceIP'), { ...base, role: 'address', field: 'spec.dnsServiceIP', form: 'address' });
  // AKS refuses these for the cluster's service and pod ranges (169.254.0.0/16 is forbidden everywhere: PN116 too).
  for (const cidr of ['172.30.0.0/16', '172.31.0.0/16', '192.0.2.0/24']) {
    ctx.defaultRange(cidr, at, { ...base, role: 'reserved', field: 'AKS reserved ranges' }, `AKS does not allow ${cidr} for the cluster's networks`);
  }
}

export function extractAwsCluster(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const component = `CAPA ${describeObject(meta)}`;
  const owner = ctx.owner(root, 'capa');
  const net = getPath(root, 'spec', 'network');
  const vpc = get(net, 'vpc');
  ctx.ranges(get(vpc, 'cidrBlock'), { role: 'vpc', component, source: 'capa', field: 'spec.network.vpc.cidrBlock', owner });
  ctx.ranges(getPath(vpc, 'ipv6', 'cidrBlock'), { role: 'vpc', component, source: 'capa', field: 'spec.network.vpc.ipv6.cidrBlock', owner });
  items(get(net, 'subnets')).forEach((subnet, i) => {
    ctx.ranges(get(subnet, 'cidrBlock'), { role: 'node-network', component, source: 'capa', field: `spec.network.subnets[${i}].cidrBlock`, owner });
    ctx.ranges(get(subnet, 'ipv6CidrBlock'), { role: 'node-network', component, source: 'capa', field: `spec.network.subnets[${i}].ipv6CidrBlock`, owner });
  });
}

/** MachineDeployment / MachinePool: the nodes they ask for (templated counts are not numbers and are skipped). */
export function extractMachineCount(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  ctx.nodeCount(getPath(root, 'spec', 'replicas'), `spec.replicas (${describeObject(meta)})`);
}
