// k3s / RKE2 config.yaml: flat keys cluster-cidr, service-cidr, cluster-dns, node-ip; a string, a
// comma list (dual-stack) or a YAML list of either.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, str } from '../yamlTree';

export const isK3sConfig = (root: YNode): boolean =>
  root.kind === 'map' && get(root, 'kind') === undefined && ['cluster-cidr', 'service-cidr', 'cluster-dns'].some((k) => get(root, k) !== undefined);

export function extractK3sConfig(root: YNode, ctx: ExtractContext): void {
  const component = 'k3s/RKE2 config.yaml';
  const owner = ctx.owner(root, 'k3s');
  const first = root.kind === 'map' ? root.pairs[0].key : root;
  const pod = { role: 'pod-network', component, source: 'k3s', field: 'cluster-cidr', owner, list: 'dual', agreement: 'cluster' } as const;
  const svc = { role: 'service-network', component, source: 'k3s', field: 'service-cidr', owner, list: 'dual' } as const;
  // Flags may be written as YAML lists in config.yaml (k3s joins them): one dual-stack field either way.
  const read = (
    node: YNode | undefined,
    o: typeof pod | typeof svc,
  ) => (node?.kind === 'seq' ? ctx.rangeList(node, { ...o, dualStack: true }) : ctx.ranges(node, o));
  const podNode = get(root, 'cluster-cidr');
  if (!read(podNode, pod).length && !podNode) ctx.defaultRange('10.42.0.0/16', first, pod, 'cluster-cidr is not set: k3s and RKE2 use 10.42.0.0/16');
  const svcNode = get(root, 'service-cidr');
  if (!read(svcNode, svc).length && !svcNode) ctx.defaultRange('10.43.0.0/16', first, svc, 'service-cidr is not set: k3s and RKE2 use 10.43.0.0/16');
  ctx.ranges(get(root, 'cluster-dns'), { role: 'address', component, source: 'k3s', field: 'cluster-dns', owner, form: 'address', list: 'dual' });
  ctx.ranges(get(root, 'node-ip'), { role: 'node-network', component, source: 'k3s', field: 'node-ip', owner, form: 'address', list: 'dual' });
  // `docker: true` runs pods in Docker: every node then has docker0 on Docker's default 172.17.0.0/16.
  const docker = get(root, 'docker');
  if (docker && str(docker) === 'true') {
    ctx.defaultRange(
      '172.17.0.0/16',
      docker,
      { role: 'reserved', component, source: 'k3s', field: 'docker', owner },
      "docker: true: every node has Docker's default bridge docker0 on 172.17.0.0/16",
    );
  }
  ctx.block(get(root, 'node-cidr-mask-size'), { component, source: 'k3s', field: 'node-cidr-mask-size', owner, kind: 'node-mask', family: 4 });
}
