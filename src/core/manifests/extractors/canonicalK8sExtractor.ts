// Canonical Kubernetes (the k8s snap) bootstrap configuration: `pod-cidr` and `service-cidr` (comma
// lists for dual-stack; also under cluster-config.network), the load balancer's `cidrs` and the DNS
// service IP. Field paths and defaults: its bootstrap configuration reference (docs/sources.md).
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath } from '../yamlTree';
import { rangesOrDefault } from './fieldDefaults';

/** A kind-less document with the bootstrap config's `cluster-config` section or its `pod-cidr`. */
export const isCanonicalK8sConfig = (root: YNode): boolean =>
  root.kind === 'map' && get(root, 'kind') === undefined && (get(root, 'cluster-config')?.kind === 'map' || get(root, 'pod-cidr') !== undefined);

export function extractCanonicalK8sConfig(root: YNode, ctx: ExtractContext): void {
  const component = 'Canonical Kubernetes bootstrap config';
  const source = 'canonical-k8s';
  const owner = ctx.owner(root, source);
  const first = root.kind === 'map' ? root.pairs[0].key : root;
  const network = getPath(root, 'cluster-config', 'network');
  const field = (
    name: 'pod-cidr' | 'service-cidr',
  ) => (get(root, name) !== undefined || get(network, name) === undefined
    ? { node: get(root, name), path: name }
    : { node: get(network, name), path: `cluster-config.network.${name}` });
  const pod = field('pod-cidr');
  const podOpts = { role: 'pod-network', component, source, field: pod.path, owner, list: 'dual', agreement: 'cluster' } as const;
  rangesOrDefault(ctx, pod.node, podOpts, { cidr: '10.1.0.0/16', at: first, note: 'pod-cidr is not set: Canonical Kubernetes uses 10.1.0.0/16' });
  const svc = field('service-cidr');
  const svcOpts = { role: 'service-network', component, source, field: svc.path, owner, list: 'dual' } as const;
  rangesOrDefault(ctx, svc.node, svcOpts, { cidr: '10.152.183.0/24', at: first, note: 'service-cidr is not set: Canonical Kubernetes uses 10.152.183.0/24' });
  // CIDRs or `start-end` ranges (k8s-snap splits on "-" and makes Cilium start/stop blocks of them).
  ctx.rangeList(getPath(root, 'cluster-config', 'load-balancer', 'cidrs'), {
    role: 'lb-pool',
    component,
    source,
    field: 'cluster-config.load-balancer.cidrs',
    owner,
    form: 'cidr-or-span',
  });
  ctx.ranges(getPath(root, 'cluster-config', 'dns', 'service-ip'), {
    role: 'address',
    component,
    source,
    field: 'cluster-config.dns.service-ip',
    owner,
    form: 'address',
  });
}
