// The model's pods, column by column: namespace, node and phase as indexes into small tables of
// their names, a pod's one canonical IPv4 as a number, its name as bytes in one buffer, all found
// through a hash table of typed arrays. A million pods are a few ArrayBuffers and one array of
// (shared) container lists, so a major GC walks no object per pod: a PodInfo, its name, its IP
// list and its IP each (~5 heap objects a pod) cost the extension host GC stops of 0.7 s at
// 1.1M pods. A pod is handed out as a PodInfo built when asked for.
import type { ContainerInfo, PodInfo } from './clusterTypes';
import { ipv4ToNumber, numberToIpv4 } from '../net/fastAddress';

/** A pod's index in the store, reused once the pod is deleted. */
export type PodId = number;

const HOST_NETWORK = 1;
const ALIVE = 2;
/** How the pod's IPs are held. */
const NO_IP = 0;
const ONE_IPV4 = 1;
const OTHER_IPS = 2;
const noIps: readonly string[] = Object.freeze([]);
const noContainers: readonly ContainerInfo[] = Object.freeze([]);

/** Small tables of names (namespaces, nodes, phases): each name once, by index. */
class NameTable {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  find(name: string): number | undefined {
    return this.ids.get(name);
  }

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }
}

function nameHash(namespace: number, name: string): number {
  let h = 0x811c9dc5 ^ Math.imul(namespace + 1, 0x9e3779b1);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** True when every char fits in a byte (Kubernetes names are ASCII). */
function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) return false;
  return true;
}

export class PodStore {
  private readonly namespaceNames = new NameTable();
  private readonly nodeNames = new NameTable();
  private readonly phaseNames = new NameTable();
  /** Pods per namespace index. */
  private namespaceCounts: number[] = [];

  private capacity = 0;
  private next = 0;
  private count = 0;
  private readonly free: PodId[] = [];
  private flags = new Uint8Array(0);
  private namespaceOf = new Uint32Array(0);
  private nodeOf = new Int32Array(0);
  private phaseOf = new Uint32Array(0);
  private ipKind = new Uint8Array(0);
  private ipv4 = new Uint32Array(0);
  private hashOf = new Uint32Array(0);
  private nameStart = new Uint32Array(0);
  private nameLength = new Uint32Array(0);
  private readonly containers: (readonly ContainerInfo[] | undefined)[] = [];
  private readonly otherIps = new Map<PodId, readonly string[]>();
  /** Names with a char beyond one byte (none in a real cluster). */
  private readonly wideNames = new Map<PodId, string>();

  private chars = new Uint8Array(1 << 16);
  private charsUsed = 0;
  private charsDead = 0;

  /** Pod ids by name hash (-1: empty), linear probing. */
  private slots = new Int32Array(16).fill(-1);

  get size(): number {
    return this.count;
  }

  /** The pod's id, or -1. */
  find(namespace: string, name: string): PodId {
    const ns = this.namespaceNames.find(namespace);
    if (ns === undefined) return -1;
    const h = nameHash(ns, name);
    const mask = this.slots.length - 1;
    for (let i = h & mask;; i = (i + 1) & mask) {
      const id = this.slots[i]!;
      if (id < 0) return -1;
      if (this.hashOf[id] === h && this.namespaceOf[id] === ns && this.nameIs(id, name)) return id;
    }
  }

  /** Adds a pod not held yet (find() gave -1). */
  add(info: PodInfo): PodId {
    const id = this.free.pop() ?? this.allocate();
    const ns = this.namespaceNames.id(info.namespace);
    this.namespaceCounts[ns] = (this.namespaceCounts[ns] ?? 0) + 1;
    this.namespaceOf[id] = ns;
    this.hashOf[id] = nameHash(ns, info.name);
    this.writeName(id, info.name);
    this.write(id, info);
    this.count++;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.insertSlot(id);
    return id;
  }

  /** The pod's new object (the same namespace and name). */
  replace(id: PodId, info: PodInfo): void {
    this.write(id, info);
  }

