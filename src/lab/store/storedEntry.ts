// What the store keeps per object. Written objects are kept as the object plus its JSON, serialised
// once on first read; a generated scenario's untouched objects (65,000 nodes, a million pods) are
// kept as their generator's index only and built again on each read, so the lab holds them in a few
// hundred MB instead of tens of GB; with templates, their JSON and protobuf are filled in from their
// variant's (objectTemplate.ts) rather than encoded afresh. Both read the same: clients cannot tell them apart.
import type { StoredObject } from './storedObject';
import { withResourceVersion } from './objectMeta';
import { encodeMessage, encodeObject } from '../api/protobufEncoding';
import { TemplateEncoder } from './objectTemplate';

export interface StoredEntry {
  readonly object: Readonly<StoredObject>;
  /** The object's JSON, as served. */
  readonly json: Buffer;
  /** The object's protobuf message by its kind's schema (only for the kinds the lab serves as protobuf). */
  readonly protobuf: Buffer;
  readonly rv: number;
  /** Set on a generated object nobody wrote to: by the generator's contract, settled (nothing for the controllers to do). */
  readonly generated?: true;
}

/** An object as written: serialised lazily (a seeded cluster starts without stringifying everything), then served as is. */
export class WrittenEntry implements StoredEntry {
  private bytes: Buffer | undefined;
  constructor(readonly object: Readonly<StoredObject>, readonly rv: number) {}
  get json(): Buffer {
    return (this.bytes ??= Buffer.from(JSON.stringify(this.object)));
  }
  get protobuf(): Buffer {
    return encodeObject(this.object.kind, this.object as unknown as Record<string, unknown>);
  }
}

/**
 * Objects a scenario generates on demand, all of one kind. `at(i)` builds the i-th object afresh on
 * every call and must return the same content every time (uid, creationTimestamp and names derived
 * from i, never random or from the clock), leaving metadata.resourceVersion to the store; `keyAt(i)`
 * names it without building it. They describe a settled cluster: bound, running pods on ready nodes,
 * each DaemonSet's pod in place, so the controllers' start-up pass skips them (they still see every
 * later change, and a written object is an ordinary one).
 */
export interface GeneratedObjects {
  readonly apiVersion: string;
  readonly kind: string;
  readonly count: number;
  at(index: number): StoredObject;
  keyAt(index: number): { readonly namespace: string; readonly name: string };
  /** How to encode object i without building it; without, each read builds and encodes it. */
  readonly templates?: GeneratedTemplates;
}

/**
 * A generator's objects as templates (objectTemplate.ts). Objects of one variant differ only in
 * the strings slotsOf() lists: the same keys, arrays of the same lengths, no string derived from
 * another by the encoder. templateAt(i, marker) must be at(i) with slotsOf(i)[k] replaced by marker(k).
 */
export interface GeneratedTemplates {
  variantOf(index: number): number;
  templateAt(index: number, marker: (k: number) => string): StoredObject;
  slotsOf(index: number): string[];
}

/** A generator with its template encoder, shared by its entries. */
export class GeneratedSource {
  readonly encoder: TemplateEncoder | undefined;
  constructor(readonly objects: GeneratedObjects) {
    this.encoder = objects.templates ? new TemplateEncoder(objects, objects.templates) : undefined;
  }
}

/** A generated object nobody wrote to yet: its index and resourceVersion, the object rebuilt on each read. */
export class GeneratedEntry implements StoredEntry {
  readonly generated = true;
  constructor(private readonly source: GeneratedSource, private readonly index: number, readonly rv: number) {}
  get object(): Readonly<StoredObject> {
    return generatedObject(this.source.objects, this.index, this.rv);
  }
  get json(): Buffer {
    return this.source.encoder?.json(this.index, this.rv) ?? Buffer.from(JSON.stringify(this.object));
  }
  get protobuf(): Buffer {
    return this.source.encoder?.protobuf(this.index, this.rv) ?? encodeMessage(this.source.objects.kind, this.object as unknown as Record<string, unknown>);
  }
}

/** The i-th generated object with its resourceVersion, in the apiserver's key order. */
export const generatedObject = (source: GeneratedObjects, index: number, rv: number): StoredObject => withResourceVersion(source.at(index), String(rv));
