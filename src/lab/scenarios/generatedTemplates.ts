// Generators of pods and nodes with templates (store/storedEntry.ts GeneratedTemplates): object i
// is built by pod()/node() from its spec, and its template is the same builder called with each
// varying string of the spec and of what the builder derives from it replaced by a slot marker.
// One walk over those strings gives both the markers and the values, so their order always agrees.
import type { StoredObject } from '../store/storedObject';
import type { GeneratedObjects } from '../store/storedEntry';
import type { NodeDerived, NodeSpec, PodDerived, PodSpec } from './clusterObjects';
import { node, nodeDerived, pod, podDerived } from './clusterObjects';

type Strings = (s: string) => string;
const optional = (f: Strings, s: string | undefined): string | undefined => (s === undefined ? undefined : f(s));

/** The spec and derived strings of a pod with f applied to each varying one, in a fixed order. */
export function mapPodStrings(p: PodSpec, d: PodDerived, f: Strings): [PodSpec, PodDerived] {
  // Called on every read of a generated pod: plain assignments, no spreads.
  const spec: PodSpec = Object.assign({}, p);
  spec.namespace = f(p.namespace);
  spec.name = f(p.name);
  spec.nodeName = optional(f, p.nodeName);
  spec.hostIP = optional(f, p.hostIP);
  spec.podIP = optional(f, p.podIP);
  if (p.podIPs) spec.podIPs = p.podIPs.map(f);
  if (p.labels) {
    const labels: Record<string, string> = {};
    for (const k in p.labels) labels[k] = f(p.labels[k]!);
    spec.labels = labels;
  }
  if (p.owner) spec.owner = { apiVersion: p.owner.apiVersion, kind: p.owner.kind, name: f(p.owner.name) };
  const derived: PodDerived = {
    started: f(d.started),
    app: f(d.app),
    containerName: f(d.containerName),
    uid: f(d.uid),
    volumeName: f(d.volumeName),
    containerIds: d.containerIds.map(f),
  };
  if (d.ownerUid !== undefined) derived.ownerUid = f(d.ownerUid);
  if (d.generateName !== undefined) derived.generateName = f(d.generateName);
  if (d.templateHash !== undefined) derived.templateHash = f(d.templateHash);
  return [spec, derived];
}

export function mapNodeStrings(n: NodeSpec, d: NodeDerived, f: Strings): [NodeSpec, NodeDerived] {
  return [
    { ...n, name: f(n.name), internalIP: f(n.internalIP), ...(n.podCIDRs ? { podCIDRs: n.podCIDRs.map(f) } : {}) },
    { uid: f(d.uid), machineID: f(d.machineID), systemUUID: f(d.systemUUID), bootID: f(d.bootID) },
  ];
}

interface Builder<S, D> {
  derive(spec: S): D;
  map(spec: S, d: D, f: Strings): [S, D];
  build(spec: S, d: D): StoredObject;
}

export const podBuilder = (place: (o: StoredObject, spec: PodSpec) => StoredObject = (o) => o): Builder<PodSpec, PodDerived> => ({
  derive: podDerived,
  map: mapPodStrings,
  build: (spec, d) => place(pod(spec, d), spec),
});

export const nodeBuilder: Builder<NodeSpec, NodeDerived> = { derive: nodeDerived, map: mapNodeStrings, build: node };

/**
 * GeneratedObjects whose object i is builder.build(spec(i)); objects of one variantOf() class must
 * differ only in the strings builder.map() walks (the same optional fields, label keys, container counts).
 */
export function templatedObjects<S, D>(
  base: Omit<GeneratedObjects, 'at' | 'templates'>,
  spec: (i: number) => S,
  builder: Builder<S, D>,
  variantOf: (i: number) => number,
): GeneratedObjects {
  return {
    ...base,
    at: (i) => {
      const s = spec(i);
      return builder.build(s, builder.derive(s));
    },
    templates: {
      variantOf,
      templateAt: (i, marker) => {
        const s = spec(i);
        let k = 0;
        const [ms, md] = builder.map(s, builder.derive(s), () => marker(k++));
        return builder.build(ms, md);
      },
      slotsOf: (i) => {
        const s = spec(i);
        const values: string[] = [];
        builder.map(s, builder.derive(s), (v) => (values.push(v), v));
        return values;
      },
    },
  };
}
