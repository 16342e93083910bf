// The data-path model's packet path for one probe: its two ends placed in the map model as pods
// (a hostNetwork end on its node's address), then core/map/packetPath as for any two pods. The
// probe pods are gone once the check ends, so they are added here rather than looked up.
import type { MapPod, NetworkMapModel } from '../map/mapModel';
import type { PacketPath } from '../map/packetPath';
import { packetPath } from '../map/packetPath';
import type { ProbeEndpoint, ProbeResult } from './checkReport';

/** The kinds with a pod or node at both ends: the ones the packet path can draw. */
const drawable = new Set(['same-node', 'cross-node', 'mtu', 'pod-node', 'node-pod']);

function asPod(model: NetworkMapModel, e: ProbeEndpoint): MapPod {
  const node = e.node === undefined ? -1 : model.nodes.findIndex((n) => n.name === e.node);
  const hostNetwork = e.pod === undefined;
  const ip = e.ip ?? (hostNetwork && node >= 0 ? model.nodes[node].internalIPs[0] ?? '' : '');
  if (hostNetwork) return { namespace: 'host', name: e.node ?? ip, ip, node, hostNetwork };
  const slash = e.pod?.indexOf('/') ?? -1;
  const [namespace, name] = slash > 0 && e.pod ? [e.pod.slice(0, slash), e.pod.slice(slash + 1)] : ['', e.pod ?? ''];
  return { namespace, name, ip, node, hostNetwork };
}

export interface ProbePath {
  /** The model with the two ends appended as its last two pods (the path's pod hops point at them). */
  readonly model: NetworkMapModel;
  readonly from: number;
  readonly to: number;
  readonly path: PacketPath;
}

export function probePath(model: NetworkMapModel, r: ProbeResult): ProbePath | undefined {
  if (!drawable.has(r.kind)) return undefined;
  const from = model.pods.length;
  const withEnds: NetworkMapModel = { ...model, pods: [...model.pods, asPod(model, r.from), asPod(model, r.to)] };
  const raw = packetPath(withEnds, from, from + 1);
  // The probe pods are not the cluster's: their hops name the probe's ends and link nowhere.
  const hops = raw.hops.map((h) => {
    if (h.kind !== 'pod' || h.target?.kind !== 'pod' || h.target.pod < from) return h;
    const e = h.target.pod === from ? r.from : r.to;
    return { kind: h.kind, label: e.pod ?? `node ${e.node ?? '?'} (host network)`, detail: h.detail, inferred: h.inferred };
  });
  return { model: withEnds, from, to: from + 1, path: { ...raw, hops } };
}
