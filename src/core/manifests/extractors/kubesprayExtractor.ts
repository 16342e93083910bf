// kubespray group_vars (inventory/<name>/group_vars/k8s_cluster/k8s-cluster.yml): flat Ansible
// variables for the pod and service networks, their IPv6 twins and the per-node prefixes, with the
// defaults of roles/kubespray_defaults for the stacks that are on (ipv4_stack defaults to true,
// ipv6_stack to enable_dual_stack_networks, else false). Field paths: docs/sources.md.
import type { IpFamily } from '../../net/cidr';
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, str } from '../yamlTree';
import { nodeMask, rangesOrDefault } from './fieldDefaults';

const KEYS = ['kube_pods_subnet', 'kube_service_addresses', 'kube_network_node_prefix', 'kube_pods_subnet_ipv6', 'kube_service_addresses_ipv6'];

/** Each family's variables and kubespray's defaults for them. */
const STACKS: readonly { family: IpFamily; suffix: string; pods: string; services: string; prefix: number }[] = [
  { family: 4, suffix: '', pods: '10.233.64.0/18', services: '10.233.0.0/18', prefix: 24 },
  { family: 6, suffix: '_ipv6', pods: 'fd85:ee78:d8a6:8607::1:0000/112', services: 'fd85:ee78:d8a6:8607::1000/116', prefix: 120 },
];

export const isKubesprayVars = (root: YNode): boolean => root.kind === 'map' && get(root, 'kind') === undefined && KEYS.some((k) => get(root, k) !== undefined);

export function extractKubesprayVars(root: YNode, ctx: ExtractContext): void {
  const component = 'kubespray group_vars';
  const owner = ctx.owner(root, 'kubespray');
  const base = { component, source: 'kubespray', owner } as const;
  const at = root.kind === 'map' ? root.pairs.find((p) => KEYS.includes(p.keyText))?.key ?? root : root;
  const on = { 4: str(get(root, 'ipv4_stack')) !== 'false', 6: str(get(root, 'ipv6_stack') ?? get(root, 'enable_dual_stack_networks')) === 'true' };
  for (const s of STACKS) {
    const stack = s.family === 4 ? 'ipv4_stack' : 'ipv6_stack';
    // The variables are read whether or not their stack is on (a typo is still found); defaults only for a stack that is on.
    const read = (key: string, role: 'pod-network' | 'service-network', cidr: string) =>
      rangesOrDefault(
        ctx,
        get(root, key),
        { ...base, role, field: key, ...(role === 'pod-network' ? { agreement: 'cluster' as const } : {}) },
        on[s.family] ? { cidr, at, note: `${key} is not set: kubespray uses ${cidr}${s.family === 6 ? ' (ipv6_stack is on)' : ''}` } : undefined,
      );
    const pods = read(`kube_pods_subnet${s.suffix}`, 'pod-network', s.pods);
    read(`kube_service_addresses${s.suffix}`, 'service-network', s.services);
    if (!on[s.family] && !pods.length) continue;
    const key = `kube_network_node_prefix${s.suffix}`;
    nodeMask(ctx, get(root, key), base, key, s.family, {
      prefix: s.prefix,
      at: get(root, `kube_pods_subnet${s.suffix}`) ?? at,
      note: `${key} is not set: kubespray uses ${s.prefix}${on[s.family] ? '' : ` (${stack} is off)`}`,
    });
  }
  // With Docker as the runtime every node has docker0 on Docker's default 172.17.0.0/16.
  const runtime = get(root, 'container_manager');
  if (str(runtime) === 'docker' && runtime) {
    ctx.defaultRange(
      '172.17.0.0/16',
      runtime,
      { ...base, role: 'reserved', field: 'container_manager' },
      "container_manager: docker: every node has Docker's default bridge docker0 on 172.17.0.0/16",
    );
  }
  const maxPods = get(root, 'kubelet_max_pods');
  if (maxPods?.kind === 'scalar' && typeof maxPods.value === 'number') ctx.out.maxPods.push({ value: maxPods.value, span: ctx.span(maxPods) });
}
