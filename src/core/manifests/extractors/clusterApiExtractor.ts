// Cluster API: the core Cluster (spec.clusterNetwork), the kubeadm configs inside
// KubeadmControlPlane / KubeadmConfig(Template), and the CAPZ AzureCluster / CAPA AWSCluster
// networks. Field paths: docs/sources.md.
import { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items } from '../yamlTree';
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
    ctx.defaultRange('10.96.0.0/12', get(root, 'kind') ?? root, { role: 'service-network', component, source: 'cluster-api', field: 'spec.clusterNetwork.services.cidrBlocks', owner },
      'spec.clusterNetwork.services is not set: kubeadm uses 10.96.0.0/12');
  }
}

/** KubeadmControlPlane spec.kubeadmConfigSpec, KubeadmConfig spec, KubeadmConfigTemplate spec.template.spec. */
export function extractKubeadmBootstrap(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const spec = meta.kind === 'KubeadmControlPlane' ? getPath(root, 'spec', 'kubeadmConfigSpec')
    : meta.kind === 'KubeadmControlPlaneTemplate' ? getPath(root, 'spec', 'template', 'spec', 'kubeadmConfigSpec')
      : meta.kind === 'KubeadmConfigTemplate' ? getPath(root, 'spec', 'template', 'spec') : get(root, 'spec');
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
  const net = getPath(root, 'spec', 'networkSpec');
  ctx.rangeList(getPath(net, 'vnet', 'cidrBlocks'), { role: 'vpc', component, source: 'capz', field: 'spec.networkSpec.vnet.cidrBlocks', owner });
  items(get(net, 'subnets')).forEach((subnet, i) =>
    ctx.rangeList(get(subnet, 'cidrBlocks'), { role: 'node-network', component, source: 'capz', field: `spec.networkSpec.subnets[${i}].cidrBlocks`, owner }));
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
