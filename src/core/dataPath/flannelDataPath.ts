// Flannel's data path, from kube-flannel-cfg's net-conf.json Backend (Type, DirectRouting).
import type { CniPart, Sources } from './cniPathParts';
import { bridge, hostRoutes, readOr, sameBridge, setting } from './cniPathParts';
import type { DataPathSetting } from './dataPath';

export function flannelPath(src: Sources): CniPart {
  const text = src.maps.get('kube-flannel-cfg')?.data['net-conf.json'];
  let backend: DataPathSetting;
  let directRouting = false;
  if (text === undefined) backend = setting('Backend.Type', 'unknown', 'kube-flannel-cfg net-conf.json not readable', 'unknown');
  else {
    try {
      const conf = JSON.parse(text) as { Backend?: { Type?: unknown; DirectRouting?: unknown } };
      const type = typeof conf.Backend?.Type === 'string' ? conf.Backend.Type : undefined;
      backend = readOr('Backend.Type', type, 'kube-flannel-cfg net-conf.json', 'udp', "flannel's default when net-conf.json has no Backend");
      directRouting = conf.Backend?.DirectRouting === true;
    } catch {
      backend = setting('Backend.Type', 'unknown', 'kube-flannel-cfg net-conf.json is not valid JSON', 'unknown');
    }
  }
  const settings = [backend, ...(directRouting ? [setting('Backend.DirectRouting', 'true', 'kube-flannel-cfg net-conf.json', 'configured')] : [])];
  const podLink = bridge('cni0', "flannel delegates to the bridge plugin: cni0, gateway = the node subnet's first address");
  const common = { settings, podLink, sameNode: sameBridge('cni0'), podToPodNat: 'none' as const, routesByBlock: true };
  const c = backend.certainty;
  switch (backend.value) {
    case 'vxlan':
      return {
        ...common,
        title: 'Flannel, vxlan backend',
        crossNode: {
          kind: 'tunnel',
          encapsulation: directRouting ? 'none inside a subnet (DirectRouting), VXLAN (UDP 8472) across subnets' : 'VXLAN (UDP 8472, VNI 1)',
          device: 'flannel.1',
          route: directRouting ? '{block} via {node} (same subnet) or via flannel.1' : '{block} via {blockAddress} dev flannel.1 onlink',
          note:
            "flanneld gives each node a flannel.1 VTEP holding its subnet's network address; packets for another node's subnet are VXLAN-encapsulated to that node's public IP",
          certainty: c,
        },
      };
    case 'host-gw':
      return {
        ...common,
        title: 'Flannel, host-gw backend',
        crossNode: hostRoutes('flanneld installs a route to every other node’s subnet via its IP; nodes must share a layer-2 network', c),
      };
    case 'wireguard':
      return {
        ...common,
        title: 'Flannel, wireguard backend',
        crossNode: {
          kind: 'tunnel',
          encapsulation: 'WireGuard (UDP 51820)',
          device: 'flannel-wg',
          route: '{network} dev flannel-wg',
          note: 'one WireGuard peer per node; the whole pod network is routed into flannel-wg',
          certainty: c,
        },
      };
    case 'ipip':
      return {
        ...common,
        title: 'Flannel, ipip backend',
        crossNode: {
          kind: 'tunnel',
          encapsulation: 'IP-in-IP',
          device: 'flannel.ipip',
          route: '{block} via {node} dev flannel.ipip onlink',
          note: 'IP-in-IP to the owner node',
          certainty: c,
        },
      };
    case 'udp':
      return {
        ...common,
        title: 'Flannel, udp backend',
        crossNode: {
          kind: 'tunnel',
          encapsulation: 'UDP (8285), in user space by flanneld',
          device: 'flannel0',
          route: '{network} dev flannel0',
          note: 'flanneld reads packets from its TUN device and sends them over UDP (for debugging only, upstream says)',
          certainty: c,
        },
      };
    default:
      return {
        ...common,
        title: `Flannel, ${backend.value} backend`,
        crossNode: { kind: 'unknown', encapsulation: 'unknown', note: `Podnet does not model flannel's "${backend.value}" backend`, certainty: 'unknown' },
      };
  }
}
