// Cilium's data path, from cilium-config's routing mode and tunnel protocol (or the pre-1.14 `tunnel` key).
import type { CniPart, Sources } from './cniPathParts';
import { readOr, setting } from './cniPathParts';
import type { PodLink } from './dataPath';

export function ciliumPath(src: Sources): CniPart {
  const data = src.maps.get('cilium-config')?.data;
  const readable = data !== undefined;
  const d = data ?? {};
  // Before 1.14 the key was `tunnel: vxlan|geneve|disabled`.
  const legacy = d['tunnel'];
  const routingValue = d['routing-mode'] ?? (legacy === undefined ? undefined : legacy === 'disabled' ? 'native' : 'tunnel');
  const routing = readable
    ? readOr(
      'routing-mode',
      routingValue,
      d['routing-mode'] !== undefined ? 'cilium-config routing-mode' : 'cilium-config tunnel',
      'tunnel',
      "Cilium's default",
    )
    : setting('routing-mode', 'unknown', 'cilium-config not readable', 'unknown');
  const protocolValue = d['tunnel-protocol'] ?? (legacy && legacy !== 'disabled' ? legacy : undefined);
  const protocol = readOr(
    'tunnel-protocol',
    protocolValue,
    d['tunnel-protocol'] !== undefined ? 'cilium-config tunnel-protocol' : 'cilium-config tunnel',
    'vxlan',
    "Cilium's default",
  );
  const directRoutes = d['auto-direct-node-routes'] === 'true';
  const podLink: PodLink = {
    kind: 'ebpf-veth',
    device: 'lxc*',
    gateway: 'fixed',
    note: 'one lxc* veth per pod with eBPF programs on it, no bridge; the pod’s gateway is cilium_host’s router IP',
  };
  const common = {
    podLink,
    sameNode: 'pod eth0 → lxc* → eBPF redirects to the other lxc* → pod: no bridge, no kernel routing',
    podToPodNat: 'none' as const,
    routesByBlock: true,
  };
  if (routing.value === 'native') {
    return {
      ...common,
      settings: [routing, ...(directRoutes ? [setting('auto-direct-node-routes', 'true', 'cilium-config auto-direct-node-routes', 'configured')] : [])],
      title: 'Cilium, native routing (eBPF)',
      crossNode: directRoutes
        ? {
          kind: 'ebpf',
          encapsulation: 'none',
          route: '{block} via {node}',
          note: 'native routing with auto-direct-node-routes: each node routes the others’ pod CIDRs via their IPs (shared L2 needed)',
          certainty: routing.certainty,
        }
        : {
          kind: 'ebpf',
          encapsulation: 'none',
          note: 'native routing: the network between the nodes must route pod IPs (cloud routes or BGP); Podnet cannot see those routes',
          certainty: routing.certainty,
        },
    };
  }
  if (routing.value === 'tunnel') {
    const geneve = protocol.value === 'geneve';
    return {
      ...common,
      settings: [routing, protocol],
      title: `Cilium, ${geneve ? 'Geneve' : 'VXLAN'} tunnel (eBPF)`,
      crossNode: {
        kind: 'ebpf',
        encapsulation: geneve ? 'Geneve (UDP 6081)' : 'VXLAN (UDP 8472)',
        device: geneve ? 'cilium_geneve' : 'cilium_vxlan',
        route: `{block} via cilium_host, then eBPF encapsulates to {node}`,
        note: 'eBPF looks the destination up in its ipcache and encapsulates to the owner node; the kernel route only steers into cilium_host',
        certainty: routing.certainty === 'configured' ? protocol.certainty : routing.certainty,
      },
    };
  }
  return {
    ...common,
    settings: [routing],
    title: 'Cilium',
    crossNode: { kind: 'unknown', encapsulation: 'unknown', note: `cilium-config routing mode "${routing.value}" is not modelled`, certainty: 'unknown' },
  };
}
