// Antrea's data path, from antrea-agent.conf's trafficEncapMode and tunnelType.
import { flatYamlScalar } from '../cluster/flatYamlScalar';
import type { CniPart, Sources } from './cniPathParts';
import { hostRoutes, readOr, setting } from './cniPathParts';
import type { PodLink } from './dataPath';

export function antreaPath(src: Sources): CniPart {
  const conf = src.maps.get('antrea-config')?.data['antrea-agent.conf'];
  const scalar = (key: string) => flatYamlScalar(conf, key);
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