  delete(id: PodId): void {
    this.removeSlot(id);
    this.namespaceCounts[this.namespaceOf[id]!]!--;
    this.charsDead += this.nameLength[id]!;
    this.flags[id] = 0;
    this.containers[id] = undefined;
    this.otherIps.delete(id);
    this.wideNames.delete(id);
    this.free.push(id);
    this.count--;
    if (this.charsDead > 1 << 16 && this.charsDead * 2 > this.charsUsed) this.compactNames();
  }

  info(id: PodId): PodInfo {
    const node = this.nodeOf[id]!;
    const namespace = this.namespaceNames.names[this.namespaceOf[id]!]!;
    const name = this.nameOf(id);
    const podIPs = this.ipsOf(id);
    const hostNetwork = (this.flags[id]! & HOST_NETWORK) !== 0;
    const phase = this.phaseNames.names[this.phaseOf[id]!]!;
    const containers = this.containers[id] ?? noContainers;
    return node < 0
      ? { namespace, name, podIPs, hostNetwork, phase, containers }
      : { namespace, name, nodeName: this.nodeNames.names[node]!, podIPs, hostNetwork, phase, containers };
  }

  /** Only containers or readiness differ from what is held: node, hostNetwork, phase and IPs are the same (read from the columns, no PodInfo built). */
  sameNetworking(id: PodId, info: PodInfo): boolean {
    const node = this.nodeOf[id]!;
    if (info.nodeName === undefined ? node >= 0 : node < 0 || this.nodeNames.names[node] !== info.nodeName) return false;
    if (((this.flags[id]! & HOST_NETWORK) !== 0) !== info.hostNetwork || this.phaseNames.names[this.phaseOf[id]!] !== info.phase) return false;
    const ips = info.podIPs;
    switch (this.ipKind[id]) {
      case NO_IP:
        return ips.length === 0;
      case ONE_IPV4:
        return ips.length === 1 && ipv4ToNumber(ips[0]!) === this.ipv4[id];
      default: {
        const held = this.otherIps.get(id)!;
        return held.length === ips.length && held.every((ip, i) => ip === ips[i]);
      }
    }
  }

  nodeName(id: PodId): string | undefined {
    const node = this.nodeOf[id]!;
    return node < 0 ? undefined : this.nodeNames.names[node];
  }

  *ids(): Generator<PodId> {
    for (let id = 0; id < this.next; id++) if (this.flags[id]! & ALIVE) yield id;
  }

  /** "namespace/name" of every pod (a re-list deletes those the server no longer has). */
  keys(): string[] {
    const out: string[] = [];
    for (const id of this.ids()) out.push(`${this.namespaceNames.names[this.namespaceOf[id]!]}/${this.nameOf(id)}`);
    return out;
  }

  /** Namespaces holding pods, sorted. */
  namespaces(): string[] {
    return this.namespaceNames.names.filter((_, i) => (this.namespaceCounts[i] ?? 0) > 0).sort();
  }

  private write(id: PodId, info: PodInfo): void {
    this.flags[id] = ALIVE | (info.hostNetwork ? HOST_NETWORK : 0);
    this.nodeOf[id] = info.nodeName === undefined ? -1 : this.nodeNames.id(info.nodeName);
    this.phaseOf[id] = this.phaseNames.id(info.phase);
    this.containers[id] = info.containers.length === 0 ? undefined : info.containers;
    const ips = info.podIPs;
    const v4 = ips.length === 1 ? ipv4ToNumber(ips[0]!) : -1;
    if (ips.length === 0) this.ipKind[id] = NO_IP;
    else if (v4 >= 0) {
      // ipv4ToNumber takes only the canonical text (no leading zero), so numberToIpv4 gives it back.
      this.ipKind[id] = ONE_IPV4;
      this.ipv4[id] = v4;
    } else this.ipKind[id] = OTHER_IPS;
    if (this.ipKind[id] === OTHER_IPS) this.otherIps.set(id, ips);
    else this.otherIps.delete(id);
  }

  private ipsOf(id: PodId): readonly string[] {
    switch (this.ipKind[id]) {
      case ONE_IPV4:
        return [numberToIpv4(this.ipv4[id]!)];
      case OTHER_IPS:
        return this.otherIps.get(id)!;
      default:
        return noIps;
    }
  }

