// The model as it crosses to the webview. Pods go column-wise in typed arrays: VS Code's
// postMessage runs a JSON.stringify replacer over every value it sends (hundreds of ms for
// 150,000 pods × 5 fields on the extension host), but hands ArrayBuffers over untouched.
import type { MapPod, NetworkMapModel } from './mapModel';
import type { Steps } from '../steps';
import { itemsPerStep, runToEnd } from '../steps';

export interface WirePods {
  readonly count: number;
  /** Distinct namespaces; ns[i] indexes into it. */
  readonly namespaces: readonly string[];
  readonly ns: ArrayLike<number>;
  readonly nodes: ArrayLike<number>;
  /** Every pod's name then IP, concatenated: UTF-8 bytes (or the string itself, in tests). */
  readonly text: Uint8Array | string;
  /** Lengths (UTF-16 code units) of each name and each IP in `text`: no separator a name could fake. */
  readonly nameLengths: ArrayLike<number>;
  readonly ipLengths: ArrayLike<number>;
  /** Indices of the hostNetwork pods (few). */
  readonly hostNetwork: ArrayLike<number>;
}

export type WireModel = Omit<NetworkMapModel, 'pods'> & { readonly pods: WirePods };

export function encodeModel(model: NetworkMapModel): WireModel {
  return runToEnd(encodeModelSteps(model));
}

export function* encodeModelSteps(model: NetworkMapModel): Steps<WireModel> {
  const nsIndex = new Map<string, number>();
  const namespaces: string[] = [];
  const n = model.pods.length;
  const ns = new Uint32Array(n);
  const nodes = new Int32Array(n);
  const nameLengths = new Uint32Array(n);
  const ipLengths = new Uint32Array(n);
  const hostNetwork: number[] = [];
  // Names, then IPs, encoded a step at a time: one join + encode of 8 MB would be one long block.
  const encoder = new TextEncoder();
  const nameChunks: Uint8Array[] = [];
  const ipChunks: Uint8Array[] = [];
  for (let start = 0; start < n; start += itemsPerStep) {
    const end = Math.min(n, start + itemsPerStep);
    let names = '';
    let ips = '';
    for (let i = start; i < end; i++) {
      const p = model.pods[i]!;
      let k = nsIndex.get(p.namespace);
      if (k === undefined) {
        k = namespaces.length;
        namespaces.push(p.namespace);
        nsIndex.set(p.namespace, k);
      }
      ns[i] = k;
      nodes[i] = p.node;
      nameLengths[i] = p.name.length;
      ipLengths[i] = p.ip.length;
      names += p.name;
      ips += p.ip;
      if (p.hostNetwork) hostNetwork.push(i);
    }
    nameChunks.push(encoder.encode(names));
    ipChunks.push(encoder.encode(ips));
    yield;
  }
  const text = concatBytes([...nameChunks, ...ipChunks]);
  return { ...model, pods: { count: n, namespaces, ns, nodes, text, nameLengths, ipLengths, hostNetwork: Uint32Array.from(hostNetwork) } };
}

export function decodeModel(wire: WireModel): NetworkMapModel {
  const w = wire.pods;
  const text = typeof w.text === 'string' ? w.text : new TextDecoder().decode(w.text);
  const host = new Set(Array.from(w.hostNetwork));
  const pods: MapPod[] = new Array(w.count);
  let at = 0;
  const names = new Array<string>(w.count);
  for (let i = 0; i < w.count; i++) names[i] = text.slice(at, at += w.nameLengths[i]!);
  for (let i = 0; i < w.count; i++) {
    const ip = text.slice(at, at += w.ipLengths[i]!);
    pods[i] = { namespace: w.namespaces[w.ns[i]!] ?? '', name: names[i]!, ip, node: w.nodes[i]!, hostNetwork: host.has(i) };
  }
  return { ...wire, pods };
}

/** The wire model with plain arrays and a string: for channels that only carry JSON (test harnesses). */
export function plainWire(wire: WireModel): WireModel {
  const p = wire.pods;
  const text = typeof p.text === 'string' ? p.text : new TextDecoder().decode(p.text);
  return {
    ...wire,
    pods: {
      ...p,
      ns: Array.from(p.ns),
      nodes: Array.from(p.nodes),
      nameLengths: Array.from(p.nameLengths),
      ipLengths: Array.from(p.ipLengths),
      hostNetwork: Array.from(p.hostNetwork),
      text,
    },
  };
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
