// The model as it crosses to the webview. Pods go column-wise: 150,000 little objects cost the
// structured clone (and VS Code's JSON IPC) far more than five flat arrays holding the same data.
import type { MapPod, NetworkMapModel } from './mapModel';

export interface WirePods {
  /** Distinct namespaces; ns[i] indexes into it. */
  readonly namespaces: readonly string[];
  readonly ns: readonly number[];
  readonly names: readonly string[];
  readonly ips: readonly string[];
  readonly nodes: readonly number[];
  /** Indices of the hostNetwork pods (few). */
  readonly hostNetwork: readonly number[];
}

export type WireModel = Omit<NetworkMapModel, 'pods'> & { readonly pods: WirePods };

export function encodeModel(model: NetworkMapModel): WireModel {
  const nsIndex = new Map<string, number>();
  const namespaces: string[] = [];
  const n = model.pods.length;
  const ns = new Array<number>(n);
  const names = new Array<string>(n);
  const ips = new Array<string>(n);
  const nodes = new Array<number>(n);
  const hostNetwork: number[] = [];
  model.pods.forEach((p, i) => {
    let k = nsIndex.get(p.namespace);
    if (k === undefined) {
      k = namespaces.length;
      namespaces.push(p.namespace);
      nsIndex.set(p.namespace, k);
    }
    ns[i] = k;
    names[i] = p.name;
    ips[i] = p.ip;
    nodes[i] = p.node;
    if (p.hostNetwork) hostNetwork.push(i);
  });
  return { ...model, pods: { namespaces, ns, names, ips, nodes, hostNetwork } };
}

export function decodeModel(wire: WireModel): NetworkMapModel {
  const w = wire.pods;
  const host = new Set(w.hostNetwork);
  const pods: MapPod[] = new Array(w.names.length);
  for (let i = 0; i < pods.length; i++) pods[i] = { namespace: w.namespaces[w.ns[i]] ?? '', name: w.names[i], ip: w.ips[i], node: w.nodes[i], hostNetwork: host.has(i) };
  return { ...wire, pods };
}
