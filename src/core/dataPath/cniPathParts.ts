// The pieces every CNI's data path is written with: where its settings are read from, a setting
// read or defaulted, and the pod links and cross-node routes several CNIs share.
import type { ConfigMapInfo, DaemonSetInfo } from '../cluster/clusterTypes';
import type { Certainty, CrossNode, DataPath, DataPathSetting, PodLink } from './dataPath';

/** The kube-system objects a CNI's settings are read from. */
export interface Sources {
  readonly sets: readonly DaemonSetInfo[];
  readonly maps: ReadonlyMap<string, ConfigMapInfo>;
}

/** A data path without what every CNI shares (its name and the detection evidence). */
export type CniPart = Omit<DataPath, 'cni' | 'evidence'>;

export const setting = (name: string, value: string, source: string, certainty: Certainty): DataPathSetting => ({ name, value, source, certainty });

/** A setting read from somewhere, or its documented default. */
export function readOr(name: string, found: string | undefined, source: string, fallback: string, fallbackSource: string): DataPathSetting {
  return found !== undefined && found !== '' ? setting(name, found, source, 'configured') : setting(name, fallback, fallbackSource, 'default');
}

export const bridge = (device: string, note: string): PodLink => ({ kind: 'bridge', device, gateway: 'block-first', note });
export const hostRoutes = (note: string, certainty: Certainty): CrossNode => ({
  kind: 'host-routes',
  encapsulation: 'none',
  route: '{block} via {node}',
  note,
  certainty,
});
export const sameBridge = (device: string) => `pod eth0 → veth → ${device} → veth → pod: switched on the node's bridge, no routing`;
