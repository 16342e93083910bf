// The lab's etcd: objects by type, namespace and name, each kept with its JSON already serialised
// (lists of 150,000 pods are then concatenations), a global resourceVersion counter, and a bounded
// event log that watches replay from; a watch older than the log gets 410 like a compacted etcd.
import { randomUUID } from 'node:crypto';
import type { StoredObject, ObjectRef } from './storedObject';
import { canonicalJson } from './storedObject';
import { reorderMeta, typeFirst } from './objectMeta';
import type { GeneratedObjects, StoredEntry } from './storedEntry';
import { GeneratedEntry, GeneratedSource, WrittenEntry } from './storedEntry';
import type { ResourceType } from '../api/resourceTypes';
import { apiVersionOf, builtinResourceTypes, resourceTypesFromCrd, typeKey } from '../api/resourceTypes';
import { alreadyExists, badRequest, conflict, notFound, StatusError } from '../api/statusError';

export type { StoredEntry } from './storedEntry';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly type: StoreEventType;
  readonly rv: number;
  readonly typeKey: string;
  readonly namespace: string;
  readonly entry: StoredEntry;
  /** The object before the change (MODIFIED/DELETED), for controllers. */
  readonly previous?: Readonly<StoredObject>;
}

export type StoreListener = (event: StoreEvent) => void;

export interface WriteOptions {
  /** Validate and compute the result without persisting (dryRun=All). */
  readonly dryRun?: boolean;
}