  private nameOf(id: PodId): string {
    const wide = this.wideNames.size > 0 ? this.wideNames.get(id) : undefined;
    if (wide !== undefined) return wide;
    const start = this.nameStart[id]!;
    return String.fromCharCode.apply(null, this.chars.subarray(start, start + this.nameLength[id]!) as unknown as number[]);
  }

  private nameIs(id: PodId, name: string): boolean {
    const wide = this.wideNames.size > 0 ? this.wideNames.get(id) : undefined;
    if (wide !== undefined) return wide === name;
    if (this.nameLength[id] !== name.length) return false;
    const start = this.nameStart[id]!;
    for (let i = 0; i < name.length; i++) if (this.chars[start + i] !== name.charCodeAt(i)) return false;
    return true;
  }

  private writeName(id: PodId, name: string): void {
    if (!isLatin1(name)) {
      this.wideNames.set(id, name);
      this.nameLength[id] = 0;
      return;
    }
    if (this.charsUsed + name.length > this.chars.length) {
      const grown = new Uint8Array(Math.max(this.chars.length * 2, this.charsUsed + name.length));
      grown.set(this.chars.subarray(0, this.charsUsed));
      this.chars = grown;
    }
    for (let i = 0; i < name.length; i++) this.chars[this.charsUsed + i] = name.charCodeAt(i);
    this.nameStart[id] = this.charsUsed;
    this.nameLength[id] = name.length;
    this.charsUsed += name.length;
  }

  /** Drops the bytes of deleted pods' names (pod churn would otherwise grow the buffer forever). */
  private compactNames(): void {
    const live = new Uint8Array(Math.max(1 << 16, (this.charsUsed - this.charsDead) * 2));
    let used = 0;
    for (const id of this.ids()) {
      const start = this.nameStart[id]!;
      const length = this.nameLength[id]!;
      live.set(this.chars.subarray(start, start + length), used);
      this.nameStart[id] = used;
      used += length;
    }
    this.chars = live;
    this.charsUsed = used;
    this.charsDead = 0;
  }

  private allocate(): PodId {
    if (this.next === this.capacity) {
      const capacity = Math.max(1024, this.capacity * 2);
      const grow = <T extends Uint8Array | Uint32Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(capacity);
        b.set(a);
        return b;
      };
      this.flags = grow(this.flags, (n) => new Uint8Array(n));
      this.namespaceOf = grow(this.namespaceOf, (n) => new Uint32Array(n));
      this.nodeOf = grow(this.nodeOf, (n) => new Int32Array(n));
      this.phaseOf = grow(this.phaseOf, (n) => new Uint32Array(n));
      this.ipKind = grow(this.ipKind, (n) => new Uint8Array(n));
      this.ipv4 = grow(this.ipv4, (n) => new Uint32Array(n));
      this.hashOf = grow(this.hashOf, (n) => new Uint32Array(n));
      this.nameStart = grow(this.nameStart, (n) => new Uint32Array(n));
      this.nameLength = grow(this.nameLength, (n) => new Uint32Array(n));
      this.capacity = capacity;
    }
    return this.next++;
  }

  private insertSlot(id: PodId): void {
    const mask = this.slots.length - 1;
    let i = this.hashOf[id]! & mask;
    while (this.slots[i]! >= 0) i = (i + 1) & mask;
    this.slots[i] = id;
  }

  private removeSlot(id: PodId): void {
    const mask = this.slots.length - 1;
    let i = this.hashOf[id]! & mask;
    while (this.slots[i] !== id) i = (i + 1) & mask;
    // Backward shift: later entries of the run move into the hole unless their home lies after it.
    for (let j = (i + 1) & mask; this.slots[j]! >= 0; j = (j + 1) & mask) {
      const home = this.hashOf[this.slots[j]!]! & mask;
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      this.slots[i] = this.slots[j]!;
      i = j;
    }
    this.slots[i] = -1;
  }

  /** One tight loop over the columns (no generator, no hash computed again): ~1M pods in tens of ms. */
  private rehash(size: number): void {
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    const { flags, hashOf } = this;
    for (let id = 0; id < this.next; id++) {
      if ((flags[id]! & ALIVE) === 0) continue;
      let i = hashOf[id]! & mask;
      while (slots[i]! >= 0) i = (i + 1) & mask;
      slots[i] = id;
    }
    this.slots = slots;
  }
}
