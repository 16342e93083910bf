// The data path of each CNI Podnet recognises, from the settings that choose it: flannel's
// net-conf.json Backend.Type, calico-node's backend and pool encapsulation, Cilium's routing mode
// and tunnel protocol, Weave's fast datapath, Antrea's encap mode. Device names and routes are
// what each project documents for that mode (see test/fixtures/corpus for their manifests).
import type { CniInfo } from '../cluster/cniDetection';
import type { ConfigMapInfo, DaemonSetInfo } from '../cluster/clusterTypes';
import { podnetSettingsConfigMap } from '../cluster/cniDetection';
import type { Certainty, CrossNode, DataPath, DataPathSetting, PodLink } from './dataPath';

interface Sources {
  readonly sets: readonly DaemonSetInfo[];
  readonly maps: ReadonlyMap<string, ConfigMapInfo>;
}

const setting = (name: string, value: string, source: string, certainty: Certainty): DataPathSetting => ({ name, value, source, certainty });

/** A setting read from somewhere, or its documented default. */
function readOr(name: string, found: string | undefined, source: string, fallback: string, fallbackSource: string): DataPathSetting {
  return found !== undefined && found !== '' ? setting(name, found, source, 'configured') : setting(name, fallback, fallbackSource, 'default');
}

const bridge = (device: string, note: string): PodLink => ({ kind: 'bridge', device, gateway: 'block-first', note });
const hostRoutes = (note: string, certainty: Certainty): CrossNode => ({
  kind: 'host-routes',
  encapsulation: 'none',
  route: '{block} via {node}',
  note,
  certainty,
});
const sameBridge = (device: string) => `pod eth0 → veth → ${device} → veth → pod: switched on the node's bridge, no routing`;

export function dataPathFor(cni: CniInfo, daemonSets: Iterable<DaemonSetInfo>, configMaps: Iterable<ConfigMapInfo>): DataPath {
  const maps = new Map<string, ConfigMapInfo>();
  for (const cm of configMaps) maps.set(cm.name, cm);
  const src: Sources = { sets: [...daemonSets], maps };
  const base = { cni: cni.name, evidence: cni.evidence };
  switch (cni.name) {
    case 'podnet-bridge': {
      const cidr = maps.get(podnetSettingsConfigMap)?.data['cluster-cidr'];
      return {
        ...base,
        title: "Podnet's bridge CNI",
        settings: [
          cidr
            ? setting('cluster-cidr', cidr, `ConfigMap ${podnetSettingsConfigMap}`, 'configured')
            : setting('cluster-cidr', 'unknown', `ConfigMap ${podnetSettingsConfigMap} not readable`, 'unknown'),
        ],
        podLink: bridge('cni0', "the bridge plugin's cni0, gateway = the block's first address (isGateway), ipMasq off"),
        crossNode: hostRoutes(
          "Podnet's agent installs a route to every other node's block via that node's InternalIP (protocol 154); nodes must share a LAN",
          'configured',
        ),
        sameNode: sameBridge('cni0'),
        podToPodNat: 'none',
        routesByBlock: true,
      };
    }
    case 'flannel':
      return { ...base, ...flannelPath(src) };
    case 'calico':
      return { ...base, ...calicoPath(src) };
    case 'cilium':
      return { ...base, ...ciliumPath(src) };
    case 'weave':
      return { ...base, ...weavePath(src) };
    case 'kindnet':
      return {
        ...base,
        title: 'kindnet (ptp)',
        settings: [],
        podLink: {
          kind: 'routed-veth',
          device: 'veth*',
          gateway: 'block-first',
          note: "the ptp plugin: one veth per pod, no bridge; the host side holds the block's first address and a /32 route to the pod",
        },
        crossNode: hostRoutes(
          'kindnetd installs a route to every other node’s podCIDR via its InternalIP; no encapsulation (kind nodes share one Docker network)',
          'default',
        ),
        sameNode: 'pod eth0 → veth → node (a /32 route per pod, dev veth*) → veth → pod: routed by the node, no bridge',
        podToPodNat: 'none',
        routesByBlock: true,
      };
    case 'kube-router':
      return {
        ...base,
        title: 'kube-router (BGP)',
        settings: [],
        podLink: bridge('kube-bridge', "the bridge plugin's kube-bridge, gateway = the block's first address"),
        crossNode: {
          kind: 'bgp-routes',
          encapsulation: 'none inside a subnet; IP-in-IP (tun-*) across subnets when the overlay is on (its default)',
          route: '{block} via {node} (learned over BGP)',
          note:
            'kube-router advertises each node’s podCIDR over BGP (gobgp); nodes in other subnets are reached through IP-in-IP tunnels unless --enable-overlay=false',
          certainty: 'default',
        },
        sameNode: sameBridge('kube-bridge'),
        podToPodNat: 'none',
        routesByBlock: true,
      };
    case 'antrea':
      return { ...base, ...antreaPath(src) };
    default:
      return {
        ...base,
        title: cni.name === 'none' ? 'no CNI' : 'unrecognised CNI',
        settings: [],
        podLink: {
          kind: 'unknown',
          device: '',
          gateway: 'unknown',
          note: cni.name === 'none' ? 'no CNI is installed: pods get no network' : 'Podnet does not know this CNI: how pods attach to the node is unknown',
        },
        crossNode: { kind: 'unknown', encapsulation: 'unknown', note: 'how packets cross nodes is unknown', certainty: 'unknown' },
        sameNode: 'unknown',
        podToPodNat: 'unknown',
        routesByBlock: true,
      };
  }
}

