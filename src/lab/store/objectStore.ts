// The lab's etcd: objects by type, namespace and name, each kept with its JSON already serialised
// (lists of 150,000 pods are then concatenations), a global resourceVersion counter, and a bounded
// event log that watches replay from; a watch older than the log gets 410 like a compacted etcd.
import { randomUUID } from 'node:crypto';
import type { KubeObject, ObjectRef } from './kubeObject';
import type { ResourceType } from '../api/resourceTypes';
import { apiVersionOf, builtinResourceTypes, resourceTypesFromCrd, typeKey } from '../api/resourceTypes';
import { alreadyExists, badRequest, conflict, notFound, StatusError } from '../api/statusError';

export interface StoredEntry {
  readonly object: Readonly<KubeObject>;
  /** The object's JSON, serialised once (on first read) and then served as is. */
  readonly json: Buffer;
  readonly rv: number;
}

/** Serialises lazily: a generated 150,000-pod cluster starts without stringifying every pod. */
class Entry implements StoredEntry {
  private bytes: Buffer | undefined;
  constructor(readonly object: Readonly<KubeObject>, readonly rv: number) {}
  get json(): Buffer {
    return (this.bytes ??= Buffer.from(JSON.stringify(this.object)));
  }
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly type: StoreEventType;
  readonly rv: number;
  readonly typeKey: string;
  readonly namespace: string;
  readonly entry: StoredEntry;
  /** The object before the change (MODIFIED/DELETED), for controllers. */
  readonly previous?: Readonly<KubeObject>;
}

export type StoreListener = (event: StoreEvent) => void;

export interface WriteOptions {
  /** Validate and compute the result without persisting (dryRun=All). */
  readonly dryRun?: boolean;
}

const nsName = (namespace: string, name: string): string => `${namespace}/${name}`;
const specOf = (o: KubeObject): string => JSON.stringify({ ...o, metadata: undefined, status: undefined });
const randomSuffix = (): string => Array.from({ length: 5 }, () => 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(Math.random() * 27)]).join('');

export class ObjectStore {
  private readonly typesByKey = new Map<string, ResourceType[]>();
  private readonly objects = new Map<string, Map<string, StoredEntry>>();
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly listeners = new Set<StoreListener>();
  private log: StoreEvent[] = [];
  private rv = 1000;
  private compactedRv = 0;

  constructor(private readonly maxLogEvents = 50_000) {
    for (const t of builtinResourceTypes) this.registerType(t);
  }

  // ---- types ----
  registerType(t: ResourceType): void {
    const key = typeKey(t);
    const list = (this.typesByKey.get(key) ?? []).filter((x) => x.version !== t.version);
    this.typesByKey.set(key, [...list, t]);
    if (!this.objects.has(key)) this.objects.set(key, new Map());
  }

  types(): ResourceType[] {
    return [...this.typesByKey.values()].flat();
  }

  typeByPath(group: string, version: string, plural: string): ResourceType | undefined {
    return this.typesByKey.get(`${group}/${plural}`)?.find((t) => t.version === version);
  }

  typeOf(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types().find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
  }

  private mustType(apiVersion: string, kind: string): ResourceType {
    const t = this.typeOf(apiVersion, kind);
    if (!t) throw new StatusError(404, 'NotFound', `the server could not find the requested resource (${kind} ${apiVersion})`);
    return t;
  }

  // ---- reads ----
  get currentRv(): number {
    return this.rv;
  }

  entry(t: ResourceType, namespace: string, name: string): StoredEntry | undefined {
    return this.objects.get(typeKey(t))?.get(nsName(t.namespaced ? namespace : '', name));
  }

  /** The stored object (shared: copy before changing it). */
  get(ref: ObjectRef): Readonly<KubeObject> | undefined {
    const t = this.typeOf(ref.apiVersion, ref.kind);
    return t ? this.entry(t, ref.namespace ?? '', ref.name)?.object : undefined;
  }

  /** Entries in key order (namespace, then name), optionally within one namespace. */
  entries(t: ResourceType, namespace?: string): StoredEntry[] {
    const key = typeKey(t);
    const map = this.objects.get(key) ?? new Map<string, StoredEntry>();
    const keys = this.keysOf(key);
    if (!namespace || !t.namespaced) return keys.map((k) => map.get(k) as StoredEntry);
    const prefix = `${namespace}/`;
    let lo = lowerBound(keys, prefix);
    const out: StoredEntry[] = [];
    for (; lo < keys.length && keys[lo].startsWith(prefix); lo++) out.push(map.get(keys[lo]) as StoredEntry);
    return out;
  }

  /** Sorted keys of a type (cached until the set of names changes). */
  keysOf(key: string): string[] {
    let keys = this.sortedKeys.get(key);
    if (!keys) {
      keys = [...(this.objects.get(key)?.keys() ?? [])].sort();
      this.sortedKeys.set(key, keys);
    }
    return keys;
  }

  entryByKey(key: string, objectKey: string): StoredEntry | undefined {
    return this.objects.get(key)?.get(objectKey);
  }

