// kubespray group_vars (inventory/<name>/group_vars/k8s_cluster/k8s-cluster.yml): flat Ansible
// variables for the pod and service networks, their IPv6 twins and the per-node prefix, with the
// defaults of kubespray's roles when left out. Field paths: docs/sources.md.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, str } from '../yamlTree';

const KEYS = ['kube_pods_subnet', 'kube_service_addresses', 'kube_network_node_prefix', 'kube_pods_subnet_ipv6', 'kube_service_addresses_ipv6'];

export const isKubesprayVars = (root: YNode): boolean => root.kind === 'map' && get(root, 'kind') === undefined && KEYS.some((k) => get(root, k) !== undefined);

export function extractKubesprayVars(root: YNode, ctx: ExtractContext): void {
  const component = 'kubespray group_vars';
  const owner = ctx.owner(root, 'kubespray');
  const base = { component, source: 'kubespray', owner } as const;
  const at = root.kind === 'map' ? root.pairs.find((p) => KEYS.includes(p.keyText))?.key ?? root : root;
  const read = (key: string, role: 'pod-network' | 'service-network', fallback?: string) => {
    const node = get(root, key);
    const o = { ...base, role, field: key, ...(role === 'pod-network' ? { agreement: 'cluster' as const } : {}) };
    const made = ctx.ranges(node, o);
    if (!made.length && node === undefined && fallback) ctx.defaultRange(fallback, at, o, `${key} is not set: kubespray uses ${fallback}`);
    return made;
  };
  read('kube_pods_subnet', 'pod-network', '10.233.64.0/18');
  read('kube_service_addresses', 'service-network', '10.233.0.0/18');
  const v6 = read('kube_pods_subnet_ipv6', 'pod-network');
  read('kube_service_addresses_ipv6', 'service-network');
  ctx.block(get(root, 'kube_network_node_prefix'), {
    ...base,
    field: 'kube_network_node_prefix',
    kind: 'node-mask',
    family: 4,
    fallback: { prefix: 24, at: get(root, 'kube_pods_subnet') ?? at, note: 'kube_network_node_prefix is not set: kubespray uses 24' },
  });
  if (v6.length) {
    ctx.block(get(root, 'kube_network_node_prefix_ipv6'), {
      ...base,
      field: 'kube_network_node_prefix_ipv6',
      kind: 'node-mask',
      family: 6,
      fallback: { prefix: 120, at: get(root, 'kube_pods_subnet_ipv6') ?? at, note: 'kube_network_node_prefix_ipv6 is not set: kubespray uses 120' },
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