type CniPart = Omit<DataPath, 'cni' | 'evidence'>;

function flannelPath(src: Sources): CniPart {
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

function calicoPath(src: Sources): CniPart {
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

function ciliumPath(src: Sources): CniPart {
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

function weavePath(src: Sources): CniPart {
  const ds = src.sets.find((d) => d.name === 'weave-net');
  const noFastdp = ds?.env['WEAVE_NO_FASTDP'];
  const fastdp = ds === undefined
    ? setting('fast datapath', 'unknown', 'weave-net DaemonSet not readable', 'unknown')
    : noFastdp !== undefined && noFastdp !== ''
    ? setting('fast datapath', 'off', 'weave-net WEAVE_NO_FASTDP', 'configured')
    : setting('fast datapath', 'on', 'weave-net WEAVE_NO_FASTDP unset: Weave’s default', 'default');
  const encrypted = ds?.env['WEAVE_PASSWORD'] !== undefined;
  const settings = [fastdp, ...(encrypted ? [setting('encryption', 'on', 'weave-net WEAVE_PASSWORD', 'configured')] : [])];
  const off = fastdp.value === 'off' || encrypted;
  return {
    title: `Weave Net, ${off ? 'sleeve' : 'fast datapath'} overlay`,
    settings,
    podLink: {
      kind: 'bridge',
      device: 'weave',
      gateway: 'unknown',
      note: 'vethwe* veths on the weave bridge; the whole pod network is one L2 segment, so a pod reaches pods on every node directly',
    },
    crossNode: {
      kind: 'overlay',
      encapsulation: off ? `sleeve: UDP 6783 through the weave router${encrypted ? ', encrypted' : ''}` : 'fast datapath: VXLAN (UDP 6784) in the kernel',
      device: off ? 'weave (router in user space)' : 'vxlan-6784',
      route: '{network} dev weave',
      note:
        'no per-node routes: one route for the whole range to the weave bridge; the Weave router knows which peer holds each pod and tunnels the frame there',
      certainty: fastdp.certainty,
    },
    sameNode: sameBridge('weave'),
    podToPodNat: 'none',
    routesByBlock: false,
  };
}

function antreaPath(src: Sources): CniPart {
  const conf = src.maps.get('antrea-config')?.data['antrea-agent.conf'];
  const scalar = (key: string) => (conf ? new RegExp(`^\\s*${key}:\\s*["']?([A-Za-z]+)["']?`, 'm').exec(conf)?.[1] : undefined);
  const encap = conf === undefined
    ? setting('trafficEncapMode', 'unknown', 'antrea-config not readable', 'unknown')
    : readOr('trafficEncapMode', scalar('trafficEncapMode'), 'antrea-config antrea-agent.conf', 'encap', "Antrea's default");
  const tunnel = readOr('tunnelType', scalar('tunnelType'), 'antrea-config antrea-agent.conf', 'geneve', "Antrea's default");
  const podLink: PodLink = {
    kind: 'ovs-bridge',
    device: 'br-int',
    gateway: 'block-first',
    note: 'pods’ veths are ports of the Open vSwitch bridge br-int; antrea-gw0 holds the block’s first address',
  };
  const common = { podLink, sameNode: 'pod eth0 → br-int (OVS flows) → pod', podToPodNat: 'none' as const, routesByBlock: true };
  if (encap.value === 'encap') {
    return {
      ...common,
      settings: [encap, tunnel],
      title: `Antrea, ${tunnel.value} tunnel`,
      crossNode: {
        kind: 'tunnel',
        encapsulation: tunnel.value === 'geneve' ? 'Geneve (UDP 6081)' : tunnel.value.toUpperCase(),
        device: 'antrea-tun0',
        route: '{block} via antrea-gw0, OVS tunnels to {node}',
        note: 'OVS flows send other nodes’ blocks through antrea-tun0',
        certainty: encap.certainty,
      },
    };
  }
  if (encap.value === 'noEncap') {
    return {
      ...common,
      settings: [encap],
      title: 'Antrea, no encapsulation',
      crossNode: { ...hostRoutes('Antrea routes other nodes’ blocks via their IPs', encap.certainty) },
    };
  }
  return {
    ...common,
    settings: [encap],
    title: `Antrea, ${encap.value}`,
    crossNode: { kind: 'unknown', encapsulation: 'unknown', note: `trafficEncapMode "${encap.value}" is not modelled`, certainty: 'unknown' },
  };
}