const nsName = (namespace: string, name: string): string => `${namespace}/${name}`;
const specOf = (o: StoredObject): string => JSON.stringify({ ...o, metadata: undefined, status: undefined });
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
  get(ref: ObjectRef): Readonly<StoredObject> | undefined {
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

  list(apiVersion: string, kind: string, namespace?: string): Readonly<StoredObject>[] {
    return this.entries(this.mustType(apiVersion, kind), namespace).map((e) => e.object);
  }

  /**
   * The objects of list(), one at a time: at a million generated pods, a scan must not hold them all
   * (each is built on read); keep only what you need.
   */
  *each(apiVersion: string, kind: string, namespace?: string): Generator<Readonly<StoredObject>> {
    for (const e of this.entries(this.mustType(apiVersion, kind), namespace)) yield e.object;
  }

  /** The objects written so far (the controllers' start-up pass: generated objects are settled, storedEntry.ts). */
  *written(apiVersion: string, kind: string): Generator<Readonly<StoredObject>> {
    for (const e of this.entries(this.mustType(apiVersion, kind))) if (!e.generated) yield e.object;
  }

  /** The objects that match, found by a scan that holds one object at a time. */
  select(apiVersion: string, kind: string, namespace: string | undefined, matches: (o: Readonly<StoredObject>) => boolean): Readonly<StoredObject>[] {
    const out: Readonly<StoredObject>[] = [];
    for (const o of this.each(apiVersion, kind, namespace)) if (matches(o)) out.push(o);
    return out;
  }

  // ---- writes ----
  create(input: StoredObject, options: WriteOptions = {}): Readonly<StoredObject> {
    const t = this.mustType(input.apiVersion, input.kind);
    const obj = structuredClone(input) as StoredObject;
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
  update(input: StoredObject, options: WriteOptions & { subresource?: string } = {}): Readonly<StoredObject> {
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
    let obj = structuredClone(input) as StoredObject;
    const old = current.object;
    // Status writes keep spec; spec writes keep status (the apiserver's status strategy).
    if (options.subresource === 'status') {
      obj = {
        ...structuredClone(old),
        status: obj.status,
        metadata: { ...structuredClone(old.metadata), ...pick(obj.metadata, ['labels', 'annotations', 'managedFields']) },
      } as StoredObject;
    } else if ('status' in old && t.subresources.includes('status')) obj.status = structuredClone(old.status);
    const meta = obj.metadata;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    if (t.namespaced) meta.namespace = namespace;
    else delete meta.namespace;
    delete meta.resourceVersion;
    if (t.hasGeneration) meta.generation = (old.metadata.generation ?? 1) + (specOf(obj) !== specOf(old as StoredObject) ? 1 : 0);
    const unchanged = canonicalJson(obj) === canonicalJson({ ...old, metadata: { ...old.metadata, resourceVersion: undefined } });
    if (unchanged || options.dryRun) return unchanged ? old : { ...obj, metadata: { ...meta, resourceVersion: String(current.rv) } };
    return this.commit(t, 'MODIFIED', obj, old).object;
  }

  delete(ref: ObjectRef, options: WriteOptions & { uid?: string; resourceVersion?: string } = {}): Readonly<StoredObject> {
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
    const object = structuredClone(current.object) as StoredObject;
    object.metadata.resourceVersion = String(this.rv);
    const entry: StoredEntry = new WrittenEntry(object, this.rv);
    this.emit({ type: 'DELETED', rv: this.rv, typeKey: key, namespace, entry, previous: current.object });
    if (t.kind === 'CustomResourceDefinition') this.unregisterCrd(current.object as StoredObject);
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

  private commit(t: ResourceType, type: StoreEventType, obj: StoredObject, previous: Readonly<StoredObject> | undefined): StoredEntry {
    const key = typeKey(t);
    const namespace = obj.metadata.namespace ?? '';
    this.rv++;
    obj.metadata = reorderMeta({ ...obj.metadata, resourceVersion: String(this.rv) });
    const ordered = typeFirst(obj);
    const entry: StoredEntry = new WrittenEntry(ordered, this.rv);
    const map = this.objects.get(key) as Map<string, StoredEntry>;
    const k = nsName(namespace, obj.metadata.name);
    if (!map.has(k)) this.sortedKeys.delete(key);
    map.set(k, entry);
    if (t.kind === 'CustomResourceDefinition') { for (const crdType of resourceTypesFromCrd(ordered)) this.registerType(crdType); }
    this.emit({ type, rv: this.rv, typeKey: key, namespace, entry, previous });
    return entry;
  }

  private unregisterCrd(crd: StoredObject): void {
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
  seed(objects: Iterable<StoredObject>): void {
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
      (this.objects.get(key) as Map<string, StoredEntry>).set(nsName(o.metadata.namespace ?? '', o.metadata.name), new WrittenEntry(ordered, this.rv));
      this.sortedKeys.delete(key);
      if (o.kind === 'CustomResourceDefinition') { for (const crdType of resourceTypesFromCrd(ordered)) this.registerType(crdType); }
    }
    this.compactedRv = this.rv;
  }

  /**
   * Bulk insert of generated objects, kept as their index (storedEntry.ts) until written: named by
   * keyAt(), the first and last built to check the generator. Two with one name are the scenario's bug, not silently one.
   */
  seedGenerated(sources: readonly GeneratedObjects[]): void {
    for (const source of sources) {
      if (source.count === 0) continue;
      const t = this.mustType(source.apiVersion, source.kind);
      for (const i of new Set([0, source.count - 1])) {
        const o = source.at(i);
        const k = source.keyAt(i);
        if (o.kind !== t.kind || o.apiVersion !== source.apiVersion || o.metadata.name !== k.name || (o.metadata.namespace ?? '') !== k.namespace) {
          throw new Error(
            `generated ${source.kind} ${i}: at() built ${o.kind} "${o.metadata.namespace ?? ''}/${o.metadata.name}", keyAt() says "${k.namespace}/${k.name}"`,
          );
        }
        if (!o.metadata.uid || !o.metadata.creationTimestamp || (t.namespaced && !k.namespace)) {
          throw new Error(`generated ${o.kind} "${k.name}": a generator sets namespace, uid and creationTimestamp (they must read the same every time)`);
        }
      }
      const key = typeKey(t);
      const map = this.objects.get(key) as Map<string, StoredEntry>;
      const shared = new GeneratedSource(source);
      for (let i = 0; i < source.count; i++) {
        const { namespace, name } = source.keyAt(i);
        const k = nsName(t.namespaced ? namespace : '', name);
        if (map.has(k)) throw new Error(`generated ${source.kind} "${k}" twice: the scenario's names collide`);
        this.rv++;
        map.set(k, new GeneratedEntry(shared, i, this.rv));
      }
      this.sortedKeys.delete(key);
    }
    this.compactedRv = this.rv;
  }
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