  list(apiVersion: string, kind: string, namespace?: string): Readonly<KubeObject>[] {
    return this.entries(this.mustType(apiVersion, kind), namespace).map((e) => e.object);
  }

  // ---- writes ----
  create(input: KubeObject, options: WriteOptions = {}): Readonly<KubeObject> {
    const t = this.mustType(input.apiVersion, input.kind);
    const obj = structuredClone(input) as KubeObject;
    const meta = (obj.metadata ??= { name: '' });
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    if (!meta.name) throw new StatusError(422, 'Invalid', `${t.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    if (t.namespaced) {
      meta.namespace ||= 'default';
      if (!this.entry(this.mustType('v1', 'Namespace'), '', meta.namespace) && t.kind !== 'Namespace') {
        throw new StatusError(404, 'NotFound', `namespaces "${meta.namespace}" not found`, { name: meta.namespace, kind: 'namespaces' });
      }
    } else delete meta.namespace;
    if (this.entry(t, meta.namespace ?? '', meta.name)) throw alreadyExists(t.group, t.plural, meta.name);
    meta.uid = randomUUID();
    meta.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    if (t.hasGeneration) meta.generation = 1;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    if (options.dryRun) return { ...obj, metadata: { ...meta } };
    return this.commit(t, 'ADDED', obj, undefined).object;
  }

  /** Replaces an object. A resourceVersion in the input must match the stored one (optimistic concurrency). */
  update(input: KubeObject, options: WriteOptions & { subresource?: string } = {}): Readonly<KubeObject> {
    const t = this.mustType(input.apiVersion, input.kind);
    const namespace = t.namespaced ? input.metadata.namespace || 'default' : '';
    const current = this.entry(t, namespace, input.metadata.name);
    if (!current) throw notFound(t.group, t.plural, input.metadata.name);
    if (input.metadata.resourceVersion && input.metadata.resourceVersion !== String(current.rv)) {
      throw conflict(t.group, t.plural, input.metadata.name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    if (input.metadata.uid && input.metadata.uid !== current.object.metadata.uid) {
      throw conflict(
        t.group,
        t.plural,
        input.metadata.name,
        `Precondition failed: UID in precondition: ${input.metadata.uid}, UID in object meta: ${current.object.metadata.uid}`,
      );
    }
    let obj = structuredClone(input) as KubeObject;
    const old = current.object;
    // Status writes keep spec; spec writes keep status (the apiserver's status strategy).
    if (options.subresource === 'status') {
      obj = {
        ...structuredClone(old),
        status: obj.status,
        metadata: { ...structuredClone(old.metadata), ...pick(obj.metadata, ['labels', 'annotations', 'managedFields']) },
      } as KubeObject;
    } else if ('status' in old && t.subresources.includes('status')) obj.status = structuredClone(old.status);
    const meta = obj.metadata;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    if (t.namespaced) meta.namespace = namespace;
    else delete meta.namespace;
    delete meta.resourceVersion;
    if (t.hasGeneration) meta.generation = (old.metadata.generation ?? 1) + (specOf(obj) !== specOf(old as KubeObject) ? 1 : 0);
    const unchanged = canonicalJson(obj) === canonicalJson({ ...old, metadata: { ...old.metadata, resourceVersion: undefined } });
    if (unchanged || options.dryRun) return unchanged ? old : { ...obj, metadata: { ...meta, resourceVersion: String(current.rv) } };
    return this.commit(t, 'MODIFIED', obj, old).object;
  }

  delete(ref: ObjectRef, options: WriteOptions & { uid?: string; resourceVersion?: string } = {}): Readonly<KubeObject> {
    const t = this.mustType(ref.apiVersion, ref.kind);
    const namespace = t.namespaced ? ref.namespace || 'default' : '';
    const current = this.entry(t, namespace, ref.name);
    if (!current) throw notFound(t.group, t.plural, ref.name);
    if (options.uid && options.uid !== current.object.metadata.uid) {
      throw conflict(
        t.group,
        t.plural,
        ref.name,
        `Precondition failed: UID in precondition: ${options.uid}, UID in object meta: ${current.object.metadata.uid}`,
      );
    }
    if (options.resourceVersion && options.resourceVersion !== String(current.rv)) {
      throw conflict(t.group, t.plural, ref.name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    if (options.dryRun) return current.object;
    if (t.kind === 'Namespace') this.deleteNamespaceContents(ref.name);
    const key = typeKey(t);
    this.objects.get(key)?.delete(nsName(namespace, ref.name));
    this.sortedKeys.delete(key);
    this.rv++;
    const object = structuredClone(current.object) as KubeObject;
    object.metadata.resourceVersion = String(this.rv);
    const entry: StoredEntry = new Entry(object, this.rv);
    this.emit({ type: 'DELETED', rv: this.rv, typeKey: key, namespace, entry, previous: current.object });
    if (t.kind === 'CustomResourceDefinition') this.unregisterCrd(current.object as KubeObject);
    return object;
  }

  private deleteNamespaceContents(namespace: string): void {
    for (const t of this.types().filter((x) => x.namespaced)) {
      for (const e of this.entries(t, namespace)) {
        if (apiVersionOf(t) === e.object.apiVersion) {
          this.delete({ apiVersion: e.object.apiVersion, kind: e.object.kind, namespace, name: e.object.metadata.name });
        }
      }
    }
  }

  private commit(t: ResourceType, type: StoreEventType, obj: KubeObject, previous: Readonly<KubeObject> | undefined): StoredEntry {
    const key = typeKey(t);
    const namespace = obj.metadata.namespace ?? '';
    this.rv++;
    obj.metadata = reorderMeta({ ...obj.metadata, resourceVersion: String(this.rv) });
    const ordered = typeFirst(obj);
    const entry: StoredEntry = new Entry(ordered, this.rv);
    const map = this.objects.get(key) as Map<string, StoredEntry>;
    const k = nsName(namespace, obj.metadata.name);
    if (!map.has(k)) this.sortedKeys.delete(key);
    map.set(k, entry);
    if (t.kind === 'CustomResourceDefinition') { for (const crdType of resourceTypesFromCrd(ordered)) this.registerType(crdType); }
    this.emit({ type, rv: this.rv, typeKey: key, namespace, entry, previous });
    return entry;
  }

  private unregisterCrd(crd: KubeObject): void {
    for (const t of resourceTypesFromCrd(crd)) {
      const key = typeKey(t);
      this.typesByKey.delete(key);
      this.objects.delete(key);
      this.sortedKeys.delete(key);
    }
  }

  // ---- events ----
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StoreEvent): void {
    this.log.push(event);
    if (this.log.length > this.maxLogEvents * 1.25) {
      const drop = this.log.length - this.maxLogEvents;
      this.compactedRv = this.log[drop - 1].rv;
      this.log = this.log.slice(drop);
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // A failing controller must not break the write that triggered it.
        console.error('podnet lab: listener failed', error);
      }
    }
  }

  /** Events of one type after `rv`, or 'expired' when the log no longer reaches back that far. */
  eventsAfter(key: string, rv: number): StoreEvent[] | 'expired' {
    if (rv < this.compactedRv) return 'expired';
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.log[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.log.slice(lo).filter((e) => e.typeKey === key);
  }

  get oldestWatchableRv(): number {
    return this.compactedRv;
  }

  /** Forgets history like an etcd compaction: older watches and continue tokens get 410. */
  compact(): void {
    this.compactedRv = this.rv;
    this.log = [];
  }

  /** Bulk insert for generated scenarios: no events, no controllers (they see the state later). */
  seed(objects: Iterable<KubeObject>): void {
    const typeCache = new Map<string, ResourceType | undefined>();
    for (const o of objects) {
      const typeName = `${o.apiVersion}/${o.kind}`;
      if (!typeCache.has(typeName) || o.kind === 'CustomResourceDefinition') typeCache.set(typeName, this.typeOf(o.apiVersion, o.kind));
      const t = typeCache.get(typeName) ?? this.typeOf(o.apiVersion, o.kind);
      if (!t) throw badRequest(`no kind "${o.kind}" is registered for version "${o.apiVersion}"`);
      if (t.namespaced) o.metadata.namespace ||= 'default';
      o.metadata.uid ??= randomUUID();
      o.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      if (t.hasGeneration) o.metadata.generation ??= 1;
      const key = typeKey(t);
      this.rv++;
      let ordered = o;
      // Generated objects arrive in the apiserver's key order with a resourceVersion slot: no copies.
      if ('resourceVersion' in o.metadata && Object.keys(o)[2] === 'metadata') o.metadata.resourceVersion = String(this.rv);
      else {
        o.metadata = reorderMeta({ ...o.metadata, resourceVersion: String(this.rv) });
        ordered = typeFirst(o);
      }
      (this.objects.get(key) as Map<string, StoredEntry>).set(nsName(o.metadata.namespace ?? '', o.metadata.name), new Entry(ordered, this.rv));
      this.sortedKeys.delete(key);
      if (o.kind === 'CustomResourceDefinition') { for (const crdType of resourceTypesFromCrd(ordered)) this.registerType(crdType); }
    }
    this.compactedRv = this.rv;
  }
}

/** apiVersion, kind and metadata first, as the apiserver serialises them. */
const typeFirst = (o: KubeObject): KubeObject => Object.assign({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata }, o);

/** JSON with sorted keys and undefined dropped, to compare objects regardless of key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v);
}

const metaOrder = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];
function reorderMeta<T extends Record<string, unknown>>(meta: T): T {
  const out: Record<string, unknown> = {};
  for (const k of metaOrder) if (meta[k] !== undefined) out[k] = meta[k];
  for (const [k, v] of Object.entries(meta)) if (v !== undefined && !(k in out)) out[k] = v;
  return out as T;
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

export function lowerBound(keys: readonly string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
