// The data path of each CNI Podnet recognises, from the settings that choose it: flannel's
// net-conf.json Backend.Type, calico-node's backend and pool encapsulation, Cilium's routing mode
// and tunnel protocol, Weave's fast datapath, Antrea's encap mode. Device names and routes are
// what each project documents for that mode (see test/fixtures/corpus for their manifests).
// Each CNI whose settings are read has its own module (flannelDataPath.ts …); the fixed ones stand here.
import type { CniInfo } from '../cluster/cniDetection';
import type { ConfigMapInfo, DaemonSetInfo } from '../cluster/clusterTypes';
import { podnetSettingsConfigMap } from '../cluster/cniDetection';
import { antreaPath } from './antreaDataPath';
import { calicoPath } from './calicoDataPath';
import { ciliumPath } from './ciliumDataPath';
import type { Sources } from './cniPathParts';
import { bridge, hostRoutes, sameBridge, setting } from './cniPathParts';
import type { DataPath } from './dataPath';
import { flannelPath } from './flannelDataPath';
import { weavePath } from './weaveDataPath';

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
