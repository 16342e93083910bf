// core/v1 Node and Pod read from protobuf into the JSON shape src/kube/strip.ts reads, keeping
// only the fields stripNode/stripPod use (and metadata.resourceVersion for watches); every other
// field is skipped by its wire type. Field numbers: k8s.io/api v0.32.0 core/v1/generated.proto
// (commit e622342ab4abd51157f8fd650186575bab46777c) and apimachinery v0.32.0 meta/v1 ObjectMeta
// (copies in test/fixtures/k8s-proto).
import type { WireReader } from './wireReader';

/* eslint-disable @typescript-eslint/no-explicit-any -- the partial JSON shape strip.ts reads defensively */
type Raw = Record<string, any>;

// Embedded messages are read in place (WireReader enter/leave: no reader per message). Inner
// loops copy r.field into `f: number`, as TypeScript keeps the outer loop's narrowing of r.field.

/** ObjectMeta {name 1, namespace 3, resourceVersion 6, annotations 12}, the embedded message at the current field. */
function readObjectMeta(r: WireReader): Raw {
  const m: Raw = {};
  const outer = r.enter();
  while (r.next()) {
    if (r.field === 1) m.name = r.string();
    else if (r.field === 3) m.namespace = r.string();
    else if (r.field === 6) m.resourceVersion = r.string();
    else if (r.field === 12) {
      // Kept for the watch-list bookmark's k8s.io/initial-events-end annotation.
      const [k, v] = readStringEntry(r);
      (m.annotations ??= {})[k] = v;
    } else r.skip();
  }
  r.leave(outer);
  return m;
}

/** A map<string, string> entry {key 1, value 2}. */
function readStringEntry(r: WireReader): [string, string] {
  let k = '';
  let v = '';
  const outer = r.enter();
  while (r.next()) {
    if (r.field === 1) k = r.string();
    else if (r.field === 2) v = r.string();
    else r.skip();
  }
  r.leave(outer);
  return [k, v];
}

/** A map<string, resource.Quantity {string 1}> entry, keeping only "pods". */
function readPodsQuantity(r: WireReader): string | undefined {
  let k = '';
  let v: string | undefined;
  const outer = r.enter();
  while (r.next()) {
    if (r.field === 1) k = r.string();
    else if (r.field === 2) {
      const q = r.enter();
      while (r.next()) {
        const f: number = r.field;
        if (f === 1) v = r.string();
        else r.skip();
      }
      r.leave(q);
    } else r.skip();
  }
  r.leave(outer);
  return k === 'pods' ? v : undefined;
}

/** Reads a message's string fields by number into an object (NodeAddress, NodeCondition, PodIP). */
function readStrings(r: WireReader, names: Record<number, string>): Raw {
  const o: Raw = {};
  const outer = r.enter();
  while (r.next()) {
    const name = names[r.field];
    if (name !== undefined && r.wire === 2) o[name] = r.string();
    else r.skip();
  }
  r.leave(outer);
  return o;
}

const addressFields = { 1: 'type', 2: 'address' };
const conditionFields = { 1: 'type', 2: 'status', 5: 'reason' };

/** Node {metadata 1, spec 2 {podCIDR 1, podCIDRs 7}, status 3 {capacity 1, allocatable 2, conditions 4, addresses 5}}. */
export function readNode(r: WireReader): Raw {
  // Empty parts only for what the message lacks (three objects per pod otherwise made for nothing).
  const node: Raw = { metadata: undefined, spec: undefined, status: undefined };
  while (r.next()) {
    if (r.field === 1) node.metadata = readObjectMeta(r);
    else if (r.field === 2) {
      const spec: Raw = {};
      const outer = r.enter();
      while (r.next()) {
        const f: number = r.field;
        if (f === 1) spec.podCIDR = r.string();
        else if (f === 7) (spec.podCIDRs ??= []).push(r.string());
        else r.skip();
      }
      r.leave(outer);
      node.spec = spec;
    } else if (r.field === 3) {
      const status: Raw = {};
      const outer = r.enter();
      while (r.next()) {
        const f: number = r.field;
        if (f === 1 || f === 2) {
          const pods = readPodsQuantity(r);
          if (pods !== undefined) status[f === 1 ? 'capacity' : 'allocatable'] = { pods };
        } else if (f === 4) (status.conditions ??= []).push(readStrings(r, conditionFields));
        else if (f === 5) (status.addresses ??= []).push(readStrings(r, addressFields));
        else r.skip();
      }
      r.leave(outer);
      node.status = status;
    } else r.skip();
  }
  node.metadata ??= {};
  node.spec ??= {};
  node.status ??= {};
  return node;
}

/** Container {name 1, image 2, restartPolicy 24}. */
function readContainer(r: WireReader): Raw {
  const c: Raw = {};
  const outer = r.enter();
  while (r.next()) {
    if (r.field === 1) c.name = r.string();
    else if (r.field === 2) c.image = r.string();
    else if (r.field === 24) c.restartPolicy = r.string();
    else r.skip();
  }
  r.leave(outer);
  return c;
}

/** ContainerStatus {name 1, ready 4, restartCount 5}; proto2 defaults when a field is absent. */
function readContainerStatus(r: WireReader): Raw {
  const s: Raw = { ready: false, restartCount: 0 };
  const outer = r.enter();
  while (r.next()) {
    if (r.field === 1) s.name = r.string();
    else if (r.field === 4) s.ready = r.bool();
    else if (r.field === 5) s.restartCount = r.int32();
    else r.skip();
  }
  r.leave(outer);
  return s;
}

const podIpFields = { 1: 'ip' };

/**
 * Pod {metadata 1, spec 2 {containers 2, nodeName 10, hostNetwork 11, initContainers 20},
 * status 3 {phase 1, podIP 6, containerStatuses 8, initContainerStatuses 10, podIPs 12}}.
 */
export function readPod(r: WireReader): Raw {
  // Empty parts only for what the message lacks (three objects per pod otherwise made for nothing).
  const pod: Raw = { metadata: undefined, spec: undefined, status: undefined };
  while (r.next()) {
    if (r.field === 1) pod.metadata = readObjectMeta(r);
    else if (r.field === 2) {
      const spec: Raw = {};
      const outer = r.enter();
      while (r.next()) {
        const f: number = r.field;
        if (f === 2) (spec.containers ??= []).push(readContainer(r));
        else if (f === 20) (spec.initContainers ??= []).push(readContainer(r));
        else if (f === 10) spec.nodeName = r.string();
        else if (f === 11) spec.hostNetwork = r.bool();
        else r.skip();
      }
      r.leave(outer);
      pod.spec = spec;
    } else if (r.field === 3) {
      const status: Raw = {};
      const outer = r.enter();
      while (r.next()) {
        const f: number = r.field;
        if (f === 1) status.phase = r.string();
        else if (f === 6) status.podIP = r.string();
        else if (f === 12) (status.podIPs ??= []).push(readStrings(r, podIpFields));
        else if (f === 8) (status.containerStatuses ??= []).push(readContainerStatus(r));
        else if (f === 10) (status.initContainerStatuses ??= []).push(readContainerStatus(r));
        else r.skip();
      }
      r.leave(outer);
      pod.status = status;
    } else r.skip();
  }
  pod.metadata ??= {};
  pod.spec ??= {};
  pod.status ??= {};
  return pod;
}

/** Readers by collection kind: the kinds Podnet asks for as protobuf. */
export const protobufReaders: Readonly<Record<string, { listKind: string; read: (r: WireReader) => Raw }>> = {
  nodes: { listKind: 'NodeList', read: readNode },
  pods: { listKind: 'PodList', read: readPod },
};
