// core/v1 Node and Pod read from protobuf into the JSON shape src/kube/strip.ts reads, keeping
// only the fields stripNode/stripPod use (and metadata.resourceVersion for watches); every other
// field is skipped by its wire type. Field numbers: k8s.io/api v0.32.0 core/v1/generated.proto
// (commit e622342ab4abd51157f8fd650186575bab46777c) and apimachinery v0.32.0 meta/v1 ObjectMeta
// (copies in test/fixtures/k8s-proto).
import type { WireReader } from './wireReader';

/* eslint-disable @typescript-eslint/no-explicit-any -- the partial JSON shape strip.ts reads defensively */
type Raw = Record<string, any>;

/** ObjectMeta {name 1, namespace 3, resourceVersion 6, annotations 12}. */
function readObjectMeta(r: WireReader): Raw {
  const m: Raw = {};
  while (r.next()) {
    if (r.field === 1) m.name = r.string();
    else if (r.field === 3) m.namespace = r.string();
    else if (r.field === 6) m.resourceVersion = r.string();
    else if (r.field === 12) {
      // Kept for the watch-list bookmark's k8s.io/initial-events-end annotation.
      const [k, v] = readStringEntry(r.message());
      (m.annotations ??= {})[k] = v;
    } else r.skip();
  }
  return m;
}

/** A map<string, string> entry {key 1, value 2}. */
function readStringEntry(r: WireReader): [string, string] {
  let k = '';
  let v = '';
  while (r.next()) {
    if (r.field === 1) k = r.string();
    else if (r.field === 2) v = r.string();
    else r.skip();
  }
  return [k, v];
}

/** A map<string, resource.Quantity {string 1}> entry, keeping only "pods". */
function readPodsQuantity(r: WireReader): string | undefined {
  let k = '';
  let v: string | undefined;
  while (r.next()) {
    if (r.field === 1) k = r.string();
    else if (r.field === 2) {
      const q = r.message();
      while (q.next()) {
        if (q.field === 1) v = q.string();
        else q.skip();
      }
    } else r.skip();
  }
  return k === 'pods' ? v : undefined;
}

/** Reads a message's string fields by number into an object (NodeAddress, NodeCondition, PodIP). */
function readStrings(r: WireReader, names: Record<number, string>): Raw {
  const o: Raw = {};
  while (r.next()) {
    const name = names[r.field];
    if (name !== undefined && r.wire === 2) o[name] = r.string();
    else r.skip();
  }
  return o;
}

const addressFields = { 1: 'type', 2: 'address' };
const conditionFields = { 1: 'type', 2: 'status', 5: 'reason' };

/** Node {metadata 1, spec 2 {podCIDR 1, podCIDRs 7}, status 3 {capacity 1, allocatable 2, conditions 4, addresses 5}}. */
export function readNode(r: WireReader): Raw {
  const node: Raw = { metadata: {}, spec: {}, status: {} };
  while (r.next()) {
    if (r.field === 1) node.metadata = readObjectMeta(r.message());
    else if (r.field === 2) {
      const s = r.message();
      const spec: Raw = {};
      while (s.next()) {
        if (s.field === 1) spec.podCIDR = s.string();
        else if (s.field === 7) (spec.podCIDRs ??= []).push(s.string());
        else s.skip();
      }
      node.spec = spec;
    } else if (r.field === 3) {
      const s = r.message();
      const status: Raw = {};
      while (s.next()) {
        if (s.field === 1 || s.field === 2) {
          const pods = readPodsQuantity(s.message());
          if (pods !== undefined) status[s.field === 1 ? 'capacity' : 'allocatable'] = { pods };
        } else if (s.field === 4) (status.conditions ??= []).push(readStrings(s.message(), conditionFields));
        else if (s.field === 5) (status.addresses ??= []).push(readStrings(s.message(), addressFields));
        else s.skip();
      }
      node.status = status;
    } else r.skip();
  }
  return node;
}

/** Container {name 1, image 2, restartPolicy 24}. */
function readContainer(r: WireReader): Raw {
  const c: Raw = {};
  while (r.next()) {
    if (r.field === 1) c.name = r.string();
    else if (r.field === 2) c.image = r.string();
    else if (r.field === 24) c.restartPolicy = r.string();
    else r.skip();
  }
  return c;
}

/** ContainerStatus {name 1, ready 4, restartCount 5}; proto2 defaults when a field is absent. */
function readContainerStatus(r: WireReader): Raw {
  const s: Raw = { ready: false, restartCount: 0 };
  while (r.next()) {
    if (r.field === 1) s.name = r.string();
    else if (r.field === 4) s.ready = r.bool();
    else if (r.field === 5) s.restartCount = r.int32();
    else r.skip();
  }
  return s;
}

const podIpFields = { 1: 'ip' };

/**
 * Pod {metadata 1, spec 2 {containers 2, nodeName 10, hostNetwork 11, initContainers 20},
 * status 3 {phase 1, podIP 6, containerStatuses 8, initContainerStatuses 10, podIPs 12}}.
 */
export function readPod(r: WireReader): Raw {
  const pod: Raw = { metadata: {}, spec: {}, status: {} };
  while (r.next()) {
    if (r.field === 1) pod.metadata = readObjectMeta(r.message());
    else if (r.field === 2) {
      const s = r.message();
      const spec: Raw = {};
      while (s.next()) {
        if (s.field === 2) (spec.containers ??= []).push(readContainer(s.message()));
        else if (s.field === 20) (spec.initContainers ??= []).push(readContainer(s.message()));
        else if (s.field === 10) spec.nodeName = s.string();
        else if (s.field === 11) spec.hostNetwork = s.bool();
        else s.skip();
      }
      pod.spec = spec;
    } else if (r.field === 3) {
      const s = r.message();
      const status: Raw = {};
      while (s.next()) {
        if (s.field === 1) status.phase = s.string();
        else if (s.field === 6) status.podIP = s.string();
        else if (s.field === 12) (status.podIPs ??= []).push(readStrings(s.message(), podIpFields));
        else if (s.field === 8) (status.containerStatuses ??= []).push(readContainerStatus(s.message()));
        else if (s.field === 10) (status.initContainerStatuses ??= []).push(readContainerStatus(s.message()));
        else s.skip();
      }
      pod.status = status;
    } else r.skip();
  }
  return pod;
}

/** Readers by collection kind: the kinds Podnet asks for as protobuf. */
export const protobufReaders: Readonly<Record<string, { listKind: string; read: (r: WireReader) => Raw }>> = {
  nodes: { listKind: 'NodeList', read: readNode },
  pods: { listKind: 'PodList', read: readPod },
};
