// Calico's data path, from calico-node's networking backend and its default pool's IP-in-IP/VXLAN env.
import type { CniPart, Sources } from './cniPathParts';
import { readOr } from './cniPathParts';
import type { Certainty, PodLink } from './dataPath';

export function calicoPath(src: Sources): CniPart {
  const env = src.sets.find((d) => d.name === 'calico-node')?.env ?? {};
  const backendValue = env['CALICO_NETWORKING_BACKEND'] ?? src.maps.get('calico-config')?.data['calico_backend'];
  const backendSource = env['CALICO_NETWORKING_BACKEND'] !== undefined ? 'calico-node CALICO_NETWORKING_BACKEND' : 'calico-config calico_backend';
  const backend = readOr('networking backend', backendValue, backendSource, 'bird', "calico-node's default");
  const ipip = readOr(
    'CALICO_IPV4POOL_IPIP',
    env['CALICO_IPV4POOL_IPIP'],
    'calico-node env (the default pool it creates)',
    'Never',
    'calico-node env unset: the default pool gets Never',
  );
  const vxlan = readOr(
    'CALICO_IPV4POOL_VXLAN',
    env['CALICO_IPV4POOL_VXLAN'],
    'calico-node env (the default pool it creates)',
    'Never',
    'calico-node env unset: the default pool gets Never',
  );
  const settings = [backend, ipip, vxlan];
  const podLink: PodLink = {
    kind: 'routed-veth',
    device: 'cali*',
    gateway: 'fixed',
    gatewayAddress: '169.254.1.1',
    note:
      'one cali* veth per pod, no bridge: the pod’s default route is 169.254.1.1, answered by proxy ARP on the veth; the node holds a /32 route per pod, dev cali*',
  };
  const poolNote =
    'read from calico-node’s env, which only shapes the pool it creates at first start; Podnet does not read IPPool objects, whose ipipMode/vxlanMode decide';
  const certainty: Certainty = ipip.certainty === 'configured' || vxlan.certainty === 'configured' ? 'configured' : 'default';
  const common = {
    settings,
    podLink,
    sameNode: 'pod eth0 → cali* → node (a /32 route per pod, dev cali*) → cali* → pod: routed by the node, no bridge',
    podToPodNat: 'none' as const,
    routesByBlock: true,
  };
  const mode = (v: string) => v.toLowerCase();
  if (backend.value === 'none') {
    return {
      ...common,
      title: 'Calico, policy only (networking by another CNI)',
      crossNode: {
        kind: 'unknown',
        encapsulation: 'unknown',
        note: 'calico_backend is none: Calico enforces policy and another plugin (often flannel, as in Canal) carries the packets',
        certainty: backend.certainty,
      },
    };
  }
  if (mode(vxlan.value) === 'always' || mode(vxlan.value) === 'crosssubnet' || backend.value === 'vxlan') {
    const cross = mode(vxlan.value) === 'crosssubnet';
    return {
      ...common,
      title: `Calico, VXLAN${cross ? ' across subnets' : ''}`,
      crossNode: {
        kind: 'tunnel',
        encapsulation: cross ? 'none inside a subnet, VXLAN (UDP 4789) across subnets' : 'VXLAN (UDP 4789)',
        device: 'vxlan.calico',
        route: '{block} via {node}’s vxlan.calico address dev vxlan.calico onlink',
        note: `Felix programs a route per remote block into vxlan.calico; ${poolNote}`,
        certainty,
      },
    };
  }
  if (mode(ipip.value) === 'always' || mode(ipip.value) === 'crosssubnet') {
    const cross = mode(ipip.value) === 'crosssubnet';
    return {
      ...common,
      title: `Calico, IP-in-IP${cross ? ' across subnets' : ''} (BGP)`,
      crossNode: {
        kind: 'tunnel',
        encapsulation: cross ? 'none inside a subnet, IP-in-IP across subnets' : 'IP-in-IP',
        device: 'tunl0',
        route: cross ? '{block} via {node} proto bird (dev tunl0 onlink across subnets)' : '{block} via {node} dev tunl0 proto bird onlink',
        note: `BIRD learns each node’s blocks over BGP; ${poolNote}`,
        certainty,
      },
    };
  }
  return {
    ...common,
    title: 'Calico, BGP without encapsulation',
    crossNode: {
      kind: 'bgp-routes',
      encapsulation: 'none',
      route: '{block} via {node} proto bird',
      note: `BIRD learns each node’s blocks over BGP; the nodes (or the BGP-peered fabric) must route pod IPs; ${poolNote}`,
      certainty,
    },
  };
}
