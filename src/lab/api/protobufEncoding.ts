// The lab's Kubernetes protobuf: stored JSON objects encoded by the generated schema of
// k8s.io/api v0.32.0 (protobufSchema.ts), in the `k8s\0` + runtime.Unknown envelope, as the
// apiserver serves built-in kinds to clients that ask for application/vnd.kubernetes.protobuf.
// JSON forms that differ from the message: Time (RFC 3339 → seconds/nanos), Quantity,
// IntOrString, FieldsV1 and RawExtension (JSON bytes), bytes (base64), and inline structs.
import { ProtoWriter, writeMessage } from './protobufWriter';

function varint(n: number | bigint): Buffer {
  if (typeof n === 'number' && n >= 0 && n < 0x80) return Buffer.from([n]);
  // Lengths (one per list item): without BigInt, which cost more than the item's own bytes.
  if (typeof n === 'number' && n > 0 && n < 2 ** 31) {
    const out: number[] = [];
    for (; n >= 0x80; n >>>= 7) out.push((n & 0x7f) | 0x80);
    out.push(n);
    return Buffer.from(out);
  }
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

const key = (no: number, wire: number): Buffer => varint(no * 8 + wire);
const lenField = (no: number, payload: Buffer): Buffer => Buffer.concat([key(no, 2), varint(payload.length), payload]);
const varField = (no: number, n: number | bigint): Buffer => Buffer.concat([key(no, 0), varint(n)]);

const writer = new ProtoWriter();

/** A message of the schema's type from its JSON form; unknown JSON keys are not encoded. */
export function encodeMessage(type: string, obj: Record<string, unknown>): Buffer {
  writeMessage(writer, type, obj);
  return writer.take();
}

const magic = Buffer.from('k8s\0', 'latin1');

/** `k8s\0` + runtime.Unknown {typeMeta {apiVersion 1, kind 2} 1, raw 2, contentEncoding 3, contentType 4}, as pieces. */
export function envelopeParts(apiVersion: string, kind: string, raw: readonly Buffer[]): Buffer[] {
  const rawLength = raw.reduce((n, p) => n + p.length, 0);
  const typeMeta = lenField(1, Buffer.concat([lenField(1, Buffer.from(apiVersion)), lenField(2, Buffer.from(kind))]));
  return [magic, typeMeta, key(2, 2), varint(rawLength), ...raw, lenField(3, Buffer.alloc(0)), lenField(4, Buffer.alloc(0))];
}

export const envelope = (apiVersion: string, kind: string, raw: Buffer): Buffer => Buffer.concat(envelopeParts(apiVersion, kind, [raw]));

/** One object's message bytes, cached per stored object (stored objects are replaced, never mutated). */
const cache = new WeakMap<object, Buffer>();
export function encodeObject(kind: string, obj: Record<string, unknown>): Buffer {
  let bytes = cache.get(obj);
  if (!bytes) {
    bytes = encodeMessage(kind, obj);
    cache.set(obj, bytes);
  }
  return bytes;
}

/** A List in its envelope, as pieces: ListMeta {resourceVersion 2, continue 3, remainingItemCount 4} 1, items 2. */
export function encodeListParts(
  kind: string,
  meta: { resourceVersion: string; continue?: string; remainingItemCount?: number },
  items: readonly Record<string, unknown>[],
): Buffer[] {
  return encodeListPartsOf(kind, meta, items.map((item) => encodeObject(kind, item)));
}

/** The same, of the items' message bytes already encoded (StoredEntry.protobuf). */
export function encodeListPartsOf(
  kind: string,
  meta: { resourceVersion: string; continue?: string; remainingItemCount?: number },
  items: readonly Buffer[],
): Buffer[] {
  const listMeta = Buffer.concat([
    lenField(2, Buffer.from(meta.resourceVersion)),
    ...(meta.continue ? [lenField(3, Buffer.from(meta.continue))] : []),
    ...(meta.remainingItemCount !== undefined ? [varField(4, meta.remainingItemCount)] : []),
  ]);
  const parts: Buffer[] = [lenField(1, listMeta)];
  const itemKey = key(2, 2);
  for (const bytes of items) parts.push(itemKey, varint(bytes.length), bytes);
  return envelopeParts('v1', `${kind}List`, parts);
}

/** A watch frame: 4-byte big-endian length + meta/v1 WatchEvent {type 1, object 2 {raw 1}} (no envelope of its own). */
export function watchFrame(type: string, objectEnvelope: Buffer): Buffer {
  const event = Buffer.concat([lenField(1, Buffer.from(type)), lenField(2, lenField(1, objectEnvelope))]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(event.length);
  return Buffer.concat([head, event]);
}

/**
 * watchFrame(type, envelope(apiVersion, kind, objectBytes)) written in one copy: a watch-list start
 * frames every stored object, and the nested concatenations were most of the lab's cost there.
 */
export function objectWatchFrame(type: string, apiVersion: string, kind: string, objectBytes: Buffer): Buffer {
  const env = envelopeParts(apiVersion, kind, [objectBytes]);
  const envLength = env.reduce((n, p) => n + p.length, 0);
  const rawHead = [key(1, 2), varint(envLength)]; // RawExtension {raw 1}
  const rawLength = rawHead[0]!.length + rawHead[1]!.length + envLength;
  const parts = [lenField(1, Buffer.from(type)), key(2, 2), varint(rawLength), ...rawHead, ...env];
  const eventLength = parts.reduce((n, p) => n + p.length, 0);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(eventLength);
  return Buffer.concat([head, ...parts], 4 + eventLength);
}

/** The kinds the lab serves as protobuf (built-in kinds Podnet decodes); everything else stays JSON. */
export const protobufKinds = new Set(['Node', 'Pod']);

/** True when the client's first choice is plain Kubernetes protobuf (not a Table, not JSON). */
export function prefersProtobuf(accept: string | undefined): boolean {
  const first = (accept ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first === 'application/vnd.kubernetes.protobuf' || first === 'application/vnd.kubernetes.protobuf;stream=watch';
}
